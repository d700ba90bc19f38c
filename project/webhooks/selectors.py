"""Reads of endpoints and their deliveries."""

from django.db.models import Prefetch, QuerySet

from project.webhooks.models import WebhookAttempt, WebhookDelivery


def endpoint_deliveries(*, endpoint) -> QuerySet:
    """The endpoint's deliveries, newest first, with their event and every
    attempt (three queries for a page, whatever its length)."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related(
            Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("number"))
        )
        .order_by("-created_at", "-pk")
    )
