"""Cache of hot public catalogue reads (category tree, product detail, first
pages of lists). Every key embeds a catalogue version; any write to the
catalogue (product, price, stock, image, category, review moderation) bumps
the version, so a change is visible at once everywhere.

The version lives in the cache when the cache is shared by all processes
(Redis), and in the database (one index read) when it is the per-process
local-memory cache, so that every worker sees every write."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Max

from project.core.models import CacheBump

VERSION_NAME = "catalogue"
VERSION_KEY = f"{VERSION_NAME}:version"


def _cache_is_shared() -> bool:
    return not isinstance(caches["default"], LocMemCache)


def catalogue_cache_version() -> int:
    if not _cache_is_shared():
        newest = CacheBump.objects.filter(name=VERSION_NAME).aggregate(
            version=Max("id")
        )
        return newest["version"] or 0
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump_version() -> None:
    if not _cache_is_shared():
        bump = CacheBump.objects.create(name=VERSION_NAME)
        if bump.id % 1000 == 0:  # keep the table small
            CacheBump.objects.filter(name=VERSION_NAME, id__lt=bump.id - 100).delete()
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates
        cache.set(VERSION_KEY, 2, timeout=None)


def catalogue_cache_invalidate() -> None:
    """Forget every cached catalogue read: now, and again when the current
    transaction commits (a read between the two may have cached what the
    transaction had not yet committed)."""
    _bump_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_version)


def catalogue_cached(key: str, build: Callable[[], Any]) -> Any:
    """`build()`, cached under `key` for the current catalogue version."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    versioned = f"catalogue:{catalogue_cache_version()}:{digest}"
    value = cache.get(versioned)
    if value is None:
        value = build()
        cache.set(versioned, value, timeout=settings.CATALOGUE_CACHE_TIMEOUT)
    return value
