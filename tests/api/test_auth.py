"""Auth endpoints (docs/api.md "Auth and accounts"): register, login, refresh,
logout, password reset and change."""

import re
import uuid

import pytest
from django.core import mail
from rest_framework.test import APIClient

from project.accounts.models import Profile, User
from tests.conftest import PASSWORD, bearer_client
from tests.helpers import assert_error

NEW_PASSWORD = "another-Strong-pass-42"


def login(client, email, password, ip="10.0.0.1"):
    return client.post(
        "/api/v1/auth/login",
        {"email": email, "password": password},
        format="json",
        REMOTE_ADDR=ip,
    )


# --- register ---------------------------------------------------------------


@pytest.mark.django_db
def test_register_creates_a_user_with_a_profile(api_client):
    response = api_client.post(
        "/api/v1/auth/register",
        {"email": "New.Customer@Example.com", "password": PASSWORD},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "email": "new.customer@example.com"}
    uuid.UUID(body["id"])
    user = User.objects.get(email="new.customer@example.com")
    assert str(user.uuid) == body["id"]
    assert not user.is_staff and not user.groups.exists()
    assert Profile.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_register_refuses_an_email_taken_in_another_case(api_client, user):
    response = api_client.post(
        "/api/v1/auth/register",
        {"email": user.email.upper(), "password": PASSWORD},
        format="json",
    )

    assert_error(response, 400, code="unique", attr="email")
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field",
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "weak@example.com", "password": "123"}, "password"),
        ({"email": "common@example.com", "password": "password1"}, "password"),
        (
            {"email": "similar@example.com", "password": "similar@example.com"},
            "password",
        ),
        ({"password": PASSWORD}, "email"),
        ({"email": "nopass@example.com"}, "password"),
    ],
)
def test_register_refuses_bad_input(api_client, payload, field):
    response = api_client.post("/api/v1/auth/register", payload, format="json")

    assert_error(response, 400, attr=field)
    assert not User.objects.exists()


# --- login ------------------------------------------------------------------


@pytest.mark.django_db
def test_login_returns_tokens_that_authenticate(api_client, user):
    response = login(api_client, user.email.upper(), PASSWORD)

    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) >= {"access", "refresh"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert client.get("/api/v1/profile/").json()["email"] == user.email


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["customer@example.com", "nobody@example.com"])
def test_login_with_bad_credentials_is_401(api_client, user, email):
    response = login(api_client, email, "wrong-password")

    assert_error(response, 401, code="no_active_account")


@pytest.mark.django_db
def test_login_of_a_deactivated_user_is_401(api_client, user):
    user.is_active = False
    user.save()

    assert_error(login(api_client, user.email, PASSWORD), 401)


@pytest.mark.django_db
def test_login_is_locked_per_email_after_ten_failures_from_any_ip(api_client, user):
    for attempt in range(10):
        response = login(api_client, user.email, "wrong", ip=f"10.0.1.{attempt}")
        assert response.status_code == 401

    # even the right password, from a new address, is refused for now
    response = login(api_client, user.email, PASSWORD, ip="10.0.2.1")

    assert_error(response, 429, code="throttled")
    # another account is not affected
    other = User.objects.create_user(email="other@example.com", password=PASSWORD)
    assert login(api_client, other.email, PASSWORD, ip="10.0.2.2").status_code == 200


@pytest.mark.django_db
def test_login_lock_ends_when_the_window_passes(api_client, user, settings):
    from django.core.cache import cache

    for _ in range(10):
        login(api_client, user.email, "wrong")
    assert login(api_client, user.email, PASSWORD).status_code == 429

    cache.clear()  # what the window's expiry does

    assert login(api_client, user.email, PASSWORD).status_code == 200


@pytest.mark.django_db
def test_login_is_throttled_per_client_ip(api_client, user, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "3/min",
        },
    }
    for _ in range(3):
        assert login(api_client, user.email, PASSWORD, ip="10.9.9.9").status_code == 200

    body = assert_error(login(api_client, user.email, PASSWORD, ip="10.9.9.9"), 429)

    assert body["errors"][0]["code"] == "throttled"
    assert login(api_client, user.email, PASSWORD, ip="10.9.9.8").status_code == 200


@pytest.mark.django_db
def test_register_is_throttled_per_client_ip(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "register": "2/min",
        },
    }
    for n in range(2):
        response = api_client.post(
            "/api/v1/auth/register",
            {"email": f"r{n}@example.com", "password": PASSWORD},
            format="json",
        )
        assert response.status_code == 201

    response = api_client.post(
        "/api/v1/auth/register",
        {"email": "r3@example.com", "password": PASSWORD},
        format="json",
    )

    assert_error(response, 429, code="throttled")
    assert not User.objects.filter(email="r3@example.com").exists()


# --- refresh and logout -----------------------------------------------------


@pytest.mark.django_db
def test_refresh_rotates_and_the_old_refresh_token_stops_working(api_client, user):
    first = login(api_client, user.email, PASSWORD).json()

    response = api_client.post("/api/v1/auth/refresh", {"refresh": first["refresh"]})

    assert response.status_code == 200
    second = response.json()
    assert set(second) >= {"access", "refresh"}
    assert second["refresh"] != first["refresh"]
    reused = api_client.post("/api/v1/auth/refresh", {"refresh": first["refresh"]})
    assert_error(reused, 401, code="token_not_valid")
    assert (
        api_client.post(
            "/api/v1/auth/refresh", {"refresh": second["refresh"]}
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_refresh_with_garbage_is_401(api_client):
    assert_error(api_client.post("/api/v1/auth/refresh", {"refresh": "nope"}), 401)


@pytest.mark.django_db
def test_logout_blacklists_the_refresh_token(api_client, user):
    tokens = login(api_client, user.email, PASSWORD).json()

    response = api_client.post("/api/v1/auth/logout", {"refresh": tokens["refresh"]})

    assert response.status_code == 204
    after = api_client.post("/api/v1/auth/refresh", {"refresh": tokens["refresh"]})
    assert_error(after, 401, code="token_not_valid")


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [{}, {"refresh": "garbage"}])
def test_logout_with_a_bad_token_is_400(api_client, payload):
    assert_error(
        api_client.post("/api/v1/auth/logout", payload, format="json"),
        400,
        attr="refresh",
    )


# --- password reset ---------------------------------------------------------


def reset_params_from_mail(message):
    match = re.search(r"\?uid=([^&\s]+)&token=([^\s]+)", message.body)
    assert match, message.body
    return match.group(1), match.group(2)


@pytest.mark.django_db
def test_password_reset_is_202_for_an_unknown_address_and_sends_nothing(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/auth/password-reset", {"email": "ghost@example.com"}
        )

    assert response.status_code == 202
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_flow(
    api_client, user, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_URL = "https://shop.example/reset"
    old_session = login(api_client, user.email, PASSWORD, ip="10.1.0.1").json()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/auth/password-reset", {"email": user.email.upper()}
        )
    assert response.status_code == 202
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "https://shop.example/reset?uid=" in mail.outbox[0].body
    uid, token = reset_params_from_mail(mail.outbox[0])

    confirm = api_client.post(
        "/api/v1/auth/password-reset/confirm",
        {"uid": uid, "token": token, "password": NEW_PASSWORD},
    )

    assert confirm.status_code == 204
    assert login(api_client, user.email, NEW_PASSWORD, ip="10.1.0.2").status_code == 200
    assert login(api_client, user.email, PASSWORD, ip="10.1.0.3").status_code == 401
    # the link works once
    again = api_client.post(
        "/api/v1/auth/password-reset/confirm",
        {"uid": uid, "token": token, "password": "yet-Another-pass-77"},
    )
    assert_error(again, 400, attr="token")
    # sessions opened before the reset end
    refreshed = api_client.post(
        "/api/v1/auth/refresh", {"refresh": old_session["refresh"]}
    )
    assert refreshed.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "uid, token",
    [
        ("MQ", "bad-token"),
        ("!!", "x"),
        ("", ""),
        ("OTk5OTk5", "abc-def"),
        ("MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA", "a-b"),
    ],
)
def test_password_reset_confirm_with_a_bad_token_is_400(api_client, user, uid, token):
    response = api_client.post(
        "/api/v1/auth/password-reset/confirm",
        {"uid": uid, "token": token, "password": NEW_PASSWORD},
    )

    assert_error(response, 400)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_reset_confirm_refuses_a_weak_password(api_client, user):
    from project.accounts.tokens import password_reset_link_params

    params = password_reset_link_params(user=user)

    response = api_client.post(
        "/api/v1/auth/password-reset/confirm", {**params, "password": "12345678"}
    )

    assert_error(response, 400, attr="password")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- password change --------------------------------------------------------


@pytest.mark.django_db
def test_password_change(user):
    client = bearer_client(user)

    response = client.post(
        "/api/v1/auth/password-change",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 204
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field",
    [
        ({"old_password": "wrong", "new_password": NEW_PASSWORD}, "old_password"),
        ({"old_password": PASSWORD, "new_password": "short"}, "new_password"),
        ({"old_password": PASSWORD}, "new_password"),
    ],
)
def test_password_change_bad_input(user, payload, field):
    response = bearer_client(user).post("/api/v1/auth/password-change", payload)

    assert_error(response, 400, attr=field)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_needs_authentication(api_client):
    response = api_client.post(
        "/api/v1/auth/password-change",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert_error(response, 401, code="not_authenticated")


@pytest.mark.django_db
def test_failures_on_any_login_page_lock_every_login_page(api_client, client, user):
    for _ in range(10):
        client.post("/dashboard/login/", {"username": user.email, "password": "wrong"})

    assert_error(login(api_client, user.email, PASSWORD), 429, code="throttled")
    refused = client.post(
        "/dashboard/login/", {"username": user.email, "password": PASSWORD}
    )
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert not client.post(
        "/admin/login/", {"username": user.email, "password": PASSWORD}
    ).has_header("Location")


@pytest.mark.django_db
def test_a_web_session_does_not_open_the_api(client, user):
    client.force_login(user)

    assert_error(client.get("/api/v1/profile/"), 401)
