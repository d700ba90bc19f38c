"""Payments: charge an order through its provider, refund, and settle
pending payments from the provider's signed webhooks.

Amount and currency always come from the order. The order row is locked
while a payment is made, so two concurrent payments of one order make one
charge; a success moves the order to `paid` in the same transaction."""

import time

from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from forked_apps.order.services import order_mark_paid
from project.core.exceptions import Conflict, InvalidInput, NotFound
from project.payments.models import Payment, WebhookEvent
from project.payments.providers import UnknownProvider, get_provider
from project.payments.providers.base import ProviderError, ProviderEvent

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

# Webhook events older (or newer) than this are refused: replay protection.
WEBHOOK_TOLERANCE_SECONDS = 300


def provider_for(name: str):
    try:
        return get_provider(name)
    except UnknownProvider:
        raise InvalidInput(
            f"Unknown payment provider '{name}'.",
            code="invalid_choice",
            field="provider",
        ) from None


def _oscar_source(payment: Payment) -> Source:
    """The Oscar payment source the dashboard shows for this payment."""
    source_type, _ = SourceType.objects.get_or_create(name=payment.provider)
    source, _ = Source.objects.get_or_create(
        order=payment.order,
        source_type=source_type,
        defaults={
            "currency": payment.currency,
            "reference": payment.transaction_reference,
        },
    )
    return source


def _record_success(payment: Payment, by) -> None:
    source = _oscar_source(payment)
    source.reference = payment.transaction_reference
    source.allocate(
        payment.amount, reference=payment.transaction_reference, status="succeeded"
    )
    source.debit(
        payment.amount, reference=payment.transaction_reference, status="succeeded"
    )
    order_mark_paid(order=payment.order, by=by)


def payment_create(*, order: Order, provider_name: str, token: str, by=None) -> Payment:
    """Pay an order. A second payment when one succeeded or is pending is a
    Conflict, as is paying a cancelled or already paid order; after a failure
    the payment may be retried (the same Payment is charged again)."""
    provider = provider_for(provider_name)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        payment = Payment.objects.filter(order=order).first()
        if payment is not None and payment.status in (
            Payment.Status.SUCCEEDED,
            Payment.Status.PENDING,
            Payment.Status.REFUNDED,
        ):
            raise Conflict(
                f"This order already has a {payment.status} payment.",
                code="payment_exists",
            )
        if order.status != Order.PENDING:
            raise Conflict(
                f"An order that is '{order.status}' cannot be paid.",
                code="order_not_payable",
            )
        try:
            result = provider.charge(
                amount=order.total_incl_tax,
                currency=order.currency,
                token=token,
                description=f"Order {order.number}",
            )
        except ProviderError as exc:
            raise InvalidInput(str(exc), code="invalid_token", field="token") from None
        if payment is None:
            payment = Payment(order=order, attempts=1)
        else:
            payment.attempts += 1
        payment.provider = provider.name
        payment.amount = order.total_incl_tax
        payment.currency = order.currency
        payment.status = result.status
        payment.transaction_reference = result.reference
        payment.raw_response = result.raw
        payment.save()
        payment.order = order
        if result.status == Payment.Status.SUCCEEDED:
            _record_success(payment, by)
    return payment


def payment_refund(*, payment: Payment, by=None) -> Payment:
    """Refund a succeeded payment in full (status `refunded`); anything else
    is a Conflict."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .select_related("order")
            .get(pk=payment.pk)
        )
        if payment.status != Payment.Status.SUCCEEDED:
            raise Conflict(
                f"A {payment.status} payment cannot be refunded.", code="not_refundable"
            )
        result = provider_for(payment.provider).refund(
            reference=payment.transaction_reference,
            amount=payment.amount,
            currency=payment.currency,
        )
        payment.status = Payment.Status.REFUNDED
        payment.raw_response = {**payment.raw_response, "refund": result.raw}
        payment.save(update_fields=["status", "raw_response", "updated_at"])
        _oscar_source(payment).refund(
            payment.amount, reference=result.reference, status="succeeded"
        )
    return payment


def payment_refund_by_staff(*, payment: Payment, by=None) -> Payment:
    """A refund staff ask for. An order that has not shipped is cancelled
    with it (its stock returns, it leaves the revenue); a shipped or
    delivered order keeps its status (the goods come back as a return)."""
    from forked_apps.order.services import order_cancel

    if payment.order.status == Order.PAID:
        order_cancel(order=payment.order, by=by)  # refunds the payment too
        payment.refresh_from_db()
        return payment
    return payment_refund(payment=payment, by=by)


def payment_refund_for_order(*, order: Order, by=None) -> None:
    """Refund the order's payment if it succeeded (order cancellation)."""
    payment = Payment.objects.filter(
        order=order, status=Payment.Status.SUCCEEDED
    ).first()
    if payment is not None:
        payment_refund(payment=payment, by=by)


class InvalidSignature(Exception):
    pass


def webhook_process(*, provider_name: str, body: bytes, headers) -> str:
    """Verify and apply a provider's callback. Returns what happened:
    "processed", "duplicate" (event already seen) or "ignored" (payment no
    longer pending). Raises InvalidSignature for a forged or missing
    signature, InvalidInput for a malformed or stale event, NotFound for an
    unknown payment; nothing is changed then."""
    try:
        provider = get_provider(provider_name)
    except UnknownProvider:
        raise NotFound(f"Unknown payment provider '{provider_name}'.") from None
    if not provider.verify_webhook(body=body, headers=headers):
        raise InvalidSignature
    try:
        event = provider.parse_webhook(body=body)
    except ProviderError as exc:
        raise InvalidInput(str(exc), code="invalid_event") from None
    if abs(time.time() - event.created) > WEBHOOK_TOLERANCE_SECONDS:
        raise InvalidInput(
            "The event is too old (or from the future).", code="stale_event"
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(
                    provider=provider.name,
                    event_id=event.id,
                    event_type=event.type,
                    payload=event.raw,
                )
        except IntegrityError:
            return "duplicate"
        payment = (
            Payment.objects.select_for_update()
            .select_related("order")
            .filter(
                provider=provider.name,
                transaction_reference=event.transaction_reference,
            )
            .first()
        )
        if payment is None:
            raise NotFound("No payment has this transaction reference.")
        if payment.status != Payment.Status.PENDING:
            return "ignored"
        return _settle(payment, event)


def _settle(payment: Payment, event: ProviderEvent) -> str:
    payment.raw_response = {**payment.raw_response, "webhook": event.raw}
    if event.type == "payment.succeeded":
        if payment.order.status == Order.CANCELLED:
            # The order was cancelled while the payment was pending: give the money back.
            payment.status = Payment.Status.SUCCEEDED
            payment.save(update_fields=["status", "raw_response", "updated_at"])
            payment_refund(payment=payment)
            return "processed"
        payment.status = Payment.Status.SUCCEEDED
        payment.save(update_fields=["status", "raw_response", "updated_at"])
        _record_success(payment, by=None)
    else:
        payment.status = Payment.Status.FAILED
        payment.save(update_fields=["status", "raw_response", "updated_at"])
    return "processed"
