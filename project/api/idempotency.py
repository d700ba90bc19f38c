"""`Idempotency-Key` for endpoints that create orders and payments.

The same key (per user and endpoint) with the same body returns the first
response again and creates nothing; with another body it is a 409. The key
is inserted in the same transaction as the work it guards: a concurrent
retry's INSERT waits on the unique index until the first request commits,
then replays its response (or, if the first failed and rolled back, does the
work itself). Only successful responses are kept, for a day by default."""

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from project.api.exceptions import Conflict
from project.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _request_hash(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def _insert_or_get(record: IdempotencyKey) -> IdempotencyKey | None:
    """Insert `record`; if the key exists (possibly after waiting for a
    concurrent request's transaction), return the existing row instead."""
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        return IdempotencyKey.objects.get(
            user=record.user, scope=record.scope, key=record.key
        )
    return None


def idempotent(view_method):
    """Decorate an APIView's `post` (the caller must be authenticated)."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(self, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            raise ValidationError(
                {HEADER: [f"Use 1 to {MAX_KEY_LENGTH} characters."]}, code="invalid"
            )
        scope = f"{request.method} {request.path}"
        request_hash = _request_hash(request)
        now = timezone.now()
        with transaction.atomic():
            record = IdempotencyKey(
                user=request.user,
                scope=scope,
                key=key,
                request_hash=request_hash,
                expires_at=now
                + timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL_SECONDS),
            )
            first = _insert_or_get(record)
            if (
                first is not None and first.expires_at <= now
            ):  # an expired key is a new key
                first.delete()
                first = _insert_or_get(record)
            if first is not None:
                if first.request_hash != request_hash:
                    raise Conflict(
                        "This Idempotency-Key was used with a different request body.",
                        code="idempotency_key_reused",
                    ) from None
                return Response(
                    first.response_body,
                    status=first.response_status,
                    headers={"Idempotent-Replayed": "true"},
                )
            response = view_method(self, request, *args, **kwargs)
            if not status.is_success(response.status_code):
                transaction.set_rollback(True)  # keep nothing: the client may retry
                return response
            record.response_status = response.status_code
            record.response_body = response.data
            record.save(update_fields=["response_status", "response_body"])
        return response

    return wrapper
