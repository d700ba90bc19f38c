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


@pytest.fixture
def generous_ip_rate(settings):
    """A per-IP login rate that does not get in the way of the per-email tests."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "1000/min",
        },
    }


@pytest.mark.django_db
def test_ten_failures_block_that_email_from_that_ip_only(
    api_client, user, generous_ip_rate
):
    for _ in range(10):
        assert login(api_client, user.email, "wrong", ip="10.0.1.1").status_code == 401

    # even the right password, from that address, is refused for now
    response = login(api_client, user.email, PASSWORD, ip="10.0.1.1")

    assert_error(response, 429, code="throttled")
    assert 800 < int(response["Retry-After"]) <= 900
    # the owner, from another address, still gets in
    assert login(api_client, user.email, PASSWORD, ip="10.0.2.1").status_code == 200
    # another account from the same address is not affected
    other = User.objects.create_user(email="other@example.com", password=PASSWORD)
    assert login(api_client, other.email, PASSWORD, ip="10.0.1.1").status_code == 200


@pytest.mark.django_db
def test_failures_spread_over_many_ips_do_not_lock_the_owner_out(api_client, user):
    # an attacker on 10 addresses, 9 tries each: under every per-pair limit and
    # under the account-wide ceiling (LOGIN_FAILURE_ACCOUNT_LIMIT, 100)
    for attempt in range(90):
        login(api_client, user.email, "wrong", ip=f"10.3.{attempt // 9}.1")

    assert login(api_client, user.email, PASSWORD, ip="10.0.2.1").status_code == 200


@pytest.mark.django_db
def test_an_account_wide_ceiling_stops_guessing_spread_over_many_ips(
    api_client, user, settings
):
    settings.LOGIN_FAILURE_ACCOUNT_LIMIT = 20
    for attempt in range(20):
        login(api_client, user.email, "wrong", ip=f"10.4.{attempt}.1")

    response = login(api_client, user.email, PASSWORD, ip="10.4.99.1")

    assert_error(response, 429, code="throttled")
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_x_forwarded_for_is_ignored_without_trusted_proxies(api_client, user):
    # an attacker cannot pick a new "client IP" for each guess
    for attempt in range(10):
        api_client.post(
            "/api/v1/auth/login",
            {"email": user.email, "password": "wrong"},
            format="json",
            REMOTE_ADDR="10.5.0.1",
            HTTP_X_FORWARDED_FOR=f"10.6.{attempt}.1",
        )

    response = api_client.post(
        "/api/v1/auth/login",
        {"email": user.email, "password": PASSWORD},
        format="json",
        REMOTE_ADDR="10.5.0.1",
        HTTP_X_FORWARDED_FOR="10.6.99.1",
    )

    assert_error(response, 429, code="throttled")


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_client_ip_is_the_forwarded_one(
    api_client, user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(10):
        api_client.post(
            "/api/v1/auth/login",
            {"email": user.email, "password": "wrong"},
            format="json",
            REMOTE_ADDR="10.7.0.1",  # the load balancer
            # the first entry is whatever the client wrote: ignored
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
        )

    def login_via_proxy(forwarded_for):
        return api_client.post(
            "/api/v1/auth/login",
            {"email": user.email, "password": PASSWORD},
            format="json",
            REMOTE_ADDR="10.7.0.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    assert login_via_proxy("9.9.9.9, 203.0.113.9").status_code == 429
    assert login_via_proxy("203.0.113.10").status_code == 200


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

    response = login(api_client, user.email, PASSWORD, ip="10.9.9.9")

    body = assert_error(response, 429)
    assert body["errors"][0]["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
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
    assert 0 < int(response["Retry-After"]) <= 60
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
def test_failures_on_any_login_page_block_every_login_page(
    api_client, client, superuser, generous_ip_rate
):
    user = superuser
    for _ in range(10):
        client.post(
            "/dashboard/login/",
            {"username": user.email, "password": "wrong"},
            REMOTE_ADDR="10.8.0.1",
        )

    assert_error(
        login(api_client, user.email, PASSWORD, ip="10.8.0.1"), 429, code="throttled"
    )
    for url in ("/dashboard/login/", "/admin/login/", "/cms/login/"):
        refused = client.post(
            url, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.8.0.1"
        )
        assert refused.status_code == 429, url
        assert int(refused["Retry-After"]) > 0
        assert "_auth_user_id" not in client.session
    # from another address the owner gets in
    assert login(api_client, user.email, PASSWORD, ip="10.8.0.2").status_code == 200


@pytest.mark.django_db
def test_a_web_session_does_not_open_the_api(client, user):
    client.force_login(user)

    assert_error(client.get("/api/v1/profile/"), 401)


# --- access tokens end with their sessions ----------------------------------


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.mark.django_db
def test_logout_all_ends_every_access_and_refresh_token_at_once(api_client, user):
    phone = login(api_client, user.email, PASSWORD, ip="10.10.0.1").json()
    laptop = login(api_client, user.email, PASSWORD, ip="10.10.0.2").json()
    assert bearer(phone["access"]).get("/api/v1/profile/").status_code == 200

    response = bearer(laptop["access"]).post("/api/v1/auth/logout-all")

    assert response.status_code == 204
    for session in (phone, laptop):
        assert_error(
            bearer(session["access"]).get("/api/v1/profile/"),
            401,
            code="token_not_valid",
        )
        assert_error(
            api_client.post("/api/v1/auth/refresh", {"refresh": session["refresh"]}),
            401,
        )
    # a new login works
    fresh = login(api_client, user.email, PASSWORD, ip="10.10.0.3").json()
    assert bearer(fresh["access"]).get("/api/v1/profile/").status_code == 200


@pytest.mark.django_db
def test_logout_all_needs_authentication(api_client):
    assert_error(api_client.post("/api/v1/auth/logout-all"), 401)


@pytest.mark.django_db
def test_a_password_change_ends_older_access_tokens_at_once(api_client, user):
    other_device = login(api_client, user.email, PASSWORD, ip="10.11.0.1").json()
    this_device = login(api_client, user.email, PASSWORD, ip="10.11.0.2").json()

    changed = bearer(this_device["access"]).post(
        "/api/v1/auth/password-change",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert changed.status_code == 204
    for session in (other_device, this_device):
        assert_error(bearer(session["access"]).get("/api/v1/profile/"), 401)
    fresh = login(api_client, user.email, NEW_PASSWORD, ip="10.11.0.3").json()
    assert bearer(fresh["access"]).get("/api/v1/profile/").status_code == 200


@pytest.mark.django_db
def test_a_password_reset_ends_older_access_tokens_at_once(api_client, user):
    from project.accounts.tokens import password_reset_link_params

    session = login(api_client, user.email, PASSWORD, ip="10.12.0.1").json()
    user.refresh_from_db()  # the login moved last_login, which the token signs
    params = password_reset_link_params(user=user)

    confirm = api_client.post(
        "/api/v1/auth/password-reset/confirm", {**params, "password": NEW_PASSWORD}
    )

    assert confirm.status_code == 204
    assert_error(bearer(session["access"]).get("/api/v1/profile/"), 401)


@pytest.mark.django_db
def test_a_password_changed_in_the_admin_ends_api_sessions(api_client, client, user):
    session = login(api_client, user.email, PASSWORD, ip="10.13.0.1").json()
    user.set_password(NEW_PASSWORD)  # what the admin's and dashboard's forms do
    user.save()

    assert_error(bearer(session["access"]).get("/api/v1/profile/"), 401)
    assert_error(
        api_client.post("/api/v1/auth/refresh", {"refresh": session["refresh"]}), 401
    )


@pytest.mark.django_db
def test_deactivation_ends_access_tokens_at_once_and_for_good(api_client, user):
    from project.accounts.services import user_set_active

    session = login(api_client, user.email, PASSWORD, ip="10.14.0.1").json()

    user_set_active(user=user, active=False)

    assert_error(bearer(session["access"]).get("/api/v1/profile/"), 401)
    user_set_active(user=user, active=True)
    assert_error(bearer(session["access"]).get("/api/v1/profile/"), 401)
    assert_error(
        api_client.post("/api/v1/auth/refresh", {"refresh": session["refresh"]}), 401
    )


@pytest.mark.django_db
def test_saving_a_stale_user_never_revives_ended_tokens(api_client, user):
    from project.accounts.models import User as UserModel

    stale = UserModel.objects.get(pk=user.pk)  # e.g. a form opened earlier
    session = login(api_client, user.email, PASSWORD, ip="10.15.0.1").json()
    bearer(session["access"]).post("/api/v1/auth/logout-all")

    stale.first_name = "Renamed"
    stale.save()

    assert_error(bearer(session["access"]).get("/api/v1/profile/"), 401)


@pytest.mark.django_db
def test_deactivation_in_the_admin_ends_access_tokens_for_good(
    api_client, client, superuser, user
):
    session = login(api_client, user.email, PASSWORD, ip="10.16.0.1").json()
    admin_user = User.objects.get(pk=user.pk)  # as the admin's form loads it

    admin_user.is_active = False
    admin_user.save()
    admin_user.is_active = True
    admin_user.save()

    assert_error(bearer(session["access"]).get("/api/v1/profile/"), 401)
