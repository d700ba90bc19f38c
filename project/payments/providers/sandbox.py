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
            event = ProviderEvent(
                id=str(data["id"]),
                type=data["type"],
                transaction_reference=str(data["transaction_reference"]),
                created=int(data["created"]),
                raw=data,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ProviderError(f"Malformed webhook body: {exc}") from None
        if event.type not in EVENT_TYPES or not event.id:
            raise ProviderError(f"Unsupported event type '{event.type}'.")
        return event
