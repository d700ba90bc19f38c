"""The web login forms (dashboard, Wagtail, Django admin) have the API's
login limits: a per-IP rate and the per email+IP failure block, each a 429
with Retry-After."""

import pytest

from tests.conftest import PASSWORD

LOGIN_FORMS = ["/dashboard/login/", "/cms/login/", "/admin/login/"]


@pytest.fixture
def login_rate(settings):
    def set_rate(rate):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                "login": rate,
                "password_reset": rate,
            },
        }

    return set_rate


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_a_login_form_is_rate_limited_per_client_ip(client, superuser, login_rate, url):
    user = superuser
    login_rate("3/min")
    for n in range(3):
        response = client.post(
            url,
            {"username": f"guess{n}@example.com", "password": "x"},
            REMOTE_ADDR="10.20.0.1",
        )
        assert response.status_code == 200, response.status_code

    refused = client.post(
        url, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.20.0.1"
    )

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "_auth_user_id" not in client.session
    # another address is not limited
    other = client.post(
        url, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.20.0.2"
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_the_login_rate_is_shared_with_the_api(client, api_client, user, login_rate):
    login_rate("2/min")
    for _ in range(2):
        api_client.post(
            "/api/v1/auth/login",
            {"email": user.email, "password": PASSWORD},
            format="json",
            REMOTE_ADDR="10.21.0.1",
        )

    refused = client.post(
        "/dashboard/login/",
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="10.21.0.1",
    )

    assert refused.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_ten_failures_on_a_form_block_that_email_from_that_ip(
    client, superuser, login_rate, url
):
    login_rate("1000/min")  # the per-IP rate is another test's business
    user = superuser
    for _ in range(10):
        client.post(
            url, {"username": user.email, "password": "wrong"}, REMOTE_ADDR="10.22.0.1"
        )

    refused = client.post(
        url, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.22.0.1"
    )

    assert refused.status_code == 429
    assert 800 < int(refused["Retry-After"]) <= 900
    owner = client.post(
        url, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.22.0.2"
    )
    assert owner.status_code == 302


@pytest.mark.django_db
def test_wagtail_password_reset_form_is_rate_limited(client, login_rate):
    login_rate("2/min")
    for _ in range(2):
        client.post(
            "/cms/password_reset/",
            {"email": "someone@example.com"},
            REMOTE_ADDR="10.23.0.1",
        )

    refused = client.post(
        "/cms/password_reset/",
        {"email": "someone@example.com"},
        REMOTE_ADDR="10.23.0.1",
    )

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


@pytest.mark.django_db
def test_get_of_a_login_form_is_never_limited(client, login_rate):
    login_rate("1/min")
    for _ in range(3):
        assert (
            client.get("/dashboard/login/", REMOTE_ADDR="10.24.0.1").status_code == 200
        )
