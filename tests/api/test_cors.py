"""CORS for browser frontends on another origin: /api/ only, closed unless
CORS_ALLOWED_ORIGINS lists the origin, bearer tokens (no credentials)."""

import pytest

FRONTEND = "https://shop.example.com"


@pytest.fixture
def frontend_allowed(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND]


def preflight(client, path, origin=FRONTEND, method="POST", headers=""):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


@pytest.mark.django_db
def test_closed_by_default(client, settings):
    settings.CORS_ALLOWED_ORIGINS = []

    response = client.get("/api/v1/products/", HTTP_ORIGIN=FRONTEND)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_preflight_allows_the_headers_a_frontend_sends(client, frontend_allowed):
    response = preflight(
        client,
        "/api/v1/orders/",
        headers="authorization, content-type, idempotency-key",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    allowed = {
        h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")
    }
    assert {"authorization", "content-type", "idempotency-key"} <= allowed
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.django_db
def test_responses_expose_retry_after(client, frontend_allowed):
    response = client.get("/api/v1/products/", HTTP_ORIGIN=FRONTEND)

    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert "retry-after" in response["Access-Control-Expose-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.django_db
def test_errors_carry_cors_headers_too(client, frontend_allowed):
    # a frontend must be able to read the error body
    response = client.get("/api/v1/no-such-thing/", HTTP_ORIGIN=FRONTEND)

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == FRONTEND


@pytest.mark.django_db
def test_another_origin_is_refused(client, frontend_allowed):
    response = preflight(client, "/api/v1/orders/", origin="https://evil.example")

    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/dashboard/login/", "/cms/login/", "/admin/login/"])
def test_only_the_api_is_open(client, frontend_allowed, path):
    response = client.get(path, HTTP_ORIGIN=FRONTEND)

    assert "Access-Control-Allow-Origin" not in response


def test_the_allowed_origins_come_from_the_environment():
    from pathlib import Path

    settings_source = (
        Path(__file__).parents[2] / "project" / "settings.py"
    ).read_text()

    assert 'env.list("CORS_ALLOWED_ORIGINS"' in settings_source


@pytest.mark.django_db
def test_a_browser_frontend_may_send_and_read_the_request_id(client, frontend_allowed):
    response = preflight(client, "/api/v1/orders/", headers="x-request-id")
    allowed = {
        h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")
    }

    assert "x-request-id" in allowed
    answer = client.get(
        "/api/v1/products/", HTTP_ORIGIN=FRONTEND, HTTP_X_REQUEST_ID="spa-42"
    )
    assert answer["X-Request-ID"] == "spa-42"
    assert "x-request-id" in answer["Access-Control-Expose-Headers"].lower()
