"""The site's URL map: health, docs, dashboard, Django admin, Wagtail."""

import pytest
from django.test import Client

from forked_apps.basket.models import Basket


@pytest.mark.django_db
def test_health_is_200_when_database_and_cache_answer(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }


@pytest.mark.django_db
def test_health_is_503_when_the_cache_is_down(client, settings):
    # a Redis server nobody listens on
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unavailable"}


@pytest.mark.django_db
def test_cookieless_requests_create_no_basket_or_session(client):
    for url in ("/health/", "/api/v1/schema/", "/api/v1/pages/"):
        Client().get(url)

    assert Basket.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/"])
def test_api_documentation_is_served(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_docs_use_local_assets_only(client):
    for url, local_asset in (
        ("/api/v1/docs/", "/static/drf_spectacular_sidecar/"),
        # the sidecar's ReDoc bundle, served without Redocly's logo URL
        ("/api/v1/redoc/", "/api/v1/redoc/redoc.standalone.js"),
    ):
        html = client.get(url).content.decode()
        assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
        assert local_asset in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, login_url",
    [
        ("/dashboard/", "/dashboard/login/"),
        ("/cms/", "/cms/login/"),
        ("/admin/", "/admin/login/"),
    ],
)
def test_back_offices_send_anonymous_users_to_log_in(client, url, login_url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(login_url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/dashboard/catalogue/",
        "/dashboard/orders/",
        "/dashboard/users/",
        "/dashboard/reviews/",
        "/dashboard/reports/",
        "/cms/",
        "/cms/pages/",
        "/admin/",
        "/admin/accounts/user/",
    ],
)
def test_back_offices_load_for_staff(client, superuser, url):
    client.force_login(superuser)

    response = client.get(url)

    assert response.status_code == 200, response.content[:300]


@pytest.mark.django_db
def test_customers_cannot_open_the_dashboard(client, user):
    client.force_login(user)

    response = client.get("/dashboard/")

    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_wagtail_serves_the_home_page(client):
    response = client.get("/")

    assert response.status_code == 200
    assert b"Home" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/orders/payments/?q=%00",
        "/dashboard/orders/?order_number=%00",
        "/api/v1/products/?search=a%00b",
    ],
)
def test_a_nul_character_in_the_query_string_is_a_400(client, superuser, url):
    client.force_login(superuser)

    assert client.get(url).status_code == 400
