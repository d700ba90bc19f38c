"""Paying an order, refunding, and the providers' webhooks: each opens its
payment or refund in one transaction, calls the provider outside any
transaction (gateway.outside_transaction), and records the answer in a
second transaction (project/payments/services.py)."""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from project.core.exceptions import InvalidInput, NotFound
from project.payments.models import Payment, Refund
from project.payments.providers import UnknownProvider, get_provider
from project.payments.providers.base import (
    ChargeResult,
    ProviderError,
    ProviderUnavailable,
)
from project.payments.services import (
    payment_open,
    payment_record_charge,
    provider_for,
    refund_record,
    webhook_event_apply,
)
from project.workflows.gateway import outside_transaction, require_no_transaction

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")


def order_pay(*, order: Order, provider_name: str, token: str, by=None) -> Payment:
    """Charge the order's total through a provider. Returns the payment:
    succeeded (the order is paid), failed (declined; the customer may try
    again), or pending (the provider needs the customer, e.g. Stripe's
    client_secret, or did not answer: a webhook or reconciliation settles
    it). A token the provider refuses is invalid input."""
    require_no_transaction("order_pay")  # before anything is opened
    provider = provider_for(provider_name)
    try:
        provider.validate_token(token)
        provider.validate_amount(order.total_incl_tax, order.currency)
    except ProviderError as exc:
        raise _refused(exc) from None
    payment = payment_open(order=order, provider_name=provider_name, by=by)
    try:
        result = outside_transaction(
            provider.charge,
            amount=payment.amount,
            currency=payment.currency,
            token=token,
            description=f"Order {payment.order.number}",
            idempotency_key=payment.gateway_idempotency_key,
            metadata={
                "payment_id": str(payment.id),
                "attempt": str(payment.attempts),
                "order_number": payment.order.number,
            },
        )
    except ProviderUnavailable as exc:
        logger.warning("payment %s: no answer from %s: %s", payment.id, provider, exc)
        return payment
    except ProviderError as exc:
        payment_record_charge(
            payment=payment,
            result=ChargeResult(status="failed", reference="", failure_code=exc.code),
            by=by,
        )
        raise _refused(exc) from None
    payment, refund = payment_record_charge(payment=payment, result=result, by=by)
    if refund is not None:
        refund_execute(refund)
    return payment


def _refused(exc: ProviderError) -> InvalidInput:
    return InvalidInput(str(exc), code=exc.code, field=exc.field)


def refund_execute(refund: Refund) -> Refund:
    """Send an opened refund to its provider and record the answer. With no
    answer it stays pending, and refunds_retry_pending() sends it again
    (same idempotency key: one refund at the provider)."""
    payment = refund.payment
    provider = get_provider(payment.provider)
    try:
        result = outside_transaction(
            provider.refund,
            reference=payment.transaction_reference,
            amount=refund.amount,
            currency=refund.currency,
            idempotency_key=refund.gateway_idempotency_key,
        )
    except ProviderUnavailable as exc:
        logger.warning("refund %s: no answer from %s: %s", refund.id, provider, exc)
        return refund
    except ProviderError as exc:
        logger.error("refund %s refused by %s: %s", refund.id, provider, exc)
        return refund_record(refund=refund, failure=str(exc))
    return refund_record(refund=refund, result=result)


def webhook_receive(*, provider_name: str, body: bytes, headers) -> str:
    """Verify a provider's callback and apply it once: "processed",
    "duplicate" or "ignored". A forged, missing or stale signature raises
    InvalidSignature and changes nothing; a malformed signed body is
    invalid input; an unknown provider, payment or refund is NotFound."""
    try:
        provider = get_provider(provider_name)
    except UnknownProvider:
        raise NotFound(f"Unknown payment provider '{provider_name}'.") from None
    try:
        event = outside_transaction(provider.parse_webhook, body=body, headers=headers)
    except ProviderError as exc:
        raise InvalidInput(str(exc), code="invalid_event") from None
    result, refund = webhook_event_apply(provider_name=provider.name, event=event)
    if refund is not None:
        refund_execute(refund)
    return result


def refunds_retry_pending(*, older_than_seconds: int = 60) -> int:
    """Send again the refunds whose provider did not answer (pending for
    more than a minute, with no reference yet). Returns how many."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    stuck = Refund.objects.filter(
        Q(reference__isnull=True) | Q(reference=""),
        status=Refund.Status.PENDING,
        created_at__lt=cutoff,
    ).select_related("payment")
    count = 0
    for refund in stuck.iterator():
        refund_execute(refund)
        count += 1
    return count
