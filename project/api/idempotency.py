"""`Idempotency-Key` for endpoints that create orders and payments.

The same key (per user and endpoint) with the same body returns the first
response again and creates nothing; with another body it is a 409
(`idempotency_key_reused`). Only successful responses are kept (for
IDEMPOTENCY_KEY_TTL_SECONDS, a day by default): after an error the client
may retry with the same key. Two ways to guard the work:

- `@idempotent` (orders): the key is inserted in the same transaction as
  the work. A concurrent retry's INSERT waits on the unique index until the
  first request commits, then replays its response (or, if the first failed
  and rolled back, does the work itself). Key and order commit together, so
  no crash can separate them.
- `@idempotent(atomic=False)` (payments, whose gateway call must happen
  outside any transaction): the key is claimed in a transaction of its own
  first, the work runs in its own transactions, and the response is stored
  after. A concurrent retry while the first is running gets a 409
  (`idempotency_request_in_progress`, with Retry-After), as Stripe answers;
  a claim left by a crashed request is taken over after
  IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS."""

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
IN_PROGRESS = 0  # response_status of a claimed key whose request is running


def _request_hash(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def _insert_or_get(record: IdempotencyKey) -> IdempotencyKey | None:
    """Insert `record`; if the key exists (possibly after waiting for a
    concurrent request's transaction), return the existing row instead. An
    expired row is replaced."""
    for _ in range(2):
        try:
            with transaction.atomic():
                record.save(force_insert=True)
        except IntegrityError:
            first = IdempotencyKey.objects.get(
                user=record.user, scope=record.scope, key=record.key
            )
            if first.expires_at > timezone.now():
                return first
            first.delete()  # an expired key is a new key
        else:
            return None
    raise Conflict(
        "This Idempotency-Key is being replaced.", code="idempotency_key_in_use"
    )


def _replay(first: IdempotencyKey, request_hash: str) -> Response:
    if first.request_hash != request_hash:
        raise Conflict(
            "This Idempotency-Key was used with a different request body.",
            code="idempotency_key_reused",
        )
    return Response(
        first.response_body,
        status=first.response_status,
        headers={"Idempotent-Replayed": "true"},
    )


def _new_record(request, key: str, request_hash: str) -> IdempotencyKey:
    return IdempotencyKey(
        user=request.user,
        scope=f"{request.method} {request.path}",
        key=key,
        request_hash=request_hash,
        response_status=IN_PROGRESS,
        expires_at=timezone.now()
        + timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL_SECONDS),
    )


def _key_from(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            {HEADER: [f"Use 1 to {MAX_KEY_LENGTH} characters."]}, code="invalid"
        )
    return key


def _run_in_one_transaction(view_method, self, request, key, *args, **kwargs):
    request_hash = _request_hash(request)
    with transaction.atomic():
        record = _new_record(request, key, request_hash)
        first = _insert_or_get(record)
        if first is not None:
            return _replay(first, request_hash)
        response = view_method(self, request, *args, **kwargs)
        if not status.is_success(response.status_code):
            transaction.set_rollback(True)  # keep nothing: the client may retry
            return response
        record.response_status = response.status_code
        record.response_body = response.data
        record.save(update_fields=["response_status", "response_body", "updated_at"])
    return response


def _claim(record: IdempotencyKey, request_hash: str) -> Response | None:
    """Claim the key for this request (None), or the answer for a retry:
    the first response replayed, or a 409 while the first still runs."""
    first = _insert_or_get(record)
    if first is None:
        return None
    if first.response_status != IN_PROGRESS:
        return _replay(first, request_hash)
    if first.request_hash != request_hash:
        return _replay(first, request_hash)  # raises: another body
    stale = timezone.now() - timedelta(
        seconds=settings.IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS
    )
    taken = IdempotencyKey.objects.filter(
        pk=first.pk, response_status=IN_PROGRESS, updated_at__lt=stale
    ).update(updated_at=timezone.now())
    if taken:  # the first request died: this one carries on
        record.pk = first.pk
        return None
    busy = Conflict(
        "A request with this Idempotency-Key is still running; retry shortly.",
        code="idempotency_request_in_progress",
    )
    busy.wait = 1  # the error handler sends it as Retry-After
    raise busy


def _run_with_claim(view_method, self, request, key, *args, **kwargs):
    request_hash = _request_hash(request)
    record = _new_record(request, key, request_hash)
    answer = _claim(record, request_hash)
    if answer is not None:
        return answer
    try:
        response = view_method(self, request, *args, **kwargs)
    except BaseException:
        IdempotencyKey.objects.filter(pk=record.pk).delete()
        raise
    if not status.is_success(response.status_code):
        IdempotencyKey.objects.filter(pk=record.pk).delete()
        return response
    IdempotencyKey.objects.filter(pk=record.pk).update(
        response_status=response.status_code,
        response_body=response.data,
        updated_at=timezone.now(),
    )
    return response


def idempotent(view_method=None, *, atomic: bool = True):
    """Decorate an APIView's `post` (the caller must be authenticated); see
    the module's docstring for the two modes."""

    def decorate(method):
        run = _run_in_one_transaction if atomic else _run_with_claim

        @wraps(method)
        def wrapper(self, request, *args, **kwargs):
            key = _key_from(request)
            if key is None:
                return method(self, request, *args, **kwargs)
            return run(method, self, request, key, *args, **kwargs)

        return wrapper

    return decorate(view_method) if view_method is not None else decorate
