"""The money path end to end (project/workflows): the gateway is never
called inside a transaction, and a provider that crashes after charging or
never answers leaves money and stock consistent once a webhook or
reconciliation has spoken."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from forked_apps.order.models import Order
from project.payments.models import Payment, Refund, SandboxCharge
from project.payments.providers.base import ProviderUnavailable
from project.payments.providers.sandbox import SandboxProvider
from project.workflows.gateway import TransactionOpen
from project.workflows.orders import order_cancel_and_refund
from project.workflows.payments import order_pay, refunds_retry_pending
from project.workflows.reconciliation import reconcile
from tests.conftest import bearer_client, requires_postgres
from tests.factories import UserFactory, make_product
from tests.helpers import stock
from tests.shopping import place_order

HERE = __name__


class CrashAfterChargeProvider(SandboxProvider):
    """Charges (the sandbox's books have it), then our process dies before
    the answer is recorded."""

    name = "crashing"

    def charge(self, **kwargs):
        super().charge(**kwargs)
        raise RuntimeError("the web worker was killed")


class RecordingProvider(SandboxProvider):
    """Notes whether a transaction was open at each call (the test's own
    wrapping aside: these tests run without one)."""

    name = "recording"
    calls = []

    def charge(self, **kwargs):
        type(self).calls.append(("charge", connection.in_atomic_block))
        return super().charge(**kwargs)

    def refund(self, **kwargs):
        type(self).calls.append(("refund", connection.in_atomic_block))
        return super().refund(**kwargs)


class RefundUnavailableProvider(SandboxProvider):
    name = "refund-down"
    available = False

    def refund(self, **kwargs):
        if not type(self).available:
            raise ProviderUnavailable("timeout")
        return super().refund(**kwargs)


@pytest.fixture
def providers(settings):
    settings.PAYMENT_PROVIDERS = {
        "sandbox": "project.payments.providers.sandbox.SandboxProvider",
        "crashing": f"{HERE}.CrashAfterChargeProvider",
        "recording": f"{HERE}.RecordingProvider",
        "refund-down": f"{HERE}.RefundUnavailableProvider",
    }


@pytest.fixture
def lamp(db):
    return make_product("Lamp", price="19.99", stock=5)


@pytest.fixture
def order(lamp):
    placed = place_order(bearer_client(UserFactory()), {"lamp": 2})
    return Order.objects.get(uuid=placed["id"])


def a_day_around_now():
    now = timezone.now()
    return {"since": now - timedelta(days=1), "until": now + timedelta(days=1)}


def test_a_provider_is_never_called_inside_a_transaction(providers, order):
    with transaction.atomic(), pytest.raises(TransactionOpen):
        order_pay(order=order, provider_name="sandbox", token="tok_success")

    assert not SandboxCharge.objects.exists()  # nothing was charged
    assert not Payment.objects.exists()


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_charge_and_refund_run_with_no_transaction_open(providers):
    make_product("Lamp", price="19.99", stock=5)
    placed = place_order(bearer_client(UserFactory()), {"lamp": 1})
    order = Order.objects.get(uuid=placed["id"])
    RecordingProvider.calls = []

    order_pay(order=order, provider_name="recording", token="tok_success")
    order_cancel_and_refund(order=order)

    assert RecordingProvider.calls == [("charge", False), ("refund", False)]
    assert Payment.objects.get().status == Payment.Status.REFUNDED


def test_a_crash_after_the_charge_leaves_a_pending_payment_that_reconciliation_settles(
    providers, order, lamp
):
    with pytest.raises(RuntimeError):
        order_pay(order=order, provider_name="crashing", token="tok_success")

    # The customer's money was taken; we have a pending payment, the stock is held.
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.PENDING
    assert SandboxCharge.objects.get().status == "succeeded"
    assert stock(lamp) == (5, 2)
    order.refresh_from_db()
    assert order.status == Order.PENDING

    report = reconcile(provider_name="crashing", settle=True, **a_day_around_now())

    assert [m.kind for m in report.mismatches] == ["paid_there_pending_here"]
    payment.refresh_from_db()
    order.refresh_from_db()
    charge = SandboxCharge.objects.get()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.transaction_reference == charge.reference
    assert order.status == Order.PAID and stock(lamp) == (5, 2)
    assert reconcile(provider_name="crashing", **a_day_around_now()).mismatches == []


def test_a_timeout_leaves_a_pending_payment_that_the_webhook_settles(
    providers, user_client, lamp
):
    from tests.api.test_payments import deliver, event

    placed = place_order(user_client, {"lamp": 1})
    response = user_client.post(
        "/api/v1/payments/",
        {"order": placed["id"], "provider": "sandbox", "token": "tok_timeout"},
        format="json",
    )

    assert response.status_code == 201 and response.json()["status"] == "pending"
    payment = Payment.objects.get()
    assert payment.transaction_reference is None  # we never heard the answer
    charge = SandboxCharge.objects.get()
    assert charge.status == "succeeded" and charge.metadata["payment_id"] == str(
        payment.id
    )

    # The gateway's webhook carries the charge's metadata: our payment's id.
    settled = deliver(user_client, event(charge.reference))

    assert settled.status_code == 200 and settled.json() == {"result": "processed"}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert Order.objects.get(uuid=placed["id"]).status == Order.PAID
    assert stock(lamp) == (5, 1)


def test_a_charge_that_succeeds_after_the_order_was_cancelled_is_refunded(
    providers, order, lamp
):
    payment = order_pay(order=order, provider_name="sandbox", token="tok_timeout")
    assert payment.status == Payment.Status.PENDING
    order_cancel_and_refund(order=order)  # nothing to refund yet: no money known
    assert stock(lamp) == (5, 0)

    reconcile(provider_name="sandbox", settle=True, **a_day_around_now())

    payment.refresh_from_db()
    refund = Refund.objects.get()
    assert payment.status == Payment.Status.REFUNDED
    assert refund.status == Refund.Status.SUCCEEDED and refund.amount == payment.amount
    assert SandboxCharge.objects.get().status == "refunded"  # the money went back
    order.refresh_from_db()
    assert order.status == Order.CANCELLED and stock(lamp) == (5, 0)


def test_a_refund_with_no_answer_stays_pending_and_is_sent_again(providers, order):
    payment = order_pay(order=order, provider_name="refund-down", token="tok_success")
    RefundUnavailableProvider.available = False

    order_cancel_and_refund(order=order)

    refund = Refund.objects.get()
    assert refund.status == Refund.Status.PENDING
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    order.refresh_from_db()
    assert order.status == Order.CANCELLED

    RefundUnavailableProvider.available = True
    assert refunds_retry_pending(older_than_seconds=0) == 1

    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert payment.status == Payment.Status.REFUNDED
    # The same idempotency key twice: one refund in the provider's books.
    assert len(SandboxCharge.objects.get().refunds) == 1


def test_an_order_whose_payment_was_abandoned_expires_and_a_late_success_is_refunded(
    providers, order, lamp
):
    from project.workflows.orders import orders_expire_unpaid
    from tests.api.test_payments import deliver, event

    payment = order_pay(order=order, provider_name="sandbox", token="tok_pending")
    an_hour_ago = timezone.now() - timedelta(minutes=61)
    Order.objects.filter(pk=order.pk).update(date_placed=an_hour_ago)
    assert orders_expire_unpaid(older_than=timedelta(minutes=60)) == 0  # on its way

    Payment.objects.filter(pk=payment.pk).update(updated_at=an_hour_ago)
    assert orders_expire_unpaid(older_than=timedelta(minutes=60)) == 1

    order.refresh_from_db()
    assert order.status == Order.CANCELLED and stock(lamp) == (5, 0)
    # The customer finishes paying after all: the money goes back.
    from rest_framework.test import APIClient

    deliver(APIClient(), event(payment.transaction_reference))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert SandboxCharge.objects.get().status == "refunded"
