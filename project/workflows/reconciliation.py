"""Reconciliation: our payments against each provider's books, for a date
range. Every mismatch is reported; the safe ones are settled through the
same services as a webhook (when `settle` is on), the rest are left for a
person.

Safe, settled:
    paid_there_pending_here      the charge succeeded; we never heard: paid
                                 (or refunded at once if the order was cancelled)
    failed_there_pending_here    the charge failed; we never heard: failed
    unknown_there_pending_here   no charge at the provider, opened longer than
                                 RECONCILE_PENDING_GRACE_MINUTES ago: failed
    refunded_there_paid_here     refunded at the provider (its dashboard, or
                                 we never heard the answer): refund recorded,
                                 an unshipped order cancelled
For a person:
    amount_differs, unknown_there (we think it succeeded), paid_here_not_there,
    paid_there_failed_here, refunded_here_not_there, unknown_here (a charge
    that took money and matches no payment of ours)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from forked_apps.order.services import order_cancel
from project.payments.models import Payment, Refund
from project.payments.providers import get_provider
from project.payments.providers.base import ProviderRecord, RefundResult
from project.payments.services import payment_settle, refund_open, refund_record
from project.workflows.gateway import outside_transaction
from project.workflows.payments import refund_execute

Order = get_model("order", "Order")

SETTLED, NEEDS_REVIEW = "settled", "needs_review"
SAFE_KINDS = {
    "paid_there_pending_here",
    "failed_there_pending_here",
    "unknown_there_pending_here",
    "refunded_there_paid_here",
}
# A provider's clock and ours differ, and a charge is created a moment
# after its payment: records are fetched this much wider than the range.
MARGIN = timedelta(hours=1)


@dataclass
class Mismatch:
    kind: str
    payment: Payment | None
    record: ProviderRecord | None
    action: str = NEEDS_REVIEW

    @property
    def safe(self) -> bool:
        return self.kind in SAFE_KINDS


@dataclass
class Report:
    provider: str
    since: datetime
    until: datetime
    checked: int = 0
    matched: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def needs_review(self) -> list[Mismatch]:
        return [m for m in self.mismatches if m.action == NEEDS_REVIEW]

    @property
    def settled(self) -> list[Mismatch]:
        return [m for m in self.mismatches if m.action == SETTLED]


def _kind(payment: Payment, record: ProviderRecord | None, now: datetime) -> str:
    """What is wrong between our payment and the provider's record ("" when
    they agree, or when a payment is still in flight)."""
    status = payment.status
    if record is None:
        if status == Payment.Status.PENDING:
            grace = timedelta(minutes=settings.RECONCILE_PENDING_GRACE_MINUTES)
            return (
                "unknown_there_pending_here" if payment.updated_at < now - grace else ""
            )
        if status in (Payment.Status.SUCCEEDED, Payment.Status.REFUNDED):
            return "unknown_there"
        return ""
    if (record.amount, record.currency.upper()) != (payment.amount, payment.currency):
        return "amount_differs"
    there = record.status
    if status == Payment.Status.PENDING:
        return {
            "succeeded": "paid_there_pending_here",
            "failed": "failed_there_pending_here",
            "refunded": "paid_there_pending_here",
        }.get(there, "")
    if status == Payment.Status.SUCCEEDED:
        return {
            "refunded": "refunded_there_paid_here",
            "failed": "paid_here_not_there",
            "pending": "paid_here_not_there",
        }.get(there, "")
    if status == Payment.Status.FAILED and there in ("succeeded", "refunded"):
        return "paid_there_failed_here"
    if status == Payment.Status.REFUNDED and there != "refunded":
        return "refunded_here_not_there"
    return ""


def reconcile(
    *, provider_name: str, since: datetime, until: datetime, settle: bool = False
) -> Report:
    """Compare our `provider_name` payments opened in [since, until) with
    the provider's charges of that range; settle the safe mismatches when
    `settle` is on. Nothing is changed otherwise."""
    provider = get_provider(provider_name)
    records = list(
        outside_transaction(
            provider.list_records, since=since - MARGIN, until=until + MARGIN
        )
    )
    by_reference = {record.reference: record for record in records}
    latest_by_payment = {}
    for record in sorted(records, key=lambda r: r.created):
        if record.payment_id:
            latest_by_payment[record.payment_id] = record
    # Opened in the range, or changed in it (a retried payment's charge is
    # newer than the payment).
    payments = list(
        Payment.objects.filter(
            Q(created_at__gte=since, created_at__lt=until)
            | Q(updated_at__gte=since, updated_at__lt=until),
            provider=provider.name,
        ).select_related("order")
    )
    report = Report(provider=provider.name, since=since, until=until)
    now = timezone.now()
    seen = set()
    for payment in payments:
        report.checked += 1
        record = by_reference.get(payment.transaction_reference or "")
        if record is None and not payment.transaction_reference:
            record = latest_by_payment.get(str(payment.id))
        if record is not None:
            seen.add(record.reference)
        kind = _kind(payment, record, now)
        if not kind:
            report.matched += 1
            continue
        report.mismatches.append(Mismatch(kind, payment, record))
    unseen = [
        record
        for record in records
        if record.reference not in seen
        and since <= record.created < until
        and record.status in ("succeeded", "refunded")  # money was taken
    ]
    known = set(
        Payment.objects.filter(
            transaction_reference__in=[record.reference for record in unseen]
        ).values_list("transaction_reference", flat=True)
    )
    report.mismatches.extend(
        Mismatch("unknown_here", None, record)
        for record in unseen
        if record.reference not in known
    )
    if settle:
        for mismatch in report.mismatches:
            if mismatch.safe:
                _settle(mismatch)
                mismatch.action = SETTLED
    return report


def _settle(mismatch: Mismatch) -> None:
    payment, record = mismatch.payment, mismatch.record
    if mismatch.kind in ("paid_there_pending_here", "failed_there_pending_here"):
        _, refund = payment_settle(
            payment=payment,
            succeeded=mismatch.kind == "paid_there_pending_here",
            reference=record.reference,
            raw={"reconciliation": record.status},
        )
        if refund is not None:
            refund_execute(refund)
    elif mismatch.kind == "unknown_there_pending_here":
        payment_settle(
            payment=payment, succeeded=False, raw={"reconciliation": "unknown there"}
        )
    elif mismatch.kind == "refunded_there_paid_here":
        _record_refund_made_there(payment, record)


def _record_refund_made_there(payment: Payment, record: ProviderRecord) -> None:
    """The provider gave the money back: our refund (opened now if none is
    under way) succeeded, and an order that has not shipped is cancelled."""
    with transaction.atomic():
        refund = payment.refunds.filter(status=Refund.Status.PENDING).first()
        if refund is None:
            refund = refund_open(payment=payment, reason="Refunded at the provider.")
        refund_record(
            refund=refund,
            result=RefundResult(
                status="succeeded",
                reference=record.refund_reference or f"{record.reference}-refund",
                raw={"reconciliation": "refunded there"},
            ),
        )
        if payment.order.status == Order.PAID:
            order_cancel(order=payment.order)


def reconcile_all_providers(*, days: int) -> int:
    """reconcile() the last `days` days of every provider, settling the safe
    mismatches. Returns how many mismatches are left for a person."""
    until = timezone.now()
    since = until - timedelta(days=days)
    left = 0
    for name in settings.PAYMENT_PROVIDERS:
        report = reconcile(provider_name=name, since=since, until=until, settle=True)
        left += len(report.needs_review)
    return left
