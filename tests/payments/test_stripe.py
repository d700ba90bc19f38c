"""The Stripe provider, offline: every call to api.stripe.com is answered by
`responses` with a body recorded from Stripe's API (stripe_responses/*.json,
API version 2026-10-28), and we check what we send as closely as what we do
with the answer. Webhooks are signed with Stripe's own scheme."""

import json
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import responses
import stripe
from django.utils import timezone
from oscar.core.loading import get_model

from forked_apps.order.models import Order
from forked_apps.partner.models import StockRecord
from project.payments.models import Payment, Refund, WebhookEvent
from project.payments.providers.base import ProviderError
from project.payments.providers.stripe import StripeProvider
from project.workflows.reconciliation import reconcile
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.helpers import assert_error
from tests.shopping import place_order

Source = get_model("payment", "Source")

RECORDED = Path(__file__).parent / "stripe_responses"
PAYMENT_INTENTS = "https://api.stripe.com/v1/payment_intents"
REFUNDS = "https://api.stripe.com/v1/refunds"
WEBHOOK = "/api/v1/payments/webhooks/stripe/"
SECRET_KEY = "sk_test_51SNdzFLkdIwHu7ixOfflineTestsOnly000000000000"
WEBHOOK_SECRET = "whsec_9f2cOfflineTestsOnlyQm4T7yV1bN3kL6pX8zR0"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text())


def form(body) -> dict[str, str]:
    body = body or ""
    return dict(parse_qsl(body.decode() if isinstance(body, bytes) else body))


def sent(call) -> dict[str, str]:
    """The form fields of a call to Stripe (`metadata[payment_id]`...)."""
    return form(call.request.body)


def query(call) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(call.request.url).query))


def answer(name: str, status: int = 200):
    """A callback giving Stripe's recorded answer `name` for the intent the
    request creates: Stripe echoes its amount, currency, description and
    metadata (which carries our Payment's id)."""

    def callback(request):
        fields = form(request.body)
        body = recorded(name)
        intent = body["error"]["payment_intent"] if "error" in body else body
        intent.update(
            amount=int(fields["amount"]),
            currency=fields["currency"],
            description=fields["description"],
            metadata={
                key.removeprefix("metadata[").removesuffix("]"): value
                for key, value in fields.items()
                if key.startswith("metadata[")
            },
        )
        return status, {"Request-Id": "req_Vq1b3N5m7K9p0R"}, json.dumps(body)

    return callback


def event(name: str, payment: Payment, reference: str | None = None) -> dict:
    """A recorded event about `payment`'s intent (its id and metadata)."""
    body = recorded(name)
    intent = body["data"]["object"]
    intent["id"] = reference or payment.transaction_reference
    intent["metadata"]["payment_id"] = str(payment.id)
    return body


def deliver(client, body, *, secret=WEBHOOK_SECRET, timestamp=None, header=None):
    """POST `body` (an event, or any JSON) to our Stripe webhook, signed as
    Stripe signs (t=...,v1=HMAC-SHA256 of "t.body") unless `header` is given."""
    payload = json.dumps(body)
    if header is None:
        header = stripe.WebhookSignature.generate_signature_header(
            payload, secret, timestamp=timestamp
        )
    extra = {"HTTP_STRIPE_SIGNATURE": header} if header else {}
    return client.post(
        WEBHOOK, payload.encode(), content_type="application/json", **extra
    )


def pay(client, order: dict, token: str = "pm_card_visa"):
    return client.post(
        "/api/v1/payments/",
        {"order": order["id"], "provider": "stripe", "token": token},
        format="json",
    )


def price_of(price: str) -> str:
    """A price as the API shows an amount (two decimals)."""
    return str(Decimal(price).quantize(Decimal("0.01")))


def order_status(order: dict) -> str:
    return Order.objects.get(uuid=order["id"]).status


@pytest.fixture(autouse=True)
def stripe_settings(settings):
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "stripe": "project.payments.providers.stripe.StripeProvider",
    }
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture(autouse=True)
def no_wait_before_a_retry(monkeypatch):
    """The client retries once (same Idempotency-Key) after a network error
    or a 5xx; the tests do not sleep its back-off."""
    monkeypatch.setattr(stripe.HTTPClient, "_sleep_time_seconds", lambda *_: 0)


@pytest.fixture(autouse=True)
def stripe_api():
    """api.stripe.com as recorded: no real HTTP leaves the test, every
    registered answer is used, and a request nobody registered fails the
    test (the client would otherwise take it for a network error)."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
        unexpected = [
            call.request.url
            for call in mock.calls
            if isinstance(call.response, requests.ConnectionError)
            and "Connection refused by Responses" in str(call.response)
        ]
        assert not unexpected, unexpected


@pytest.fixture
def order(user_client):
    make_product("Lamp", price="19.99", stock=5)
    return place_order(user_client, {"lamp": 1})


@pytest.fixture
def pending_payment(user_client, order, stripe_api) -> Payment:
    """Paid without a token: an intent waiting for Stripe.js."""
    stripe_api.add_callback(
        "POST", PAYMENT_INTENTS, answer("payment_intent_requires_payment_method")
    )
    assert pay(user_client, order, token="").json()["status"] == "pending"
    return Payment.objects.get()


@pytest.fixture
def unanswered_payment(user_client, order, stripe_api) -> Payment:
    """Stripe did not answer the charge: pending, no reference known."""
    stripe_api.add("POST", PAYMENT_INTENTS, body=requests.ConnectionError("timeout"))
    assert pay(user_client, order).json()["status"] == "pending"
    payment = Payment.objects.get()
    assert payment.transaction_reference is None
    return payment


# --- paying -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "currency, price, minor_units",
    [("USD", "19.99", "1999"), ("JPY", "1500", "1500"), ("KWD", "1.25", "1250")],
)
def test_a_card_payment_succeeds_and_pays_the_order(
    user_client, stripe_api, currency, price, minor_units
):
    make_product("Lamp", price=price, currency=currency, stock=5)
    order = place_order(user_client, {"lamp": 1})
    stripe_api.add_callback("POST", PAYMENT_INTENTS, answer("payment_intent_succeeded"))

    response = pay(user_client, order)

    assert response.status_code == 201, response.content
    body = response.json()
    payment = Payment.objects.get()
    assert body["status"] == "succeeded" and body["client_secret"] is None
    assert body["transaction_reference"] == recorded("payment_intent_succeeded")["id"]
    assert (body["amount"], body["currency"]) == (price_of(price), currency)
    assert order_status(order) == "paid"
    [call] = stripe_api.calls
    fields = sent(call)
    assert fields["amount"] == minor_units
    assert fields["currency"] == currency.lower()
    assert fields["metadata[payment_id]"] == str(payment.id)
    assert fields["metadata[order_number]"] == order["number"]
    assert fields["payment_method"] == "pm_card_visa" and fields["confirm"] == "true"
    assert fields["automatic_payment_methods[allow_redirects]"] == "never"
    assert call.request.headers["Idempotency-Key"] == payment.gateway_idempotency_key
    assert call.request.headers["Authorization"] == f"Bearer {SECRET_KEY}"
    # the recorded bodies are of the API version the client asks for
    assert (
        call.request.headers["Stripe-Version"]
        == recorded("event_payment_intent_succeeded")["api_version"]
    )


@pytest.mark.django_db
def test_a_declined_card_fails_and_a_retry_is_a_new_attempt(
    user_client, order, stripe_api
):
    stripe_api.add_callback("POST", PAYMENT_INTENTS, answer("error_card_declined", 402))
    stripe_api.add_callback("POST", PAYMENT_INTENTS, answer("payment_intent_succeeded"))

    declined = pay(user_client, order, token="pm_card_visa_chargeDeclined")

    assert declined.status_code == 201, declined.content
    intent = recorded("error_card_declined")["error"]["payment_intent"]
    assert declined.json()["status"] == "failed"
    assert declined.json()["failure_code"] == "generic_decline"
    assert declined.json()["transaction_reference"] == intent["id"]
    assert order_status(order) == "pending"

    retried = pay(user_client, order)

    assert retried.json()["status"] == "succeeded"
    assert retried.json()["id"] == declined.json()["id"]
    assert order_status(order) == "paid"
    first, second = stripe_api.calls
    assert first.request.headers["Idempotency-Key"] == (
        f"payment-{declined.json()['id']}-1"
    )
    assert second.request.headers["Idempotency-Key"] == (
        Payment.objects.get().gateway_idempotency_key
    )
    assert (
        first.request.headers["Idempotency-Key"]
        != second.request.headers["Idempotency-Key"]
    )
    assert Payment.objects.get().attempts == 2


@pytest.mark.django_db
def test_3d_secure_leaves_the_payment_pending_with_the_secret_for_its_owner(
    user_client, staff_client, order, stripe_api
):
    stripe_api.add_callback(
        "POST", PAYMENT_INTENTS, answer("payment_intent_requires_action")
    )
    client_secret = recorded("payment_intent_requires_action")["client_secret"]

    response = pay(user_client, order, token="pm_card_threeDSecure2Required")

    assert response.status_code == 201
    payment = response.json()
    assert payment["status"] == "pending" and payment["client_secret"] == client_secret
    assert order_status(order) == "pending"
    url = f"/api/v1/payments/{payment['id']}/"
    assert user_client.get(url).json()["client_secret"] == client_secret
    assert staff_client.get(url).json()["client_secret"] is None
    assert_error(bearer_client(UserFactory()).get(url), 404)


@pytest.mark.django_db
def test_without_a_token_the_intent_waits_and_the_webhook_settles_it(
    api_client, user_client, order, stripe_api
):
    stripe_api.add_callback(
        "POST", PAYMENT_INTENTS, answer("payment_intent_requires_payment_method")
    )

    response = pay(user_client, order, token="")

    intent = recorded("payment_intent_requires_payment_method")
    payment = response.json()
    assert payment["status"] == "pending"
    assert payment["client_secret"] == intent["client_secret"]
    fields = sent(stripe_api.calls[0])
    assert "payment_method" not in fields and "confirm" not in fields
    assert fields["automatic_payment_methods[enabled]"] == "true"

    settled = deliver(
        api_client,
        event("event_payment_intent_succeeded", Payment.objects.get()),
    )

    assert settled.status_code == 200 and settled.json() == {"result": "processed"}
    assert Payment.objects.get().status == "succeeded"
    assert order_status(order) == "paid"
    assert str(Source.objects.get(order__uuid=order["id"]).amount_debited) == "19.99"
    url = f"/api/v1/payments/{payment['id']}/"
    assert user_client.get(url).json()["client_secret"] is None


@pytest.mark.django_db
def test_a_token_that_is_not_a_payment_method_is_refused_before_stripe(
    user_client, order, stripe_api
):
    assert_error(pay(user_client, order, token="tok_visa"), 400, attr="token")
    assert not Payment.objects.exists() and not stripe_api.calls


def test_an_amount_stripe_cannot_take_is_refused_without_a_call(stripe_api):
    with pytest.raises(ProviderError):
        StripeProvider().charge(
            amount=Decimal("1500.50"),
            currency="JPY",
            token="pm_card_visa",
            description="Order 1",
            idempotency_key="payment-x-1",
            metadata={"payment_id": "x"},
        )
    assert not stripe_api.calls


@pytest.mark.django_db
@pytest.mark.parametrize(
    "failure",
    [
        requests.ConnectionError("Connection reset by peer"),
        recorded("error_api_error"),
    ],
    ids=["connection_error", "stripe_500"],
)
def test_stripe_unreachable_leaves_the_payment_pending(
    user_client, order, stripe_api, failure
):
    if isinstance(failure, Exception):
        stripe_api.add("POST", PAYMENT_INTENTS, body=failure)
    else:
        stripe_api.add("POST", PAYMENT_INTENTS, json=failure, status=500)

    response = pay(user_client, order)

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    assert response.json()["transaction_reference"] is None
    assert order_status(order) == "pending"
    assert StockRecord.objects.get().num_allocated == 1  # still held for the order
    # the client tried twice with one key: at most one charge at Stripe
    keys = {call.request.headers["Idempotency-Key"] for call in stripe_api.calls}
    assert len(stripe_api.calls) == 2
    assert keys == {Payment.objects.get().gateway_idempotency_key}


@pytest.mark.django_db
def test_an_idempotency_key_stripe_refuses_leaves_the_outcome_unknown(
    user_client, order, stripe_api
):
    """Stripe's 400 `idempotency_error` (the key was used with other
    parameters): what the first request did is unknown, as after a timeout."""
    stripe_api.add(
        "POST", PAYMENT_INTENTS, json=recorded("error_idempotency_error"), status=400
    )

    response = pay(user_client, order)

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    assert order_status(order) == "pending" and len(stripe_api.calls) == 1


# --- webhooks -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "signing",
    [
        {"header": ""},
        {"header": "t=1761917060,v1=deadbeef"},
        {"header": "garbage"},
        {"secret": "whsec_someone_elses_secret"},
        {"timestamp": int(time.time()) - 301},
    ],
    ids=["missing", "forged", "malformed", "other_secret", "stale"],
)
def test_a_webhook_without_a_valid_recent_signature_changes_nothing(
    api_client, order, pending_payment, signing
):
    body = event("event_payment_intent_succeeded", pending_payment)

    assert_error(deliver(api_client, body, **signing), 400, code="invalid_signature")
    assert Payment.objects.get().status == "pending"
    assert order_status(order) == "pending"
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_a_recent_signature_is_accepted(api_client, order, pending_payment):
    body = event("event_payment_intent_succeeded", pending_payment)

    response = deliver(api_client, body, timestamp=int(time.time()) - 250)

    assert response.json() == {"result": "processed"}
    assert order_status(order) == "paid"


@pytest.mark.django_db
def test_a_body_changed_after_signing_is_refused(api_client, order, pending_payment):
    body = event("event_payment_intent_payment_failed", pending_payment)
    header = stripe.WebhookSignature.generate_signature_header(
        json.dumps(body), WEBHOOK_SECRET
    )
    body["type"] = "payment_intent.succeeded"

    assert_error(deliver(api_client, body, header=header), 400, "invalid_signature")
    assert Payment.objects.get().status == "pending"


def _object(body, **changes):
    return {**body, "data": {"object": {**body["data"]["object"], **changes}}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "malform",
    [
        lambda body: [body],
        lambda body: {**body, "data": [body["data"]]},
        lambda body: {**body, "data": {"object": [body["data"]["object"]]}},
        lambda body: {**body, "type": ["payment_intent.succeeded"]},
        lambda body: {**body, "created": "soon"},
        lambda body: {**body, "id": 42},
        lambda body: {**body, "id": "evt_" + "x" * 200},
    ],
    ids=[
        "a_list",
        "data_not_an_object",
        "object_not_an_object",
        "type_not_a_string",
        "created_not_a_number",
        "id_not_a_string",
        "id_too_long",
    ],
)
def test_a_signed_body_that_is_not_a_stripe_event_is_400(
    api_client, order, pending_payment, malform
):
    body = malform(event("event_payment_intent_succeeded", pending_payment))

    assert_error(deliver(api_client, body), 400, code="invalid_event")
    assert Payment.objects.get().status == "pending"
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [{"id": None}, {"id": "pi_" + "x" * 200}],
    ids=["no_id", "id_too_long"],
)
def test_an_event_about_an_object_we_cannot_name_is_ignored(
    api_client, order, unanswered_payment, change
):
    # the payment's id in the metadata, and no reference of ours to compare
    body = event("event_payment_intent_succeeded", unanswered_payment, "pi_x")

    response = deliver(api_client, _object(body, **change))

    assert response.status_code == 200 and response.json() == {"result": "ignored"}
    payment = Payment.objects.get()
    assert payment.status == "pending" and payment.transaction_reference is None


@pytest.mark.django_db
def test_an_event_we_do_not_act_on_is_ignored(api_client, order, pending_payment):
    response = deliver(api_client, recorded("event_customer_created"))

    assert response.status_code == 200 and response.json() == {"result": "ignored"}
    assert Payment.objects.get().status == "pending"


@pytest.mark.django_db
def test_the_same_event_twice_has_one_effect(api_client, order, pending_payment):
    body = event("event_payment_intent_succeeded", pending_payment)
    assert deliver(api_client, body).json() == {"result": "processed"}

    again = deliver(api_client, body)

    assert again.status_code == 200 and again.json() == {"result": "duplicate"}
    assert WebhookEvent.objects.count() == 1
    assert Payment.objects.get().status == "succeeded"
    assert str(Source.objects.get(order__uuid=order["id"]).amount_debited) == "19.99"


@pytest.mark.django_db
def test_a_payment_failed_event_fails_the_payment(api_client, order, pending_payment):
    response = deliver(
        api_client, event("event_payment_intent_payment_failed", pending_payment)
    )

    assert response.json() == {"result": "processed"}
    payment = Payment.objects.get()
    assert payment.status == "failed" and payment.failure_code == "generic_decline"
    assert order_status(order) == "pending"


@pytest.mark.django_db
def test_a_late_event_of_an_earlier_attempt_leaves_the_current_one_alone(
    api_client, user_client, order, stripe_api
):
    # given: attempt 1 was declined (intent A); attempt 2 got no answer yet
    stripe_api.add(
        "POST", PAYMENT_INTENTS, json=recorded("error_card_declined"), status=402
    )
    assert pay(user_client, order).json()["status"] == "failed"
    stripe_api.add("POST", PAYMENT_INTENTS, body=requests.ConnectionError("timeout"))
    assert pay(user_client, order).json()["status"] == "pending"
    payment = Payment.objects.get()
    late = event("event_payment_intent_payment_failed", payment, "pi_attempt_one")
    late["data"]["object"]["metadata"]["attempt"] = "1"

    # when: Stripe delivers attempt 1's failure late
    response = deliver(api_client, late)

    # then: it is not this charge's, and attempt 2 stays pending, unbound
    assert response.status_code == 404
    payment.refresh_from_db()
    assert payment.status == "pending" and payment.attempts == 2
    assert payment.transaction_reference is None


@pytest.mark.django_db
def test_an_order_total_the_currency_cannot_carry_is_refused_before_a_payment(
    user_client, stripe_api
):
    make_product("Tea set", price="1500.50", currency="JPY", stock=5)
    placed = place_order(user_client, {"tea-set": 1})

    refused = pay(user_client, placed)

    assert_error(refused, 400, code="amount_not_chargeable")
    assert not Payment.objects.exists() and not stripe_api.calls


@pytest.mark.django_db
@pytest.mark.parametrize(
    "metadata",
    [{}, {"payment_id": "not-a-uuid"}, ["payment_id"]],
    ids=["none", "not_a_uuid", "not_an_object"],
)
def test_an_event_for_an_intent_we_do_not_know_is_404(
    api_client, order, unanswered_payment, metadata
):
    body = event("event_payment_intent_succeeded", unanswered_payment, "pi_not_ours")

    assert_error(deliver(api_client, _object(body, metadata=metadata)), 404)
    payment = Payment.objects.get()
    assert payment.status == "pending" and payment.transaction_reference is None
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_an_event_before_we_recorded_the_charge_settles_the_right_payment(
    api_client, user_client, order, unanswered_payment
):
    other_order = place_order(user_client, {"lamp": 1})
    pay(user_client, other_order)  # no answer either
    payment = unanswered_payment
    other = Payment.objects.get(order__uuid=other_order["id"])
    assert other.transaction_reference is None and other.status == "pending"
    reference = recorded("event_payment_intent_succeeded")["data"]["object"]["id"]

    response = deliver(
        api_client, event("event_payment_intent_succeeded", payment, reference)
    )

    assert response.json() == {"result": "processed"}
    payment.refresh_from_db()
    other.refresh_from_db()
    assert payment.status == "succeeded" and payment.transaction_reference == reference
    assert order_status(order) == "paid"
    assert other.status == "pending" and other.transaction_reference is None
    assert order_status(other_order) == "pending"


# --- refunds ------------------------------------------------------------------


@pytest.fixture
def paid(user_client, order, stripe_api) -> Payment:
    stripe_api.add_callback("POST", PAYMENT_INTENTS, answer("payment_intent_succeeded"))
    assert pay(user_client, order).json()["status"] == "succeeded"
    return Payment.objects.get()


@pytest.mark.django_db
def test_staff_refund_gives_the_whole_payment_back_at_stripe(
    staff_client, order, paid, stripe_api
):
    stripe_api.add("POST", REFUNDS, json=recorded("refund_succeeded"))

    response = staff_client.post(f"/api/v1/admin/payments/{paid.id}/refund")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "refunded"
    refund = Refund.objects.get()
    assert refund.status == "succeeded"
    assert refund.reference == recorded("refund_succeeded")["id"]
    call = stripe_api.calls[-1]
    assert call.request.url == REFUNDS
    assert sent(call) == {
        "payment_intent": paid.transaction_reference,
        "amount": "1999",
    }
    assert call.request.headers["Idempotency-Key"] == refund.gateway_idempotency_key
    assert order_status(order) == "cancelled"
    assert StockRecord.objects.get().num_allocated == 0
    assert str(Source.objects.get(order__uuid=order["id"]).amount_refunded) == "19.99"


@pytest.mark.django_db
def test_a_partial_refund_is_refused_without_calling_stripe(
    staff_client, order, paid, stripe_api
):
    response = staff_client.post(
        f"/api/v1/admin/payments/{paid.id}/refund", {"amount": "5.00"}, format="json"
    )

    assert_error(response, 400, code="partial_refund_unsupported", attr="amount")
    assert len(stripe_api.calls) == 1  # the charge, nothing since
    assert Payment.objects.get().status == "succeeded"
    assert not Refund.objects.exists()
    assert order_status(order) == "paid"
    assert StockRecord.objects.get().num_allocated == 1


# --- reconciliation -----------------------------------------------------------


def test_list_records_maps_payment_intents(stripe_api):
    pages = [recorded(f"payment_intent_list_page_{n}") for n in (1, 2)]
    for page in pages:
        stripe_api.add("GET", PAYMENT_INTENTS, json=page)
    until = timezone.now()
    since = until - timedelta(days=1)

    records = list(StripeProvider().list_records(since=since, until=until))

    summary = [
        (r.reference[-3:], r.status, r.amount, r.currency, r.amount_refunded)
        for r in records
    ]
    assert summary == [
        ("001", "succeeded", Decimal("19.99"), "USD", Decimal("0")),
        ("002", "refunded", Decimal("1500"), "JPY", Decimal("1500")),
        ("003", "succeeded", Decimal("50.00"), "USD", Decimal("12.50")),
        ("004", "failed", Decimal("1.25"), "KWD", Decimal("0")),  # canceled
        ("005", "failed", Decimal("19.99"), "USD", Decimal("0")),  # declined
        ("006", "pending", Decimal("19.99"), "USD", Decimal("0")),  # no card yet
    ]
    intents = [intent for page in pages for intent in page["data"]]
    assert [(r.reference, r.payment_id) for r in records] == [
        (intent["id"], intent["metadata"]["payment_id"]) for intent in intents
    ]
    assert [r.created.timestamp() for r in records] == [i["created"] for i in intents]
    assert all(r.created.utcoffset() == timedelta(0) for r in records)
    first, second = stripe_api.calls
    assert query(first) == {
        "created[gte]": str(int(since.timestamp())),
        "created[lt]": str(int(until.timestamp())),
        "limit": "100",
        "expand[0]": "data.latest_charge",
    }
    assert query(second) == {**query(first), "starting_after": records[2].reference}


@pytest.mark.django_db
def test_reconciliation_settles_an_intent_that_succeeded_at_stripe(
    order, unanswered_payment, stripe_api
):
    payment = unanswered_payment
    page = recorded("payment_intent_list_page_1")
    intent = page["data"][0]
    intent["metadata"]["payment_id"] = str(payment.id)
    intent["created"] = int(time.time())
    page["data"], page["has_more"] = [intent], False
    stripe_api.add("GET", PAYMENT_INTENTS, json=page)
    since, until = timezone.now() - timedelta(hours=1), timezone.now()

    report = reconcile(provider_name="stripe", since=since, until=until)

    [mismatch] = report.mismatches
    assert mismatch.kind == "paid_there_pending_here" and mismatch.payment == payment
    assert Payment.objects.get().status == "pending"  # a report changes nothing

    report = reconcile(provider_name="stripe", since=since, until=until, settle=True)

    assert [m.action for m in report.mismatches] == ["settled"]
    payment.refresh_from_db()
    assert payment.status == "succeeded"
    assert payment.transaction_reference == intent["id"]
    assert order_status(order) == "paid"
