"""Side effects gathered per transaction: however many saves in one
transaction touch the same thing, its after-commit work runs once.

`on_commit_batch(key, factory, add)` finds the batch registered under `key`
in the current transaction, creating it with `factory()` (and registering it
with `transaction.on_commit`) the first time, and calls `add(batch)`. The
batch is any callable object: it collects what the transaction did and is
called once after the commit. Outside a transaction it runs at once.

The batch is found among the connection's pending on-commit callbacks, so a
savepoint that is rolled back takes its batch with it, exactly as it takes
any callback registered inside it, and a later change in the transaction
starts a new batch."""

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

Batch = TypeVar("Batch", bound=Callable[[], object])


class _Keyed:
    """The callable handed to on_commit: the batch, with the key to find it."""

    def __init__(self, key, batch):
        self.key = key
        self.batch = batch
        self.done = False

    def __call__(self):
        self.done = True
        self.batch()


def on_commit_batch(key, factory: Callable[[], Batch], add: Callable[[Batch], None]):
    """Add to the batch for `key` of the current transaction (`add(batch)`),
    creating it with `factory()` and registering it on commit the first
    time. Without a transaction the new batch runs at once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        batch = factory()
        add(batch)
        batch()
        return
    # Django keeps (savepoint ids, callback, robust) for each pending
    # callback, and drops those of a rolled-back savepoint.
    for _sids, callback, _robust in connection.run_on_commit:
        # (A batch already run is skipped: tests run callbacks without
        # committing, and the list then still holds them.)
        if isinstance(callback, _Keyed) and callback.key == key and not callback.done:
            add(callback.batch)
            return
    batch = factory()
    add(batch)
    transaction.on_commit(_Keyed(key, batch))
