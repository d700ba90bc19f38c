"""Shared fixtures. Tests hit the real database: PostgreSQL when DATABASE_URL
is set (as in CI), else SQLite."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from rest_framework.test import APIClient

from project.celery import app as celery_app
from tests.factories import UserFactory

PASSWORD = "correct-Horse-battery-9"

# A read replica for the router's tests: Django's test mirror of the default
# database (another connection to the same test database). The router only
# sends reads there in tests that list it in DATABASE_REPLICAS.
REPLICA = "replica"
django_settings.DATABASES.setdefault(
    REPLICA,
    {**django_settings.DATABASES["default"], "TEST": {"MIRROR": "default"}},
)


def pytest_configure(config):
    # Tasks (emails) run inline in tests, whatever broker the environment names.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Each test gets an empty cache (throttle counters, catalogue caches),
    its own media folder and static files without collectstatic."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Production hashing costs ~0.3 s a password; tests check behaviour, not cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **django_settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    cache.clear()


requires_postgres = pytest.mark.skipif(
    not django_settings.IS_POSTGRES,
    reason="needs PostgreSQL's row locks (SELECT ... FOR UPDATE); set DATABASE_URL",
)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory(password=PASSWORD)


@pytest.fixture
def staff_user(db):
    return UserFactory(password=PASSWORD, is_staff=True)


@pytest.fixture
def superuser(db):
    return UserFactory(password=PASSWORD, is_staff=True, is_superuser=True)


def bearer_client(user) -> APIClient:
    """An API client that sends a fresh access token of `user`."""
    from rest_framework_simplejwt.tokens import RefreshToken

    client = APIClient()
    token = RefreshToken.for_user(user).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def user_client(user):
    return bearer_client(user)


@pytest.fixture
def staff_client(staff_user):
    return bearer_client(staff_user)


@pytest.fixture(scope="session", autouse=True)
def _migration_data_back_after_the_session(django_db_blocker):
    """Transactional tests (races, browser) empty the tables when they end;
    the next test that needs the migrations' data (countries, roles, pages)
    reloads it, but a database kept with --reuse-db would stay empty. Put it
    back once the session ends."""
    yield
    from django.contrib.auth.models import Group
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:  # no test database was set up (or none serialized)
        return
    with django_db_blocker.unblock():
        try:
            emptied = not Group.objects.exists()
        except Exception:  # the test database is gone already
            return
        if emptied:
            connection.creation.deserialize_db_from_string(contents)
