"""Order steps that involve money: cancelling (and refunding a paid
order), staff status changes, staff refunds, and expiring unpaid orders."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from forked_apps.order.services import order_cancel, order_status_change
from project.core.exceptions import Conflict
from project.payments.models import Payment
from project.payments.selectors import orders_awaiting_payment
from project.payments.services import refund_open
from project.workflows.payments import refund_execute

Order = get_model("order", "Order")

REFUND_REASON_CANCELLED = "The order was cancelled."


def order_cancel_and_refund(
    *, order: Order, by=None, amount: Decimal | None = None
) -> Order:
    """Cancel a pending or paid order: its stock returns and, when it was
    paid, a refund of the whole payment is opened in the same transaction
    and sent to the provider after commit. Any other status is a Conflict;
    `amount`, when given, must be the payment's (full refunds only)."""
    with transaction.atomic(durable=True):
        order = order_cancel(order=order, by=by)
        payment = Payment.objects.filter(
            order=order, status=Payment.Status.SUCCEEDED
        ).first()
        refund = None
        if payment is not None:
            refund = refund_open(
                payment=payment, by=by, reason=REFUND_REASON_CANCELLED, amount=amount
            )
    if refund is not None:
        refund_execute(refund)
    return order


def order_set_status(
    *,
    order: Order,
    status: str | None = None,
    by=None,
    tracking_number: str | None = None,
) -> Order:
    """A staff member moves an order (API, dashboard): along the pipeline
    through the order service, except cancelling, which refunds too."""
    if status == Order.CANCELLED and order.status != Order.CANCELLED:
        if tracking_number is not None:
            order = order_status_change(
                order=order, tracking_number=tracking_number, by=by
            )
        return order_cancel_and_refund(order=order, by=by)
    return order_status_change(
        order=order, status=status, by=by, tracking_number=tracking_number
    )


def payment_refund(
    *, payment: Payment, by=None, amount: Decimal | None = None
) -> Payment:
    """A refund staff ask for. An order that has not shipped is cancelled
    with it (its stock returns, it leaves the revenue); a shipped or
    delivered order keeps its status (the goods come back as a return).
    Only full refunds: another amount is invalid input."""
    if payment.order.status == Order.PAID:
        order_cancel_and_refund(order=payment.order, by=by, amount=amount)
    else:
        refund_execute(refund_open(payment=payment, by=by, amount=amount))
    payment.refresh_from_db()
    return payment


def orders_expire_unpaid(*, older_than: timedelta) -> int:
    """Cancel pending orders placed more than `older_than` ago whose payment
    is not on its way (none, or failed): their stock goes back on sale.
    Returns how many were cancelled."""
    cancelled = 0
    for order in orders_awaiting_payment(placed_before=timezone.now() - older_than):
        try:
            order_cancel_and_refund(order=order)
        except Conflict:  # paid or cancelled meanwhile
            continue
        cancelled += 1
    return cancelled
