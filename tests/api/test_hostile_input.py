"""Hostile input gets a 4xx in the API's error shape, never a 500: deeply
nested JSON, NUL characters in JSON strings and query parameters, oversized
webhook bodies, unbounded free text."""

import io
import json
import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from project.payments.providers.sandbox import sign
from tests.factories import make_category, make_product
from tests.helpers import assert_error
from tests.shopping import ADDRESS, fill_basket

DEEP_JSON = b"[" * 5000


def api_routes():
    """Every /api/v1/ route of our URL map, as a path with sample arguments."""
    samples = {"slug": "lamp", "id": "00000000-0000-0000-0000-000000000000"}
    samples["provider"] = "sandbox"
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
                for name, value in samples.items():
                    route = route.replace(f"<slug:{name}>", value)
                    route = route.replace(f"<uuid:{name}>", value)
                    route = route.replace(f"<{name}>", value)
                if "<" not in route and "^" not in route and "(" not in route:
                    routes.append("/" + route)

    walk(get_resolver().url_patterns, "")
    # logout-all ends the caller's session: ask it last
    return sorted(set(routes), key=lambda route: (route.endswith("logout-all"), route))


@pytest.fixture
def shop(db):
    make_product("Lamp", stock=5, category=make_category("Lamps"))


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_deeply_nested_json_is_never_a_500(staff_client, shop, method):
    routes = api_routes()
    assert "/api/v1/auth/login" in routes and "/api/v1/orders/" in routes

    answers = {}
    for route in routes:
        response = getattr(staff_client, method)(
            route, DEEP_JSON, content_type="application/json"
        )
        answers[route] = response.status_code

    assert all(status < 500 for status in answers.values()), answers
    # endpoints that read a JSON body say why they refuse it
    for route in ("/api/v1/auth/login", "/api/v1/basket/lines/", "/api/v1/orders/"):
        if method == "post":
            assert answers[route] == 400, (route, answers[route])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", ["/api/v1/auth/register", "/api/v1/basket/quote", "/api/v1/reviews/"]
)
def test_deep_json_is_a_parse_error_400(user_client, route):
    response = user_client.post(route, DEEP_JSON, content_type="application/json")

    assert_error(response, 400, code="parse_error")


@pytest.mark.django_db
def test_json_nested_deeper_than_the_limit_is_a_400(user_client):
    body = {"lines": [{"product": "lamp", "quantity": 1}]}
    for _ in range(40):
        body = {"lines": [body]}

    response = user_client.post("/api/v1/basket/quote", body, format="json")

    assert_error(response, 400, code="parse_error")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route, body, attr",
    [
        ("/api/v1/basket/lines/", {"product": "la\x00mp", "quantity": 1}, "product"),
        (
            "/api/v1/basket/quote",
            {"lines": [{"product": "lamp\x00", "quantity": 1}]},
            "lines.0.product",
        ),
        (
            "/api/v1/basket/merge",
            {"lines": [{"product": "\x00", "quantity": 1}]},
            "lines.0.product",
        ),
        ("/api/v1/reviews/", {"product": "lamp\x00", "rating": 5}, "product"),
        ("/api/v1/addresses/", {**ADDRESS, "country": "G\x00B"}, "country"),
        ("/api/v1/addresses/", {**ADDRESS, "line1": "x\x00"}, "line1"),
        (
            "/api/v1/orders/",
            {"shipping_address": {**ADDRESS, "country": "GB\x00"}},
            "shipping_address.country",
        ),
        (
            "/api/v1/payments/",
            {
                "order": "00000000-0000-0000-0000-000000000000",
                "provider": "sand\x00box",
                "token": "tok_success",
            },
            "provider",
        ),
        ("/api/v1/auth/password-reset", {"email": "a\x00@example.com"}, "email"),
        ("/api/v1/basket/quote", {"li\x00nes": []}, "li\\u0000nes"),
    ],
)
def test_a_nul_character_in_a_json_string_is_a_400_naming_the_field(
    user_client, shop, route, body, attr
):
    fill_basket(user_client, {"lamp": 1})

    response = user_client.post(route, body, format="json")

    assert_error(response, 400, attr=attr)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, attr",
    [
        ("category=lamps%00", "category"),
        ("search=a%00b", "search"),
        ("ordering=%00price", "ordering"),
        ("page%00=1", "page\\u0000"),
    ],
)
def test_a_nul_character_in_a_query_parameter_is_a_400_naming_it(
    api_client, shop, query, attr
):
    response = api_client.get(f"/api/v1/products/?{query}")

    assert_error(response, 400, code="null_characters_not_allowed", attr=attr)


@pytest.mark.django_db
def test_a_nul_character_in_a_webhook_body_is_a_400_naming_the_field(api_client):
    body = json.dumps(
        {
            "id": "evt\x00",
            "type": "payment.succeeded",
            "transaction_reference": "sbx_1",
            "created": int(time.time()),
        }
    ).encode()

    response = api_client.post(
        "/api/v1/payments/webhooks/sandbox/",
        body,
        content_type="application/json",
        HTTP_SANDBOX_SIGNATURE=sign(body),
    )

    assert_error(response, 400, attr="id")


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


@pytest.mark.django_db
def test_a_webhook_over_64_kb_is_a_413_before_its_signature_is_checked(api_client):
    body = json.dumps({"id": "evt_1", "padding": "x" * 70_000}).encode()
    stream = CountingStream(body)

    response = api_client.generic(
        "POST",
        "/api/v1/payments/webhooks/sandbox/",
        body,
        content_type="application/json",
        HTTP_SANDBOX_SIGNATURE="forged",
        **{"wsgi.input": stream},
    )

    assert_error(response, 413)
    assert stream.bytes_read == 0  # refused by its Content-Length


@pytest.mark.django_db
def test_a_webhook_body_longer_than_declared_is_read_to_64_kb_only(rf):
    from project.api.views.payments import PaymentWebhook

    body = b"{" + b" " * 1_000_000 + b"}"
    stream = CountingStream(body)
    request = rf.post(
        "/api/v1/payments/webhooks/sandbox/",
        content_type="application/json",
        HTTP_SANDBOX_SIGNATURE="forged",
    )
    # a client that lies about its length (or a chunked body a proxy
    # re-framed): what the server reads is what counts
    request.META["CONTENT_LENGTH"] = "100"
    request.META["wsgi.input"] = stream
    from django.core.handlers.wsgi import LimitedStream

    request._stream = LimitedStream(stream, len(body))

    response = PaymentWebhook.as_view()(request, provider="sandbox")

    assert response.status_code == 413
    assert stream.bytes_read <= 64 * 1024 + 1


@pytest.mark.django_db
def test_a_webhook_of_64_kb_is_still_verified(api_client):
    body = json.dumps({"id": "evt_1", "padding": "x" * 60_000}).encode()

    response = api_client.post(
        "/api/v1/payments/webhooks/sandbox/",
        body,
        content_type="application/json",
        HTTP_SANDBOX_SIGNATURE="forged",
    )

    # read in full, then refused on its signature (not on its size)
    assert_error(response, 400, code="invalid_signature")


# --- free-text limits ---------------------------------------------------------


@pytest.mark.django_db
def test_address_notes_are_limited(user_client):
    response = user_client.post(
        "/api/v1/addresses/", {**ADDRESS, "notes": "x" * 1001}, format="json"
    )

    assert_error(response, 400, attr="notes")
    ok = user_client.post(
        "/api/v1/addresses/", {**ADDRESS, "notes": "x" * 1000}, format="json"
    )
    assert ok.status_code == 201


@pytest.mark.django_db
def test_order_address_notes_are_limited(user_client, shop):
    fill_basket(user_client, {"lamp": 1})

    response = user_client.post(
        "/api/v1/orders/",
        {"shipping_address": {**ADDRESS, "notes": "x" * 1001}},
        format="json",
    )

    assert_error(response, 400, attr="shipping_address.notes")


@pytest.mark.django_db
def test_review_bodies_are_limited(user_client, shop):
    response = user_client.post(
        "/api/v1/reviews/",
        {"product": "lamp", "rating": 4, "comment": "x" * 5001},
        format="json",
    )

    assert_error(response, 400, attr="comment")


def test_review_bodies_are_limited_on_every_page():
    from forked_apps.catalogue.reviews.models import ProductReview

    assert ProductReview._meta.get_field("body").max_length == 5000


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [("first_name", "x" * 151), ("last_name", "x" * 151), ("phone_number", "1" * 200)],
)
def test_profile_fields_are_limited(user_client, field, value):
    response = user_client.patch("/api/v1/profile/", {field: value}, format="json")

    assert_error(response, 400, attr=field)
