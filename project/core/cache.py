"""Cache of the public catalogue reads (product lists, product detail,
category tree and detail), invalidated by what a write changed.

Every cached entry depends on a few *scopes*, each with a version:

    all            everything (a category edit, a deleted category, a bulk import)
    lists          every list page (a product created, edited, activated,
                   deleted, re-rated; a product's availability crossing zero)
    product:<pk>   one product's detail and reviews (its fields, price,
                   images, category, reviews)

A write bumps the versions of the scopes it touched; an entry is served only
while the versions it was built under are still current, so a change is
visible at once everywhere. Stock is not in the entries: the views overlay
the available quantities read by one cheap query, so the orders that move
stock all day invalidate nothing (only a product selling out or coming back
bumps `lists`, because `in_stock=` filters on it).

Versions live in the cache when it is shared by all processes (Redis), and
in the database (one indexed read) when it is the per-process local-memory
cache, so that every worker sees every write. A version read before the
data it guards makes the scheme race-free: an entry built from data older
than a write carries a version older than that write's bump.

A missing entry is built once: the first reader takes a short lock
(`cache.add`) and the others wait for its result instead of all querying the
database at once (no stampede after a bump)."""

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Exists, Max, OuterRef

from project.core.db_router import primary_reads
from project.core.models import CacheBump

ALL = "all"
LISTS = "lists"
PREFIX = "catalogue"
# Version keys outlive entries by far; one that is evicted anyway comes back
# with a fresh value (never one an old entry could carry).
VERSION_TIMEOUT = 24 * 3600
LOCK_POLL_SECONDS = 0.005
# A write touching more products than this (an import) bumps `all` instead.
MANY_PRODUCTS = 500


def product_scope(pk: int) -> str:
    return f"product:{pk}"


def _cache_is_shared() -> bool:
    return not isinstance(caches["default"], LocMemCache)


def _fresh_version() -> int:
    """A value no earlier version of any scope had."""
    return time.time_ns()


# -- versions -----------------------------------------------------------------


def _version_key(scope: str) -> str:
    return f"{PREFIX}:v:{scope}"


def catalogue_versions(scopes: Iterable[str]) -> dict[str, int]:
    """The current version of each scope (one cache round trip, or one query)."""
    scopes = list(dict.fromkeys(scopes))
    if not _cache_is_shared():
        rows = (
            CacheBump.objects.filter(name__in=scopes)
            .values("name")
            .annotate(version=Max("id"))
            .values_list("name", "version")
        )
        return dict.fromkeys(scopes, 0) | dict(rows)
    found = cache.get_many([_version_key(scope) for scope in scopes])
    versions = {}
    for scope in scopes:
        version = found.get(_version_key(scope))
        if version is None:
            cache.add(_version_key(scope), _fresh_version(), timeout=VERSION_TIMEOUT)
            version = cache.get(_version_key(scope))
        versions[scope] = version
    return versions


def _bump(scopes: list[str]) -> None:
    if not _cache_is_shared():
        bumps = CacheBump.objects.bulk_create(CacheBump(name=s) for s in scopes)
        newest = max((bump.id or 0) for bump in bumps)
        if newest and newest % 1000 < len(bumps):  # now and then, keep it small
            newer = CacheBump.objects.filter(
                name=OuterRef("name"), id__gt=OuterRef("id")
            )
            CacheBump.objects.filter(id__lt=newest - 1000).filter(
                Exists(newer)
            ).delete()
        return
    for scope in scopes:
        try:
            cache.incr(_version_key(scope))
        except ValueError:  # not set (or evicted): any fresh value invalidates
            cache.set(_version_key(scope), _fresh_version(), timeout=VERSION_TIMEOUT)


def catalogue_cache_invalidate(
    *, product_ids: Iterable[int] = (), lists: bool = False, everything: bool = False
) -> None:
    """Forget the cached reads a write changed: the details of `product_ids`,
    every list page when `lists`, all of it when `everything`. Now, and
    again when the current transaction commits (a read between the two may
    have cached what the transaction had not yet committed)."""
    scopes = [product_scope(pk) for pk in dict.fromkeys(product_ids) if pk]
    if len(scopes) > MANY_PRODUCTS:  # one bump instead of thousands
        scopes, everything = [], True
    if lists:
        scopes.append(LISTS)
    if everything:
        scopes.append(ALL)
    if not scopes:
        return
    _bump(scopes)
    if _cache_is_shared() and transaction.get_connection().in_atomic_block:
        # A database bump is an insert: it shows when the transaction commits.
        transaction.on_commit(lambda: _bump(scopes))


def catalogue_cache_clear() -> None:
    """Forget every cached catalogue read."""
    catalogue_cache_invalidate(everything=True)


# -- entries ------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueRead:
    """A catalogue read and the versions it was built under (`stamp`, which
    changes whenever the read may have: the ETag's ingredient); `built` when
    this call built it from the database (not from the cache)."""

    value: Any
    stamp: str
    built: bool = False


def catalogue_stamp(scopes: Iterable[str]) -> str:
    """The current versions of `scopes` (and `all`), for an ETag."""
    scopes = (ALL, *sorted(set(scopes) - {ALL}))
    return _stamp(scopes, catalogue_versions(scopes))


def _stamp(scopes: tuple[str, ...], versions: dict[str, int]) -> str:
    return ",".join(f"{scope}={versions[scope]}" for scope in scopes)


def catalogue_cached(
    key: str,
    build: Callable[[], Any],
    *,
    scopes: Callable[[], list[str] | None],
    store: bool = True,
) -> CatalogueRead | None:
    """`build()` cached under `key` while the versions of its scopes stand.

    `scopes()` names what the value depends on besides `all` (e.g. the
    product found by a slug); it runs on a miss, before `build()`, and may
    return None for "nothing there" (then nothing is built or cached, and
    the answer is None). With `store=False` (reads rarely repeated, such as
    deep pages) the value is built and stamped but not kept."""
    entry_key = f"{PREFIX}:e:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    all_key = _version_key(ALL)
    enabled = settings.CATALOGUE_CACHE_ENABLED and store
    if enabled and _cache_is_shared():
        found = cache.get_many([entry_key, all_key])
        entry = found.get(entry_key)
        if entry is not None and all_key in found:
            entry_scopes, stamp, value = entry
            missing = [s for s in entry_scopes if s != ALL]
            versions = {ALL: found[all_key], **catalogue_versions(missing)}
            if _stamp(entry_scopes, versions) == stamp:
                return CatalogueRead(value, stamp)
    elif enabled:
        entry = cache.get(entry_key)
        if entry is not None:
            entry_scopes, stamp, value = entry
            if _stamp(entry_scopes, catalogue_versions(entry_scopes)) == stamp:
                return CatalogueRead(value, stamp)

    depends_on = scopes()
    if depends_on is None:
        return None
    entry_scopes = (ALL, *sorted(set(depends_on) - {ALL}))
    stamp = _stamp(entry_scopes, catalogue_versions(entry_scopes))
    if not enabled:  # a replica may serve it: nothing is kept
        return CatalogueRead(build(), stamp, built=True)
    value, built = _build_once(entry_key, entry_scopes, stamp, build)
    return CatalogueRead(value, stamp, built=built)


def _build_once(entry_key, entry_scopes, stamp, build) -> tuple[Any, bool]:
    """Build and store the entry, unless another process is building the same
    one (same key, same versions): then wait for its result. Returns the
    value and whether this call built it."""
    lock_key = f"{entry_key}:lock:{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"
    lock_seconds = settings.CATALOGUE_CACHE_LOCK_SECONDS
    locked = cache.add(lock_key, 1, timeout=lock_seconds)
    if not locked:
        deadline = time.monotonic() + lock_seconds
        while time.monotonic() < deadline:
            time.sleep(LOCK_POLL_SECONDS)
            found = cache.get_many([entry_key, lock_key])
            entry = found.get(entry_key)
            if entry is not None and entry[1] == stamp:
                return entry[2], False
            if lock_key not in found:  # the builder gave up or built other versions
                break
    try:
        with primary_reads():  # never a lagging replica's rows under new versions
            value = build()
        cache.set(
            entry_key,
            (entry_scopes, stamp, value),
            timeout=settings.CATALOGUE_CACHE_TIMEOUT,
        )
    finally:
        if locked:
            cache.delete(lock_key)
    return value, True
