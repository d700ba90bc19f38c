import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import UserFactory


def role_client(*roles: str) -> Client:
    """A logged-in dashboard client for a staff user holding `roles`."""
    user = UserFactory(is_staff=True)
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def merchandiser(db):
    return role_client("Catalogue manager")


@pytest.fixture
def order_manager(db):
    return role_client("Order manager")


@pytest.fixture
def support(db):
    return role_client("Support")


@pytest.fixture
def admin_client_(db, superuser):
    client = Client()
    client.force_login(superuser)
    return client
