"""Payments: one per order, settled by a pluggable provider."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from project.core.models import TimeStampedModel


class Payment(TimeStampedModel):
    """The order's payment. Amount and currency are copied from the order;
    a failed payment may be retried (the same row is charged again)."""

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
    transaction_reference = models.CharField(max_length=128, unique=True)
    raw_response = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="payments_status_idx")
        ]

    def __str__(self):
        return f"{self.provider} {self.transaction_reference} ({self.status})"


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
