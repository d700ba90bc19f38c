"""Calls to a payment provider, never inside a database transaction.

A rollback after a charge would keep the customer's money and lose our
record of it, and a slow gateway would hold row locks for seconds; so every
call is made with no transaction open (the test case's own wrapping
transaction aside, as Django's durable atomic blocks allow)."""

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

T = TypeVar("T")


class TransactionOpen(RuntimeError):
    """A programming error: a provider call inside a transaction."""


def require_no_transaction(what: str) -> None:
    """Raise TransactionOpen when a transaction is open: `what` is about to
    call a provider (or commit work a provider call depends on)."""
    connection = transaction.get_connection()
    if any(
        not getattr(block, "_from_testcase", False)
        for block in connection.atomic_blocks
    ):
        raise TransactionOpen(
            f"{what} must not run inside a database transaction: commit first, "
            "then call the provider."
        )


def outside_transaction(call: Callable[..., T], /, *args, **kwargs) -> T:
    """`call(*args, **kwargs)`, refused when a transaction is open."""
    require_no_transaction(getattr(call, "__qualname__", repr(call)))
    return call(*args, **kwargs)
