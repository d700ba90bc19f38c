"""Payments with the sandbox provider, webhooks and refunds (docs/api.md "Payments")."""

import json
import time

import pytest
from oscar.core.loading import get_model

from forked_apps.order.models import Order
from forked_apps.partner.models import StockRecord
from project.payments.models import Payment, WebhookEvent
from project.payments.providers.sandbox import sign
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.helpers import assert_error
from tests.shopping import pay, place_order

Source = get_model("payment", "Source")


@pytest.fixture
def order(user_client):
    make_product("Lamp", price="19.99", stock=5)
    return place_order(user_client, {"lamp": 2})


def order_status(order) -> str:
    return Order.objects.get(uuid=order["id"]).status


@pytest.mark.django_db
def test_a_successful_payment_pays_the_order(user_client, order):
    response = pay(user_client, order["id"], amount="0.01", currency="EUR")

    assert response.status_code == 201
    payment = response.json()
    assert payment["status"] == "succeeded" and payment["provider"] == "sandbox"
    assert (
        payment["amount"] == "39.98" and payment["currency"] == "USD"
    )  # from the order
    assert payment["order"] == order["id"] and payment[
        "transaction_reference"
    ].startswith("sbx_")
    assert order_status(order) == "paid"
    source = Source.objects.get(order__uuid=order["id"])  # what the dashboard shows
    assert str(source.amount_debited) == "39.98"
    assert (
        user_client.get(f"/api/v1/orders/{order['id']}/").json()["payment"]["status"]
        == "succeeded"
    )


@pytest.mark.django_db
def test_a_failed_payment_can_be_retried(user_client, order):
    failed = pay(user_client, order["id"], token="tok_fail").json()
    assert failed["status"] == "failed" and order_status(order) == "pending"

    retried = pay(user_client, order["id"], token="tok_success").json()

    assert retried["status"] == "succeeded" and retried["id"] == failed["id"]
    assert order_status(order) == "paid" and Payment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("first_token", ["tok_success", "tok_pending"])
def test_a_second_payment_is_409(user_client, order, first_token):
    pay(user_client, order["id"], token=first_token)

    assert_error(pay(user_client, order["id"]), 409, code="payment_exists")
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_a_cancelled_order_cannot_be_paid(user_client, order):
    user_client.post(f"/api/v1/orders/{order['id']}/cancel")

    assert_error(pay(user_client, order["id"]), 409, code="order_not_payable")
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_paying_another_users_order_is_404(order):
    stranger = bearer_client(UserFactory())

    assert_error(pay(stranger, order["id"]), 404)
    assert not Payment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"provider": "paypal"}, "provider"),
        ({"token": "tok_magic"}, "token"),
        ({"order": "not-a-uuid"}, "order"),
        ({"token": ""}, "token"),
    ],
)
def test_bad_payment_input_is_400(user_client, order, change, field):
    body = {
        "order": order["id"],
        "provider": "sandbox",
        "token": "tok_success",
        **change,
    }

    assert_error(
        user_client.post("/api/v1/payments/", body, format="json"), 400, attr=field
    )
    assert order_status(order) == "pending"


@pytest.mark.django_db
def test_payments_need_sign_in(api_client, order):
    assert_error(pay(api_client, order["id"]), 401)


@pytest.mark.django_db
def test_reading_a_payment(user_client, staff_client, order):
    payment = pay(user_client, order["id"]).json()

    assert user_client.get(f"/api/v1/payments/{payment['id']}/").json() == payment
    assert staff_client.get(f"/api/v1/payments/{payment['id']}/").status_code == 200
    assert_error(
        bearer_client(UserFactory()).get(f"/api/v1/payments/{payment['id']}/"), 404
    )


@pytest.mark.django_db
def test_payment_retry_with_the_same_idempotency_key(user_client, order):
    first = pay(user_client, order["id"], key="pay-1")
    again = pay(user_client, order["id"], key="pay-1")

    assert again.status_code == 201 and again.json() == first.json()
    assert_error(
        pay(user_client, order["id"], token="tok_fail", key="pay-1"),
        409,
        code="idempotency_key_reused",
    )


# --- refunds ------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_refunds_a_succeeded_payment(user_client, staff_client, order):
    payment = pay(user_client, order["id"]).json()

    response = staff_client.post(f"/api/v1/admin/payments/{payment['id']}/refund")

    assert response.status_code == 200 and response.json()["status"] == "refunded"
    assert str(Source.objects.get(order__uuid=order["id"]).amount_refunded) == "39.98"
    # the order had not shipped: it is cancelled and its stock is back
    assert order_status(order) == "cancelled"
    assert StockRecord.objects.get().num_allocated == 0
    assert_error(
        staff_client.post(f"/api/v1/admin/payments/{payment['id']}/refund"),
        409,
        code="not_refundable",
    )


@pytest.mark.django_db
def test_refunding_a_shipped_order_keeps_it_shipped(user_client, staff_client, order):
    payment = pay(user_client, order["id"]).json()
    staff_client.patch(
        f"/api/v1/admin/orders/{order['id']}/",
        {"status": "shipped", "tracking_number": "T1"},
        format="json",
    )

    response = staff_client.post(f"/api/v1/admin/payments/{payment['id']}/refund")

    assert response.json()["status"] == "refunded" and order_status(order) == "shipped"


@pytest.mark.django_db
def test_refund_needs_the_right_role(user_client, order):
    from django.contrib.auth.models import Group

    payment = pay(user_client, order["id"]).json()
    catalogue_manager = UserFactory(is_staff=True)
    catalogue_manager.groups.add(Group.objects.get(name="Catalogue manager"))
    order_manager = UserFactory(is_staff=True)
    order_manager.groups.add(Group.objects.get(name="Order manager"))

    assert_error(
        user_client.post(f"/api/v1/admin/payments/{payment['id']}/refund"), 403
    )
    assert_error(
        bearer_client(catalogue_manager).post(
            f"/api/v1/admin/payments/{payment['id']}/refund"
        ),
        403,
    )
    assert Payment.objects.get(id=payment["id"]).status == "succeeded"
    assert (
        bearer_client(order_manager)
        .post(f"/api/v1/admin/payments/{payment['id']}/refund")
        .status_code
        == 200
    )


# --- webhooks -------------------------------------------------------------------


def event(reference, event_type="payment.succeeded", event_id="evt_1", created=None):
    return json.dumps(
        {
            "id": event_id,
            "type": event_type,
            "transaction_reference": reference,
            "created": created or int(time.time()),
        }
    ).encode()


def deliver(client, body: bytes, signature: str | None = "valid"):
    headers = {}
    if signature == "valid":
        headers["HTTP_SANDBOX_SIGNATURE"] = sign(body)
    elif signature is not None:
        headers["HTTP_SANDBOX_SIGNATURE"] = signature
    return client.post(
        "/api/v1/payments/webhooks/sandbox/",
        body,
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def pending_payment(user_client, order):
    payment = pay(user_client, order["id"], token="tok_pending").json()
    assert payment["status"] == "pending"
    return payment


@pytest.mark.django_db
def test_a_signed_webhook_settles_a_pending_payment(api_client, order, pending_payment):
    response = deliver(api_client, event(pending_payment["transaction_reference"]))

    assert response.status_code == 200 and response.json() == {"result": "processed"}
    assert Payment.objects.get(id=pending_payment["id"]).status == "succeeded"
    assert order_status(order) == "paid"


@pytest.mark.django_db
def test_a_failure_webhook_fails_the_payment(api_client, order, pending_payment):
    deliver(
        api_client, event(pending_payment["transaction_reference"], "payment.failed")
    )

    assert Payment.objects.get(id=pending_payment["id"]).status == "failed"
    assert order_status(order) == "pending"


@pytest.mark.django_db
def test_the_same_event_twice_has_one_effect(
    api_client, staff_client, order, pending_payment
):
    body = event(pending_payment["transaction_reference"])
    deliver(api_client, body)
    staff_client.post(f"/api/v1/admin/payments/{pending_payment['id']}/refund")

    again = deliver(api_client, body)

    assert again.status_code == 200 and again.json() == {"result": "duplicate"}
    assert Payment.objects.get(id=pending_payment["id"]).status == "refunded"
    assert WebhookEvent.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("signature", [None, "", "deadbeef", sign(b"another body")])
def test_forged_or_missing_signature_changes_nothing(
    api_client, order, pending_payment, signature
):
    response = deliver(
        api_client, event(pending_payment["transaction_reference"]), signature=signature
    )

    assert_error(response, 400, code="invalid_signature")
    assert Payment.objects.get(id=pending_payment["id"]).status == "pending"
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_a_stale_event_is_refused(api_client, order, pending_payment):
    old = event(
        pending_payment["transaction_reference"], created=int(time.time()) - 301
    )

    assert_error(deliver(api_client, old), 400, code="invalid_signature")
    assert Payment.objects.get(id=pending_payment["id"]).status == "pending"


@pytest.mark.django_db
def test_an_unknown_reference_is_404(api_client, order, pending_payment):
    assert_error(deliver(api_client, event("sbx_nope")), 404)
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"{}",
        b'{"id": "e", "type": "payment.exploded", "transaction_reference": "x", "created": 1}',
    ],
)
def test_a_malformed_event_is_400(api_client, body):
    assert_error(deliver(api_client, body), 400)


@pytest.mark.django_db
def test_an_event_for_a_settled_payment_changes_nothing(api_client, user_client, order):
    payment = pay(user_client, order["id"], token="tok_fail").json()

    response = deliver(
        api_client, event(payment["transaction_reference"], "payment.succeeded")
    )

    assert response.json() == {"result": "ignored"}
    assert (
        Payment.objects.get(id=payment["id"]).status == "failed"
        and order_status(order) == "pending"
    )


@pytest.mark.django_db
def test_unknown_provider_webhook_is_404(api_client):
    assert_error(
        api_client.post(
            "/api/v1/payments/webhooks/paypal/", b"{}", content_type="application/json"
        ),
        404,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"type": ["payment.succeeded"]},
        {"type": {"a": 1}},
        {"created": 1e400},
        {"created": "soon"},
        {"created": True},
        {"id": "x" * 129},
        {"id": 42},
        {"transaction_reference": None},
    ],
)
def test_signed_events_with_wrong_field_types_are_400(
    api_client, order, pending_payment, fields
):
    data = {
        "id": "evt_x",
        "type": "payment.succeeded",
        "transaction_reference": pending_payment["transaction_reference"],
        "created": int(time.time()),
        **fields,
    }
    body = json.dumps(data).replace("Infinity", "1e400").encode()

    assert_error(deliver(api_client, body), 400)
    assert Payment.objects.get(id=pending_payment["id"]).status == "pending"


# --- Idempotency-Key while the gateway is being called ---------------------------


def claim(user, order, key: str, minutes_ago: int = 0):
    """The key row a first request leaves while its gateway call runs."""
    from datetime import timedelta

    from django.utils import timezone

    from project.api.idempotency import _request_hash
    from project.api.models import IdempotencyKey

    class Body:  # what _request_hash reads
        data = {"order": order["id"], "provider": "sandbox", "token": "tok_success"}

    row = IdempotencyKey.objects.create(
        user=user,
        scope="POST /api/v1/payments/",
        key=key,
        request_hash=_request_hash(Body),
        response_status=0,
        expires_at=timezone.now() + timedelta(days=1),
    )
    IdempotencyKey.objects.filter(pk=row.pk).update(
        updated_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


@pytest.mark.django_db
def test_a_retry_while_the_first_payment_request_runs_is_409_with_retry_after(
    user, user_client, order
):
    claim(user, order, "k1")

    response = pay(user_client, order["id"], key="k1")

    body = assert_error(response, 409, code="idempotency_request_in_progress")
    assert response["Retry-After"] == "1" and body
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_retry_takes_over_the_key_of_a_request_that_died(user, user_client, order):
    claim(user, order, "k1", minutes_ago=5)

    response = pay(user_client, order["id"], key="k1")

    assert response.status_code == 201 and response.json()["status"] == "succeeded"
    replay = pay(user_client, order["id"], key="k1")
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == response.json()


@pytest.mark.django_db
def test_a_refused_payment_request_frees_its_key(user_client, order):
    pay(user_client, order["id"], token="tok_pending")

    refused = pay(user_client, order["id"], key="k2")
    assert_error(refused, 409, code="payment_exists")

    from project.api.models import IdempotencyKey

    assert not IdempotencyKey.objects.filter(key="k2").exists()
