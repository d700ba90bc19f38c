"""Every /api/ error answers JSON in one shape: {type, errors: [{code, detail, attr}]}."""

import pytest
from django.urls import include, path

from tests.conftest import PASSWORD
from tests.helpers import assert_error


def crashing_view(request):
    raise RuntimeError("boom")


def crashing_api_view_factory():
    from rest_framework.views import APIView

    class Crash(APIView):
        permission_classes = []

        def get(self, request):
            raise RuntimeError("boom")

    return Crash.as_view()


urlpatterns = [
    path("api/v1/test-crash/", crashing_api_view_factory()),
    path("api/v1/test-crash-plain/", crashing_view),
    path("", include("project.urls")),
]
handler500 = "project.urls.handler500"
handler404 = "project.urls.handler404"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/unknown/", "/api/v1/products/no-such-thing/deeper", "/api/nothing"]
)
def test_unknown_api_path_is_a_json_404(api_client, url):
    assert_error(api_client.get(url), 404, code="not_found")


@pytest.mark.django_db
def test_unknown_api_path_is_404_for_any_method(api_client):
    assert_error(api_client.delete("/api/v1/unknown/"), 404, code="not_found")


@pytest.mark.django_db
def test_validation_error_names_fields(api_client):
    body = assert_error(
        api_client.post("/api/v1/auth/register", {}, format="json"), 400
    )

    assert body["type"] == "validation_error"
    assert {e["attr"] for e in body["errors"]} == {"email", "password"}
    assert {e["code"] for e in body["errors"]} == {"required"}


@pytest.mark.django_db
def test_401(api_client):
    body = assert_error(
        api_client.get("/api/v1/profile/"), 401, code="not_authenticated"
    )
    assert body["type"] == "client_error"


@pytest.mark.django_db
def test_401_with_an_invalid_token(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")
    response = api_client.get("/api/v1/profile/")

    body = assert_error(response, 401, code="token_not_valid")
    # one error, not SimpleJWT's dict spread over fields named detail/code/messages
    assert body["errors"] == [
        {
            "code": "token_not_valid",
            "detail": "Given token not valid for any token type",
            "attr": None,
        }
    ]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_used_refresh_token_is_one_clear_error(api_client, user):
    tokens = api_client.post(
        "/api/v1/auth/login",
        {"email": user.email, "password": PASSWORD},
        format="json",
    ).json()
    api_client.post("/api/v1/auth/refresh", {"refresh": tokens["refresh"]})

    again = api_client.post("/api/v1/auth/refresh", {"refresh": tokens["refresh"]})

    body = assert_error(again, 401, code="token_not_valid")
    assert body["errors"] == [
        {"code": "token_not_valid", "detail": "Token is blacklisted", "attr": None}
    ]


@pytest.mark.django_db
def test_405(user_client):
    assert_error(user_client.delete("/api/v1/profile/"), 405, code="method_not_allowed")


@pytest.mark.django_db
def test_415(api_client):
    response = api_client.post(
        "/api/v1/auth/register", "<xml/>", content_type="application/xml"
    )
    assert_error(response, 415, code="unsupported_media_type")


@pytest.mark.django_db
def test_malformed_json_is_400(api_client):
    response = api_client.post(
        "/api/v1/auth/register", "{not json", content_type="application/json"
    )
    assert_error(response, 400, code="parse_error")


@pytest.mark.django_db
def test_413_for_a_body_over_the_limit(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_client.post(
        "/api/v1/auth/register",
        '{"email": "' + "a" * 2000 + '@example.com"}',
        content_type="application/json",
    )
    assert_error(response, 413, code="too_large")


@pytest.mark.django_db
@pytest.mark.urls("tests.api.test_errors")
def test_500_in_an_api_view_is_json(api_client):
    api_client.raise_request_exception = False
    body = assert_error(api_client.get("/api/v1/test-crash/"), 500, code="error")
    assert body["type"] == "server_error"
    assert "boom" not in str(body)


@pytest.mark.django_db
@pytest.mark.urls("tests.api.test_errors")
def test_500_outside_drf_under_api_is_json(api_client):
    api_client.raise_request_exception = False
    body = assert_error(api_client.get("/api/v1/test-crash-plain/"), 500, code="error")
    assert body["type"] == "server_error"
