"""Endpoints staff register, the events the shop emits, and each delivery of
an event to an endpoint with its attempts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from project.core.models import TimeStampedModel

EVENT_TYPES = (
    "order.placed",
    "order.paid",
    "order.shipped",
    "order.delivered",
    "order.cancelled",
    "payment.refunded",
    "product.updated",
    "stock.low",
)


class WebhookEndpoint(TimeStampedModel):
    """A URL that receives the events of the listed types, signed with
    `secret` (shown once, when the endpoint is created)."""

    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100, editable=False)
    description = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Webhook endpoint")

    def __str__(self):
        return self.url

    def listens_to(self, event_type: str) -> bool:
        return self.is_active and event_type in self.events


class WebhookEvent(TimeStampedModel):
    """Something that happened, as every endpoint receives it: `{id, type,
    created, data}`. Every attempt of every delivery sends the same body."""

    type = models.CharField(max_length=50)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.type} {self.id}"

    def payload(self) -> dict:
        return {
            "id": str(self.id),
            "type": self.type,
            "created": int(self.created_at.timestamp()),
            "data": self.data,
        }


class WebhookDelivery(TimeStampedModel):
    """One event sent to one endpoint: pending while attempts remain,
    succeeded at the first 2xx answer, failed when none came."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        WebhookEvent, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event"], name="webhooks_one_delivery_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["endpoint", "-created_at"], name="webhooks_delivery_recent_idx"
            )
        ]

    def __str__(self):
        return f"{self.event} -> {self.endpoint} ({self.status})"


DELIVERY_STATUSES = WebhookDelivery.Status.choices


class WebhookAttempt(TimeStampedModel):
    """One POST of a delivery: the HTTP status, or why there was none."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self):
        return f"attempt {self.number}: {self.status_code or self.error}"
