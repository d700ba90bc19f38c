"""Delivering a webhook: one signed POST per attempt, made outside any
transaction, each attempt recorded in a transaction of its own."""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from project.webhooks.models import WebhookAttempt, WebhookDelivery
from project.webhooks.security import UnsafeTarget, url_check, webhook_session

SIGNATURE_HEADER = "Shop-Signature"


def signature_header(*, secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def retry_delay_seconds(attempt: int) -> int:
    """Exponential backoff after the `attempt`-th failure: base, 2x, 4x..."""
    return settings.OUTGOING_WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempt - 1)


def webhook_delivery_attempt(*, delivery_id) -> int | None:
    """POST the delivery's event to its endpoint once (never inside a
    transaction), record the attempt, and return the seconds to wait before
    the next attempt, or None when there is none (it succeeded, it failed
    for good, or there was nothing to do). A 2xx answer succeeds; any other
    answer, a timeout or a connection error is retried until
    OUTGOING_WEBHOOKS_MAX_ATTEMPTS; a target that is not allowed (SSRF) is
    not retried."""
    delivery = (
        WebhookDelivery.objects.select_related("endpoint", "event")
        .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    body = json.dumps(delivery.event.payload(), separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Shop-Webhooks/1.0",
        SIGNATURE_HEADER: signature_header(
            secret=endpoint.secret, timestamp=timestamp, body=body
        ),
    }
    status_code, error, retryable = None, "", True
    started = time.monotonic()
    timeout = settings.OUTGOING_WEBHOOKS_TIMEOUT_SECONDS
    try:
        if not endpoint.is_active:
            raise UnsafeTarget("The endpoint is disabled.")
        url_check(endpoint.url)
        with webhook_session() as session:
            response = session.post(
                endpoint.url,
                data=body,
                headers=headers,
                timeout=(min(timeout, 3), timeout),
                allow_redirects=False,
                stream=True,  # the answer's body is not read
            )
            status_code = response.status_code
            response.close()
    except UnsafeTarget as exc:
        error, retryable = f"Refused: {exc}"[:255], False
    except requests.Timeout:
        error = f"Timed out after {timeout} s."
    except requests.RequestException as exc:
        error = f"Connection failed ({type(exc).__name__})."
    duration_ms = int((time.monotonic() - started) * 1000)
    succeeded = status_code is not None and 200 <= status_code < 300
    if status_code is not None and not succeeded:
        error = f"HTTP {status_code}" + (
            " (redirects are not followed)" if 300 <= status_code < 400 else ""
        )
    return _attempt_record(
        delivery_id=delivery.pk,
        status_code=status_code,
        error=error,
        duration_ms=duration_ms,
        succeeded=succeeded,
        retryable=retryable,
    )


def _attempt_record(
    *, delivery_id, status_code, error, duration_ms, succeeded, retryable
) -> int | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return None  # deleted, or settled by a concurrent attempt
        delivery.attempt_count += 1
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempt_count,
            status_code=status_code,
            error=error,
            duration_ms=duration_ms,
            succeeded=succeeded,
        )
        retry_in = None
        if succeeded:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
        elif (
            retryable
            and delivery.attempt_count < settings.OUTGOING_WEBHOOKS_MAX_ATTEMPTS
        ):
            retry_in = retry_delay_seconds(delivery.attempt_count)
        else:
            delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = (
            timezone.now() + timedelta(seconds=retry_in) if retry_in else None
        )
        delivery.save(
            update_fields=["attempt_count", "status", "next_attempt_at", "updated_at"]
        )
    return retry_in
