"""Payments and refunds as state machines in our database. Nothing here
calls a gateway: project/workflows opens a payment or refund here (one
transaction, committed), calls the provider outside any transaction, and
records the answer here (a second transaction). Webhooks and reconciliation
settle through the same functions, so a payment moves the same way whoever
learns its outcome first; a late or repeated answer changes nothing.

    Payment: pending -> succeeded | failed;  succeeded -> refunded
    Refund:  pending -> succeeded | failed

Amount and currency always come from the order. A payment that succeeds
for an order that was cancelled meanwhile opens a refund at once."""

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from forked_apps.order.services import order_mark_paid
from project.core.exceptions import Conflict, InvalidInput, NotFound
from project.payments.models import Payment, Refund, WebhookEvent
from project.payments.providers import UnknownProvider, get_provider
from project.payments.providers.base import (
    ChargeResult,
    PaymentProvider,
    ProviderEvent,
    RefundResult,
)
from project.payments.selectors import refund_event_data
from project.webhooks.events import webhook_event_enqueue

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

REFUND_REASON_ORDER_CANCELLED = "The order was cancelled before its payment succeeded."


def provider_for(name: str) -> PaymentProvider:
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
            "reference": payment.transaction_reference or "",
        },
    )
    return source


def _lock_payment(payment: Payment) -> Payment:
    return (
        Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
    )


def payment_open(*, order: Order, provider_name: str, by=None) -> Payment:
    """Start paying an order: a pending payment, committed before the
    gateway is called. An order already paid, being paid (a pending
    payment) or not pending is a Conflict; after a failed attempt the same
    payment is opened again, one attempt more."""
    provider = provider_for(provider_name)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        payment = Payment.objects.filter(order=order).first()
        if payment is not None and payment.status != Payment.Status.FAILED:
            raise Conflict(
                f"This order already has a {payment.status} payment.",
                code="payment_exists",
            )
        if order.status != Order.PENDING:
            raise Conflict(
                f"An order that is '{order.status}' cannot be paid.",
                code="order_not_payable",
            )
        if payment is None:
            payment = Payment(order=order, attempts=1)
        else:
            payment.attempts += 1
        payment.provider = provider.name
        payment.amount = order.total_incl_tax
        payment.currency = order.currency
        payment.status = Payment.Status.PENDING
        payment.transaction_reference = None
        payment.failure_code = ""
        payment.raw_response = {}
        payment.save()
    return payment


def payment_record_charge(
    *, payment: Payment, result: ChargeResult, by=None
) -> tuple[Payment, Refund | None]:
    """Record the gateway's answer to a charge. Returns the payment and, when
    it succeeded for an order cancelled meanwhile, the refund to send."""
    with transaction.atomic():
        payment = _lock_payment(payment)
        if payment.status != Payment.Status.PENDING:
            return payment, None  # a webhook or reconciliation was first
        payment.transaction_reference = result.reference or None
        payment.raw_response = result.raw
        payment.failure_code = result.failure_code
        if result.status == "pending":
            payment.save()
            return payment, None
        return payment, _settle(payment, succeeded=result.status == "succeeded", by=by)


def payment_settle(
    *,
    payment: Payment,
    succeeded: bool,
    reference: str | None = None,
    raw: dict | None = None,
    failure_code: str = "",
    by=None,
) -> tuple[Payment, Refund | None]:
    """Settle a pending payment from what the provider's books say (a
    webhook, reconciliation), with the charge's `reference` if we never
    learnt it. Anything but a pending payment is left as it is. Returns the
    payment and the refund to send, if one was opened."""
    with transaction.atomic():
        payment = _lock_payment(payment)
        if payment.status != Payment.Status.PENDING:
            return payment, None
        if reference and not payment.transaction_reference:
            payment.transaction_reference = reference
        if failure_code:
            payment.failure_code = failure_code
        if raw:
            payment.raw_response = {**payment.raw_response, "settled_by": raw}
        return payment, _settle(payment, succeeded=succeeded, by=by)


def _settle(payment: Payment, *, succeeded: bool, by) -> Refund | None:
    """pending -> succeeded | failed, with what follows: a succeeded payment
    pays its pending order, or is refunded when the order was cancelled."""
    if not succeeded:
        payment.status = Payment.Status.FAILED
        payment.failure_code = payment.failure_code or "declined"
        payment.save()
        return None
    payment.status = Payment.Status.SUCCEEDED
    payment.save()
    source = _oscar_source(payment)
    source.reference = payment.transaction_reference or ""
    source.allocate(
        payment.amount, reference=payment.transaction_reference, status="succeeded"
    )
    source.debit(
        payment.amount, reference=payment.transaction_reference, status="succeeded"
    )
    order = order_mark_paid(order=payment.order, by=by)
    if order.status == Order.CANCELLED:
        return refund_open(payment=payment, reason=REFUND_REASON_ORDER_CANCELLED)
    return None


def refund_open(
    *, payment: Payment, by=None, reason: str = "", amount: Decimal | None = None
) -> Refund:
    """Decide to give a succeeded payment's money back: a pending refund of
    the whole amount, sent to the provider after commit. A partial amount is
    refused (invalid input); a payment that did not succeed, or whose refund
    is already under way or done, is a Conflict."""
    if amount is not None and amount != payment.amount:
        raise InvalidInput(
            f"Only full refunds are supported: {payment.amount} {payment.currency}.",
            code="partial_refund_unsupported",
            field="amount",
        )
    with transaction.atomic():
        payment = _lock_payment(payment)
        if payment.status != Payment.Status.SUCCEEDED:
            raise Conflict(
                f"A {payment.status} payment cannot be refunded.", code="not_refundable"
            )
        if payment.refunds.exclude(status=Refund.Status.FAILED).exists():
            raise Conflict(
                "This payment's refund is already under way.", code="not_refundable"
            )
        return Refund.objects.create(
            payment=payment,
            amount=payment.amount,
            currency=payment.currency,
            reason=reason,
            requested_by=by if getattr(by, "pk", None) else None,
        )


def refund_record(
    *, refund: Refund, result: RefundResult | None = None, failure: str = ""
) -> Refund:
    """Record the provider's answer to a refund: succeeded (the payment is
    then `refunded`), failed (`failure` says why; the payment stays
    succeeded and may be refunded again) or still pending."""
    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update()
            .select_related("payment__order")
            .get(pk=refund.pk)
        )
        if refund.status != Refund.Status.PENDING:
            return refund
        if result is None:
            refund.status = Refund.Status.FAILED
            refund.raw_response = {**refund.raw_response, "error": failure}
            refund.save()
            return refund
        refund.reference = result.reference
        refund.raw_response = result.raw
        if result.status == "pending":
            refund.save()
            return refund
        if result.status == "failed":
            refund.status = Refund.Status.FAILED
            refund.save()
            return refund
        refund.status = Refund.Status.SUCCEEDED
        refund.save()
        payment = _lock_payment(refund.payment)
        payment.status = Payment.Status.REFUNDED
        payment.save(update_fields=["status", "updated_at"])
        _oscar_source(payment).refund(
            refund.amount, reference=refund.reference, status="succeeded"
        )
        webhook_event_enqueue(
            event_type="payment.refunded", subject=refund.pk, build=refund_event_data
        )
    return refund


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return value is not None


def _payment_of(provider_name: str, event: ProviderEvent) -> Payment | None:
    payment = Payment.objects.filter(
        provider=provider_name, transaction_reference=event.reference
    ).first()
    if payment is None and _is_uuid(event.payment_id):
        # The event came before the gateway's answer to the charge; one about
        # an earlier attempt of the same payment is not this charge's.
        payment = Payment.objects.filter(
            provider=provider_name,
            pk=event.payment_id,
            transaction_reference__isnull=True,
        ).first()
        if payment is not None and event.attempt not in (
            None,
            "",
            str(payment.attempts),
        ):
            payment = None
        if payment is not None:
            payment.transaction_reference = event.reference
            payment.save(update_fields=["transaction_reference", "updated_at"])
    return payment


def webhook_event_apply(
    *, provider_name: str, event: ProviderEvent
) -> tuple[str, Refund | None]:
    """Apply a verified webhook event once. Returns what happened,
    "processed", "duplicate" (this event was applied before) or "ignored"
    (an event we do not act on, or for a payment or refund that is no longer
    pending), and the refund to send, if one was opened. An event about a
    charge or refund we do not know is NotFound."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(
                    provider=provider_name,
                    event_id=event.id,
                    event_type=event.type,
                    payload=event.raw,
                )
        except IntegrityError:
            return "duplicate", None
        if event.type == "ignored":
            return "ignored", None
        if event.type.startswith("refund."):
            refund = Refund.objects.filter(
                payment__provider=provider_name, reference=event.reference
            ).first()
            if refund is None:
                raise NotFound("No refund has this reference.")
            if refund.status != Refund.Status.PENDING:
                return "ignored", None
            refund_record(
                refund=refund,
                result=RefundResult(
                    status=event.type.removeprefix("refund."),
                    reference=event.reference,
                    raw=event.raw,
                ),
            )
            return "processed", None
        payment = _payment_of(provider_name, event)
        if payment is None:
            raise NotFound("No payment has this transaction reference.")
        if payment.status != Payment.Status.PENDING:
            return "ignored", None
        _, refund = payment_settle(
            payment=payment,
            succeeded=event.type == "payment.succeeded",
            raw={"webhook": event.id},
            failure_code=event.failure_code,
        )
        return "processed", refund
