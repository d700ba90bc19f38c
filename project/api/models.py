"""Idempotency keys for the endpoints that create orders and payments."""

from django.conf import settings
from django.db import models

from project.core.models import TimeStampedModel


class IdempotencyKey(TimeStampedModel):
    """The first response to (user, endpoint, key), replayed for a retry with
    the same body. Kept for IDEMPOTENCY_KEY_TTL_SECONDS (a day by default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(max_length=200, help_text="HTTP method and path")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(default=0)
    response_body = models.JSONField(default=dict)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], name="api_idempotency_key_once"
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.key}"
