"""Read replicas for the catalogue (DATABASE_REPLICA_URLS).

Reads of the catalogue's models (products, categories, images, stock
records, reviews) go to a replica, unless

- the request (or task) has written already: once anything was written,
  every later read of that request goes to the primary, so a client sees its
  own write even when the replicas lag;
- the read happens inside a transaction (a service checking before it
  writes reads what it will write on);
- the code asked for the primary (`primary_reads()`: the catalogue cache
  builds its entries there, so a lagging replica never stores old data under
  a new version).

Every write goes to the primary. Other apps (orders, baskets, accounts)
always use the primary. With no replica configured this router changes
nothing."""

import contextlib
import random
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_started
from django.db import transaction

CATALOGUE_APPS = frozenset({"catalogue", "partner", "reviews"})

_pinned: ContextVar[bool] = ContextVar("primary_pinned", default=False)


def _unpin(**kwargs) -> None:
    _pinned.set(False)


request_started.connect(_unpin, dispatch_uid="catalogue-replica-router-unpin")


@contextlib.contextmanager
def primary_reads():
    """Within the block, every read goes to the primary."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class CatalogueReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.DATABASE_REPLICAS
        if (
            not replicas
            or model._meta.app_label not in CATALOGUE_APPS
            or _pinned.get()
            or transaction.get_connection().in_atomic_block
        ):
            return "default"
        return random.choice(replicas)  # noqa: S311  (load spreading, not secrets)

    def db_for_write(self, model, **hints):
        _pinned.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's rows: objects from either may be linked.
        databases = {"default", *settings.DATABASE_REPLICAS}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        return db not in settings.DATABASE_REPLICAS
