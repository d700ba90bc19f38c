"""The sandbox provider, for development and tests. Its token decides:
`tok_success` succeeds, `tok_fail` fails, `tok_pending` stays pending until
a signed webhook settles it.

Webhook: header `Sandbox-Signature` = lowercase hex HMAC-SHA256 of the raw
body with PAYMENT_SANDBOX_WEBHOOK_SECRET; body {"id", "type",
"transaction_reference", "created"}."""

import hashlib
import hmac
import json
import uuid
from decimal import Decimal

from django.conf import settings

from project.payments.providers.base import (
    ChargeResult,
    PaymentProvider,
    ProviderError,
    ProviderEvent,
    RefundResult,
)

OUTCOMES = {"tok_success": "succeeded", "tok_fail": "failed", "tok_pending": "pending"}
EVENT_TYPES = {"payment.succeeded", "payment.failed"}
SIGNATURE_HEADER = "Sandbox-Signature"


def sign(body: bytes, secret: str | None = None) -> str:
    secret = secret if secret is not None else settings.PAYMENT_SANDBOX_WEBHOOK_SECRET
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class SandboxProvider(PaymentProvider):
    name = "sandbox"

    def charge(
        self, *, amount: Decimal, currency: str, token: str, description: str
    ) -> ChargeResult:
        if token not in OUTCOMES:
            raise ProviderError(
                f"Unknown sandbox token '{token}'; use tok_success, tok_fail or tok_pending."
            )
        reference = f"sbx_{uuid.uuid4().hex}"
        status = OUTCOMES[token]
        raw = {
            "id": reference,
            "amount": str(amount),
            "currency": currency,
            "status": status,
            "description": description,
        }
        if status == "failed":
            raw["failure_code"] = "card_declined"
        return ChargeResult(status=status, reference=reference, raw=raw)

    def refund(self, *, reference: str, amount: Decimal, currency: str) -> RefundResult:
        refund_reference = f"sbx_re_{uuid.uuid4().hex}"
        return RefundResult(
            reference=refund_reference,
            raw={"id": refund_reference, "charge": reference, "amount": str(amount)},
        )

    def verify_webhook(self, *, body: bytes, headers) -> bool:
        signature = headers.get(SIGNATURE_HEADER, "")
        if not signature or not settings.PAYMENT_SANDBOX_WEBHOOK_SECRET:
            return False
        return hmac.compare_digest(
            sign(body).encode(), signature.strip().lower().encode()
        )

    def parse_webhook(self, *, body: bytes) -> ProviderEvent:
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
            transaction_reference=reference,
            created=created,
            raw=data,
        )
