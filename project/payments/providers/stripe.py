"""Stripe, through the official `stripe` package: PaymentIntents, refunds,
signed webhooks and the list of PaymentIntents for reconciliation.

Paying: POST /payments/ with `provider: "stripe"` creates a PaymentIntent
for the order's total. With a `token` (a PaymentMethod id, `pm_...`) it is
confirmed at once: succeeded, declined (failed), or `requires_action`
(pending: the frontend finishes 3-D Secure with Stripe.js and the
`client_secret`). Without a token it stays pending and the frontend confirms
it with Stripe.js; the webhook then settles the payment.

Amounts go to Stripe in the currency's minor unit (cents; yen as they are;
three-decimal currencies in thousandths, as Stripe's docs list them). Our
Idempotency-Key per attempt goes with every create call, so a retried call
is one charge. Webhooks are verified with Stripe's own scheme
(`Stripe-Signature`, stripe.WebhookSignature.verify_header, tolerance
300 s)."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import stripe
from django.conf import settings

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

WEBHOOK_TOLERANCE_SECONDS = 300
# https://docs.stripe.com/currencies#zero-decimal and #three-decimal
ZERO_DECIMAL_CURRENCIES = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
THREE_DECIMAL_CURRENCIES = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
PENDING_STATUSES = frozenset(
    {
        "requires_payment_method",
        "requires_confirmation",
        "requires_action",
        "processing",
        "requires_capture",
    }
)
PAYMENT_EVENTS = {
    "payment_intent.succeeded": "payment.succeeded",
    "payment_intent.payment_failed": "payment.failed",
    "payment_intent.canceled": "payment.failed",
}
REFUND_STATUSES = {
    "succeeded": "succeeded",
    "failed": "failed",
    "canceled": "failed",
    "pending": "pending",
    "requires_action": "pending",
}


def _exponent(currency: str) -> int:
    currency = currency.upper()
    if currency in ZERO_DECIMAL_CURRENCIES:
        return 0
    if currency in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


def to_minor_units(amount: Decimal, currency: str) -> int:
    """19.99 USD -> 1999; 500 JPY -> 500; 1.500 KWD -> 1500. An amount with
    more decimals than its currency has cannot be charged."""
    scaled = amount * (Decimal(10) ** _exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ProviderError(
            f"{amount} {currency} has more decimals than {currency} allows.",
            code="amount_not_chargeable",
            field=None,
        )
    return int(scaled)


def from_minor_units(value: int, currency: str) -> Decimal:
    return (Decimal(value) / (Decimal(10) ** _exponent(currency))).quantize(
        Decimal("0.01")
    )


def _is_id(value) -> bool:
    """A Stripe id as our columns keep it (1 to 128 characters)."""
    return isinstance(value, str) and 0 < len(value) <= 128


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _as_dict(stripe_object) -> dict:
    return json.loads(str(stripe_object)) if stripe_object is not None else {}


class StripeProvider(PaymentProvider):
    name = "stripe"

    def __init__(self, client: stripe.StripeClient | None = None):
        self.client = client or stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
            max_network_retries=1,  # the same idempotency key: one charge
        )

    def validate_amount(self, amount: Decimal, currency: str) -> None:
        to_minor_units(amount, currency)

    def validate_token(self, token: str) -> None:
        if token and not token.startswith("pm_"):
            raise ProviderError(
                "For Stripe, send a PaymentMethod id (pm_...) as the token, or none "
                "to confirm the payment with Stripe.js."
            )

    def _call(self, method, params: dict, idempotency_key: str | None = None):
        """One API call, its errors in our words."""
        options = {"idempotency_key": idempotency_key} if idempotency_key else None
        try:
            return method(params=params, options=options)
        except (
            stripe.APIConnectionError,
            stripe.RateLimitError,
            stripe.APIError,
            stripe.AuthenticationError,
            stripe.PermissionError,
            # Our key was used before with other parameters: what that first
            # request did is unknown here (reconciliation will tell).
            stripe.IdempotencyError,
        ) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        except stripe.InvalidRequestError as exc:
            raise ProviderError(exc.user_message or str(exc)) from exc

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
        params = {
            "amount": to_minor_units(amount, currency),
            "currency": currency.lower(),
            "description": description,
            "metadata": dict(metadata),
            "automatic_payment_methods": {"enabled": True},
        }
        if token:
            # Confirmed here: methods that redirect the customer are left to
            # the Stripe.js flow (no token).
            params["payment_method"] = token
            params["confirm"] = True
            params["automatic_payment_methods"]["allow_redirects"] = "never"
        try:
            intent = self._call(
                self.client.v1.payment_intents.create, params, idempotency_key
            )
        except stripe.CardError as exc:
            error = (exc.json_body or {}).get("error", {})
            intent = error.get("payment_intent") or {}
            return ChargeResult(
                status="failed",
                reference=intent.get("id", ""),
                raw={
                    "error": {
                        key: error.get(key)
                        for key in ("code", "decline_code", "message")
                    }
                },
                failure_code=error.get("decline_code")
                or error.get("code")
                or "card_declined",
            )
        return self._charge_result(intent)

    def _charge_result(self, intent) -> ChargeResult:
        if intent.status == "succeeded":
            status = "succeeded"
        elif intent.status in PENDING_STATUSES:
            status = "pending"
        else:  # canceled
            status = "failed"
        raw = {
            "id": intent.id,
            "status": intent.status,
            "amount": intent.amount,
            "currency": intent.currency,
        }
        if status == "pending":
            raw["client_secret"] = intent.client_secret
            raw["next_action"] = _as_dict(getattr(intent, "next_action", None))
        return ChargeResult(status=status, reference=intent.id, raw=raw)

    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> RefundResult:
        refund = self._call(
            self.client.v1.refunds.create,
            {"payment_intent": reference, "amount": to_minor_units(amount, currency)},
            idempotency_key,
        )
        return RefundResult(
            status=REFUND_STATUSES.get(refund.status, "pending"),
            reference=refund.id,
            raw={"id": refund.id, "status": refund.status, "amount": refund.amount},
        )

    def parse_webhook(self, *, body: bytes, headers) -> ProviderEvent:
        try:
            stripe.WebhookSignature.verify_header(
                body,
                headers.get("Stripe-Signature"),
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=WEBHOOK_TOLERANCE_SECONDS,
            )
            # Our own reading of the verified body: stripe.Event would choke
            # on a signed body of another shape (a 500, not a 400).
            data = json.loads(body)
        except stripe.SignatureVerificationError as exc:
            raise InvalidSignature(str(exc)) from None
        except (ValueError, RecursionError):  # not UTF-8, or not JSON
            raise ProviderError("The webhook body is not a Stripe event.") from None
        obj = data.get("data") if isinstance(data, dict) else None
        obj = obj.get("object") if isinstance(obj, dict) else None
        if (
            not isinstance(obj, dict)
            or not _is_id(data.get("id"))
            or not isinstance(data.get("type"), str)
            or not isinstance(data.get("created"), int)
            or isinstance(data.get("created"), bool)
        ):
            raise ProviderError("The webhook body is not a Stripe event.")
        kind, reference = data["type"], obj.get("id")
        if not _is_id(reference):  # an object without an id (balance...)
            kind, reference = None, ""
        if kind in PAYMENT_EVENTS:
            event_type = PAYMENT_EVENTS[kind]
        elif kind in ("refund.updated", "refund.failed") and obj.get("status") in (
            "succeeded",
            "failed",
            "canceled",
        ):
            event_type = "refund." + REFUND_STATUSES[obj["status"]]
        else:
            event_type = "ignored"
        metadata = obj.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        error = obj.get("last_payment_error")
        error = error if isinstance(error, dict) else {}
        failure_code = error.get("decline_code") or error.get("code") or ""
        return ProviderEvent(
            id=data["id"],
            type=event_type,
            reference=reference,
            created=data["created"],
            raw=data,
            payment_id=_text(metadata.get("payment_id")),
            attempt=_text(metadata.get("attempt")),
            failure_code=_text(failure_code)[:64],
        )

    def list_records(self, *, since: datetime, until: datetime):
        intents = self._call(
            self.client.v1.payment_intents.list,
            {
                "created": {
                    "gte": int(since.timestamp()),
                    "lt": int(until.timestamp()),
                },
                "limit": 100,
                "expand": ["data.latest_charge"],
            },
        )
        for intent in intents.auto_paging_iter():
            yield self._record(intent)

    def _record(self, intent) -> ProviderRecord:
        # A StripeObject is not a dict (it has no .get): read a plain copy.
        intent = intent.to_dict()
        currency = intent["currency"].upper()
        charge = intent.get("latest_charge")
        refunded = charge["amount_refunded"] if isinstance(charge, dict) else 0
        if intent["status"] == "succeeded":
            status = "refunded" if refunded >= intent["amount"] else "succeeded"
        elif intent["status"] == "canceled" or (
            intent["status"] == "requires_payment_method"
            and intent.get("last_payment_error")
        ):
            status = "failed"
        else:
            status = "pending"
        return ProviderRecord(
            reference=intent["id"],
            payment_id=(intent.get("metadata") or {}).get("payment_id"),
            status=status,
            amount=from_minor_units(intent["amount"], currency),
            currency=currency,
            amount_refunded=from_minor_units(refunded, currency),
            created=datetime.fromtimestamp(intent["created"], tz=UTC),
        )
