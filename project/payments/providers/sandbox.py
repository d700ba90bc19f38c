"""The sandbox provider, for development and tests: a gateway of its own,
with its books in the SandboxCharge table. Its token decides a charge:

    tok_success   succeeds
    tok_fail      is declined (card_declined)
    tok_pending   stays pending until a signed webhook settles it
    tok_timeout   succeeds at the "gateway", but the answer never arrives
                  (ProviderUnavailable): a webhook or reconciliation settles it

Webhook: header `Sandbox-Signature` = lowercase hex HMAC-SHA256 of the raw
body with PAYMENT_SANDBOX_WEBHOOK_SECRET; body {"id", "type",
"transaction_reference", "created"}, refused when `created` is more than
300 s away from now. A developer settles a pending charge by sending that
webhook, so the sandbox's books take its outcome too (a real gateway's
books would already have it)."""

import dataclasses
import hashlib
import hmac
import json
import time
import uuid
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from project.payments.models import SandboxCharge
from project.payments.providers.base import (
    ChargeResult,
    InvalidSignature,
    PaymentProvider,
    ProviderError,
    ProviderEvent,
    ProviderRecord,
    ProviderUnavailable,
    RefundResult,
)

OUTCOMES = {
    "tok_success": "succeeded",
    "tok_fail": "failed",
    "tok_pending": "pending",
    "tok_timeout": "succeeded",
}
EVENT_TYPES = {"payment.succeeded", "payment.failed"}
SIGNATURE_HEADER = "Sandbox-Signature"
# Webhook events older (or newer) than this are refused: replay protection.
WEBHOOK_TOLERANCE_SECONDS = 300


def sign(body: bytes, secret: str | None = None) -> str:
    secret = secret if secret is not None else settings.PAYMENT_SANDBOX_WEBHOOK_SECRET
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _raw(entry: SandboxCharge) -> dict:
    raw = {
        "id": entry.reference,
        "amount": str(entry.amount),
        "currency": entry.currency,
        "status": entry.status,
        "metadata": entry.metadata,
    }
    if entry.status == "failed":
        raw["failure_code"] = "card_declined"
    return raw


class SandboxProvider(PaymentProvider):
    name = "sandbox"

    def validate_token(self, token: str) -> None:
        if token not in OUTCOMES:
            raise ProviderError(
                f"Unknown sandbox token '{token}'; use tok_success, tok_fail, "
                "tok_pending or tok_timeout."
            )

    def charge(
        self,
        *,
        amount: Decimal,
        currency: str,
        token: str,
        description: str,
        idempotency_key: str,
        metadata,
    ) -> ChargeResult:
        self.validate_token(token)
        with transaction.atomic():  # the sandbox's own books
            entry, _ = SandboxCharge.objects.get_or_create(
                idempotency_key=idempotency_key,
                defaults={
                    "reference": f"sbx_{uuid.uuid4().hex}",
                    "amount": amount,
                    "currency": currency,
                    "status": OUTCOMES[token],
                    "metadata": {**metadata, "description": description},
                },
            )
        if (entry.amount, entry.currency) != (amount, currency):
            raise ProviderError(
                "This idempotency key was used for another amount or currency."
            )
        if token == "tok_timeout":
            raise ProviderUnavailable("The sandbox did not answer (tok_timeout).")
        raw = _raw(entry)
        return ChargeResult(
            status=entry.status,
            reference=entry.reference,
            raw=raw,
            failure_code=raw.get("failure_code", ""),
        )

    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> RefundResult:
        with transaction.atomic():
            entry = (
                SandboxCharge.objects.select_for_update()
                .filter(reference=reference)
                .first()
            )
            if entry is None:
                raise ProviderError(f"No sandbox charge {reference}.")
            done = next(
                (r for r in entry.refunds if r["idempotency_key"] == idempotency_key),
                None,
            )
            if done is None:
                if entry.status != "succeeded" or amount != entry.amount:
                    raise ProviderError(
                        "Only a succeeded charge can be refunded, in full."
                    )
                done = {
                    "id": f"sbx_re_{uuid.uuid4().hex}",
                    "idempotency_key": idempotency_key,
                    "amount": str(amount),
                }
                entry.refunds = [*entry.refunds, done]
                entry.amount_refunded = amount
                entry.status = "refunded"
                entry.save(update_fields=["refunds", "amount_refunded", "status"])
        return RefundResult(
            status="succeeded",
            reference=done["id"],
            raw={"id": done["id"], "charge": reference, "amount": done["amount"]},
        )

    def parse_webhook(self, *, body: bytes, headers) -> ProviderEvent:
        signature = headers.get(SIGNATURE_HEADER, "")
        secret = settings.PAYMENT_SANDBOX_WEBHOOK_SECRET
        if (
            not signature
            or not secret
            or not hmac.compare_digest(
                sign(body).encode(), signature.strip().lower().encode()
            )
        ):
            raise InvalidSignature("Invalid or missing Sandbox-Signature.")
        event = self._event(body)
        if abs(time.time() - event.created) > WEBHOOK_TOLERANCE_SECONDS:
            raise InvalidSignature("The event is too old (or from the future).")
        # The developer decided this pending charge's fate: the books take it.
        SandboxCharge.objects.filter(
            reference=event.reference, status="pending"
        ).update(status=event.type.removeprefix("payment."))
        # Like a real gateway's, the event carries the charge's metadata.
        charge = SandboxCharge.objects.filter(reference=event.reference).first()
        metadata = charge.metadata if charge else {}
        return dataclasses.replace(
            event,
            payment_id=metadata.get("payment_id"),
            attempt=metadata.get("attempt"),
        )

    def _event(self, body: bytes) -> ProviderEvent:
        try:
            data = json.loads(body)
        except ValueError:
            raise ProviderError("The webhook body is not JSON.") from None
        if not isinstance(data, dict):
            raise ProviderError("The webhook body is not a JSON object.")
        event_id, event_type = data.get("id"), data.get("type")
        reference, created = data.get("transaction_reference"), data.get("created")
        if not isinstance(event_id, str) or not 0 < len(event_id) <= 128:
            raise ProviderError("'id' must be a string of 1 to 128 characters.")
        if not isinstance(event_type, str) or event_type not in EVENT_TYPES:
            raise ProviderError(f"Unsupported event type {event_type!r}.")
        if not isinstance(reference, str) or not 0 < len(reference) <= 128:
            raise ProviderError(
                "'transaction_reference' must be a string of 1 to 128 characters."
            )
        if not isinstance(created, int) or isinstance(created, bool):
            raise ProviderError("'created' must be a Unix time in whole seconds.")
        return ProviderEvent(
            id=event_id,
            type=event_type,
            reference=reference,
            created=created,
            raw=data,
        )

    def list_records(self, *, since: datetime, until: datetime):
        for entry in SandboxCharge.objects.filter(
            created_at__gte=since, created_at__lt=until
        ).iterator():
            refunded = entry.status == "refunded"
            yield ProviderRecord(
                reference=entry.reference,
                payment_id=entry.metadata.get("payment_id"),
                status=entry.status,
                amount=entry.amount,
                currency=entry.currency,
                amount_refunded=entry.amount_refunded,
                created=entry.created_at,
                refund_reference=entry.refunds[-1]["id"] if refunded else None,
            )
