"""The interface every payment provider implements, and its results in our
words. Providers talk to the gateway and nothing else: they never touch our
payments or orders (project/payments/services.py records what they answer),
and they are never called inside a database transaction (project/workflows
calls them between two)."""

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal

ChargeStatus = Literal["succeeded", "failed", "pending"]
RefundStatus = Literal["succeeded", "failed", "pending"]
EventType = Literal[
    "payment.succeeded",
    "payment.failed",
    "refund.succeeded",
    "refund.failed",
    "ignored",
]


class ProviderError(Exception):
    """The provider refused the request itself (a bad token, a bad request):
    the customer's input was wrong, nothing was charged. `code` and `field`
    say what to tell the customer."""

    def __init__(self, message: str, *, code: str = "invalid_token", field="token"):
        super().__init__(message)
        self.code = code
        self.field = field


class ProviderUnavailable(Exception):
    """No answer (timeout, network error, the gateway's own 5xx): the
    outcome is unknown, and a webhook or reconciliation will tell it."""


class InvalidSignature(Exception):
    """A webhook whose signature is missing, wrong or too old."""


@dataclass(frozen=True)
class ChargeResult:
    status: ChargeStatus
    reference: str
    raw: dict = field(default_factory=dict)
    failure_code: str = ""


@dataclass(frozen=True)
class RefundResult:
    status: RefundStatus
    reference: str
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook event, in our words. `reference` is the charge's
    (payment events) or the refund's (refund events)."""

    id: str
    type: EventType
    reference: str
    created: int  # unix seconds
    raw: dict = field(default_factory=dict)
    # Our Payment's id and attempt from the charge's metadata, where the
    # provider sends them: an event may arrive before we recorded the
    # charge's reference (and one of an earlier attempt may arrive late).
    payment_id: str | None = None
    attempt: str | None = None
    failure_code: str = ""


@dataclass(frozen=True)
class ProviderRecord:
    """One charge as the provider's books have it, for reconciliation.
    `payment_id` is our Payment's id, which every charge carries in its
    metadata. Status `refunded` means refunded in full."""

    reference: str
    payment_id: str | None
    status: Literal["succeeded", "failed", "pending", "refunded"]
    amount: Decimal
    currency: str
    amount_refunded: Decimal
    created: datetime
    refund_reference: str | None = None


class PaymentProvider(ABC):
    name: str

    def validate_token(self, token: str) -> None:  # noqa: B027  (optional hook)
        """Raise ProviderError for a token the provider would refuse anyway,
        before anything is recorded. Accepts every token by default."""

    def validate_amount(self, amount: Decimal, currency: str) -> None:  # noqa: B027
        """Raise ProviderError for an amount the provider cannot charge in
        that currency. Accepts every amount by default."""

    @abstractmethod
    def charge(
        self,
        *,
        amount: Decimal,
        currency: str,
        token: str,
        description: str,
        idempotency_key: str,
        metadata: Mapping[str, str],
    ) -> ChargeResult:
        """Take `amount` (from the order, never from the client). The same
        idempotency key twice is one charge. Raises ProviderError (refused
        request) or ProviderUnavailable (outcome unknown)."""

    @abstractmethod
    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> RefundResult:
        """Give back a succeeded charge in full."""

    @abstractmethod
    def parse_webhook(
        self, *, body: bytes, headers: Mapping[str, str]
    ) -> ProviderEvent:
        """The event in a callback. Raises InvalidSignature when the body
        does not carry the provider's valid, recent signature, and
        ProviderError when a signed body is malformed."""

    @abstractmethod
    def list_records(
        self, *, since: datetime, until: datetime
    ) -> Iterable[ProviderRecord]:
        """The provider's charges created in [since, until)."""
