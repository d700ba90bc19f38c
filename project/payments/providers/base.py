"""The small interface every payment provider implements."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

ChargeStatus = Literal["succeeded", "failed", "pending"]


class ProviderError(Exception):
    """The provider refused the request itself (bad token, bad payload)."""


@dataclass(frozen=True)
class ChargeResult:
    status: ChargeStatus
    reference: str
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    reference: str
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook event, in our words."""

    id: str
    type: Literal["payment.succeeded", "payment.failed"]
    transaction_reference: str
    created: int  # unix seconds
    raw: dict = field(default_factory=dict)


class PaymentProvider(ABC):
    name: str

    @abstractmethod
    def charge(
        self, *, amount: Decimal, currency: str, token: str, description: str
    ) -> ChargeResult:
        """Take `amount` (from the order, never from the client)."""

    @abstractmethod
    def refund(self, *, reference: str, amount: Decimal, currency: str) -> RefundResult:
        """Give back a succeeded charge in full."""

    @abstractmethod
    def verify_webhook(self, *, body: bytes, headers) -> bool:
        """True when the raw body carries the provider's valid signature."""

    @abstractmethod
    def parse_webhook(self, *, body: bytes) -> ProviderEvent:
        """The event in a verified body; ProviderError when malformed."""
