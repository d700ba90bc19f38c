"""Payment and refund states at service level (project/payments/services.py):
pending -> succeeded | failed; succeeded -> refunded; refunds pending ->
succeeded | failed. A late or repeated answer changes nothing."""

from decimal import Decimal

import pytest

from forked_apps.order.models import Order
from forked_apps.order.services import order_cancel
from project.core.exceptions import Conflict, InvalidInput
from project.payments.models import Payment, Refund
from project.payments.providers.base import ChargeResult, RefundResult
from project.payments.services import (
    payment_open,
    payment_record_charge,
    payment_settle,
    refund_open,
    refund_record,
)
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.shopping import place_order

SUCCEEDED = ChargeResult(status="succeeded", reference="sbx_1", raw={"id": "sbx_1"})
DECLINED = ChargeResult(
    status="failed", reference="sbx_2", raw={}, failure_code="card_declined"
)


@pytest.fixture
def order(db):
    make_product("Lamp", price="19.99", stock=5)
    placed = place_order(bearer_client(UserFactory()), {"lamp": 2})
    return Order.objects.get(uuid=placed["id"])


def paid(order) -> Payment:
    payment = payment_open(order=order, provider_name="sandbox")
    payment, _ = payment_record_charge(payment=payment, result=SUCCEEDED)
    return payment


def test_opening_a_payment_takes_amount_and_currency_from_the_order(order):
    payment = payment_open(order=order, provider_name="sandbox")

    assert payment.status == Payment.Status.PENDING and payment.attempts == 1
    assert (payment.amount, payment.currency) == (Decimal("39.98"), "USD")
    assert payment.transaction_reference is None


@pytest.mark.parametrize(
    "first, code",
    [(None, "payment_exists"), (SUCCEEDED, "payment_exists")],
)
def test_a_second_payment_while_one_is_pending_or_succeeded_is_a_conflict(
    order, first, code
):
    payment = payment_open(order=order, provider_name="sandbox")
    if first is not None:
        payment_record_charge(payment=payment, result=first)

    with pytest.raises(Conflict) as refused:
        payment_open(order=order, provider_name="sandbox")

    assert refused.value.code == code
    assert Payment.objects.get().attempts == 1


def test_a_declined_payment_is_opened_again_as_a_new_attempt(order):
    payment = payment_open(order=order, provider_name="sandbox")
    declined, _ = payment_record_charge(payment=payment, result=DECLINED)
    assert declined.status == Payment.Status.FAILED
    assert declined.failure_code == "card_declined"

    again = payment_open(order=order, provider_name="sandbox")

    assert again.pk == payment.pk and again.attempts == 2
    assert again.status == Payment.Status.PENDING
    assert again.gateway_idempotency_key != declined.gateway_idempotency_key


def test_success_pays_the_order_once(order):
    payment = paid(order)

    order.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED and order.status == Order.PAID
    # The webhook announcing the same charge afterwards changes nothing.
    again, refund = payment_settle(payment=payment, succeeded=False)
    assert again.status == Payment.Status.SUCCEEDED and refund is None
    assert order.status_changes.filter(new_status=Order.PAID).count() == 1


def test_a_late_answer_does_not_undo_a_settled_payment(order):
    payment = payment_open(order=order, provider_name="sandbox")
    payment_settle(payment=payment, succeeded=True, reference="sbx_1")

    late, _ = payment_record_charge(payment=payment, result=DECLINED)

    assert late.status == Payment.Status.SUCCEEDED
    assert late.transaction_reference == "sbx_1"


def test_a_pending_answer_keeps_the_payment_pending_with_its_reference(order):
    payment = payment_open(order=order, provider_name="sandbox")

    payment, _ = payment_record_charge(
        payment=payment,
        result=ChargeResult(
            status="pending", reference="pi_1", raw={"client_secret": "pi_1_secret"}
        ),
    )

    assert payment.status == Payment.Status.PENDING
    assert payment.transaction_reference == "pi_1"
    assert payment.client_secret == "pi_1_secret"


def test_success_for_an_order_cancelled_meanwhile_opens_a_refund(order):
    payment = payment_open(order=order, provider_name="sandbox")
    order_cancel(order=order)

    payment, refund = payment_record_charge(payment=payment, result=SUCCEEDED)

    order.refresh_from_db()
    assert order.status == Order.CANCELLED
    assert payment.status == Payment.Status.SUCCEEDED
    assert refund is not None and refund.status == Refund.Status.PENDING
    assert refund.amount == payment.amount and "cancelled" in refund.reason


def test_a_refund_moves_the_payment_to_refunded_only_when_it_succeeds(order):
    payment = paid(order)
    refund = refund_open(payment=payment, reason="customer asked")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED  # the money is still out

    refund_record(
        refund=refund,
        result=RefundResult(status="succeeded", reference="sbx_re_1"),
    )

    payment.refresh_from_db()
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert payment.status == Payment.Status.REFUNDED


def test_a_failed_refund_leaves_the_payment_refundable(order):
    payment = paid(order)
    refund = refund_open(payment=payment)

    refund_record(refund=refund, failure="the provider refused")

    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert refund_open(payment=payment).status == Refund.Status.PENDING


def test_a_payment_is_refunded_once(order):
    payment = paid(order)
    refund_open(payment=payment)

    with pytest.raises(Conflict) as refused:
        refund_open(payment=payment)

    assert refused.value.code == "not_refundable"
    assert Refund.objects.count() == 1


def test_only_full_refunds(order):
    payment = paid(order)

    with pytest.raises(InvalidInput) as refused:
        refund_open(payment=payment, amount=Decimal("1.00"))

    assert refused.value.code == "partial_refund_unsupported"
    assert not Refund.objects.exists()


@pytest.mark.parametrize("status", ["pending", "failed"])
def test_only_a_succeeded_payment_can_be_refunded(order, status):
    payment = payment_open(order=order, provider_name="sandbox")
    if status == "failed":
        payment_record_charge(payment=payment, result=DECLINED)

    with pytest.raises(Conflict):
        refund_open(payment=payment)
