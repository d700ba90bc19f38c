"""Payments: one per order, its refunds, the providers' webhook events, and
the sandbox provider's own ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from project.core.models import TimeStampedModel


class Payment(TimeStampedModel):
    """The order's payment. Amount and currency are copied from the order.

    States: `pending` (opened; the gateway's answer, a webhook or
    reconciliation settles it) -> `succeeded` | `failed`; `succeeded` ->
    `refunded` when a full refund succeeds. A failed payment may be retried:
    the same row goes back to pending with one more attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        REFUNDED = "refunded", _("Refunded")

    order = models.OneToOneField(
        "order.Order", on_delete=models.PROTECT, related_name="payment"
    )
    provider = models.CharField(max_length=50, db_index=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # The provider's id of the charge; unknown until the gateway answers.
    transaction_reference = models.CharField(
        max_length=128, unique=True, null=True, blank=True
    )
    failure_code = models.CharField(max_length=64, blank=True)
    raw_response = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="payments_status_idx")
        ]

    def __str__(self):
        return (
            f"{self.provider} {self.transaction_reference or self.id} ({self.status})"
        )

    @property
    def gateway_idempotency_key(self) -> str:
        """Sent with the charge: a retried call of the same attempt (after a
        timeout, say) is one charge at the provider."""
        return f"payment-{self.id}-{self.attempts}"

    @property
    def client_secret(self) -> str | None:
        """What a frontend needs to finish a pending payment with the
        provider's own script (Stripe.js), when the provider has one."""
        if self.status != self.Status.PENDING:
            return None
        return self.raw_response.get("client_secret")


class Refund(TimeStampedModel):
    """Money given back for a succeeded payment, in full. Opened (`pending`)
    in the same transaction as the decision to refund, sent to the provider
    after commit, and settled by its answer, a webhook or reconciliation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reference = models.CharField(max_length=128, unique=True, null=True, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raw_response = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A payment is refunded once: a second refund can only follow a
            # failed one.
            models.UniqueConstraint(
                fields=["payment"],
                condition=~Q(status="failed"),
                name="payments_refund_one_live_per_payment",
            )
        ]

    def __str__(self):
        return (
            f"refund {self.reference or self.id} of {self.payment_id} ({self.status})"
        )

    @property
    def gateway_idempotency_key(self) -> str:
        return f"refund-{self.id}"


class WebhookEvent(TimeStampedModel):
    """A provider's callback, kept so that the same event delivered twice
    has the effect of one."""

    provider = models.CharField(max_length=50)
    event_id = models.CharField(max_length=128)
    event_type = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="payments_webhook_event_once"
            )
        ]

    def __str__(self):
        return f"{self.provider} {self.event_id}"


class SandboxCharge(TimeStampedModel):
    """The sandbox provider's own records: what a real gateway keeps on its
    side (its charges, their refunds), which reconciliation lists and
    compares with our payments. Written outside our transactions, as a
    gateway's would be."""

    reference = models.CharField(max_length=128, unique=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10)
    amount_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    metadata = models.JSONField(default=dict, blank=True)
    # [{"id", "idempotency_key", "amount"}]: a refund asked twice with one
    # key is one refund.
    refunds = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"sandbox {self.reference} ({self.status})"
