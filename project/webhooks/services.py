"""Webhook endpoints (created and deleted by staff) and publishing events
to them: an event row, a delivery per listening endpoint, and a Celery task
per delivery after the commit (delivery.py makes the attempts)."""

import json
import secrets

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from project.core.exceptions import InvalidInput
from project.webhooks.models import (
    EVENT_TYPES,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from project.webhooks.security import UnsafeTarget, url_check
from project.webhooks.tasks import deliver_webhook


def webhook_endpoint_create(
    *, url: str, events: list[str], description: str = "", by=None
) -> WebhookEndpoint:
    """Register `url` for the given event types, with a new signing secret.
    Unknown types, or a URL on a loopback, private or reserved network
    (unless OUTGOING_WEBHOOKS_ALLOW_PRIVATE), are invalid input."""
    unknown = [event for event in events if event not in EVENT_TYPES]
    if unknown or not events:
        raise InvalidInput(
            f"Unknown event types: {', '.join(unknown)}."
            if unknown
            else "Choose at least one event type.",
            code="invalid_choice",
            field="events",
        )
    try:
        url_check(url)
    except UnsafeTarget as exc:
        raise InvalidInput(str(exc), code="unsafe_url", field="url") from None
    with transaction.atomic():
        return WebhookEndpoint.objects.create(
            url=url,
            events=list(dict.fromkeys(events)),
            description=description,
            secret="whsec_" + secrets.token_urlsafe(32),
            created_by=by if getattr(by, "pk", None) else None,
        )


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Forget the endpoint and its deliveries; attempts still queued stop."""
    with transaction.atomic():
        endpoint.delete()


def webhook_events_publish(*, event_type: str, subjects: dict, build=None) -> int:
    """Record an event per subject and a delivery per listening endpoint, and
    queue the deliveries after commit. `subjects` maps each subject to its
    data, or to None when `build(subjects)` gives the data. Returns the
    number of deliveries."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True).only(
            "id", "events", "is_active"
        )
        if endpoint.listens_to(event_type)
    ]
    if not endpoints or not subjects:
        return 0
    data = build(list(subjects)) if build is not None else subjects
    payloads = [data[subject] for subject in subjects if data.get(subject) is not None]
    if not payloads:
        return 0
    with transaction.atomic():
        events = WebhookEvent.objects.bulk_create(
            WebhookEvent(type=event_type, data=_jsonable(payload))
            for payload in payloads
        )
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(endpoint=endpoint, event=event)
            for event in events
            for endpoint in endpoints
        )
        ids = [str(delivery.id) for delivery in deliveries]
        transaction.on_commit(lambda: _queue(ids))
    return len(deliveries)


def _queue(delivery_ids: list[str]) -> None:
    for delivery_id in delivery_ids:
        deliver_webhook.delay(delivery_id)


def _jsonable(data: dict) -> dict:
    """Decimals, UUIDs and datetimes as the API writes them (strings)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
