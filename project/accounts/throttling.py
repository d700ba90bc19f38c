"""Login failures counted per email address in the cache, whatever the client
IP, so that a password cannot be guessed by spreading attempts over addresses
(the per-IP rate is DRF's throttle, see project.api.throttling)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"


def login_is_locked(*, email: str) -> bool:
    """True once LOGIN_FAILURE_LIMIT failures were recorded in the window."""
    return (cache.get(_key(email)) or 0) >= settings.LOGIN_FAILURE_LIMIT


def login_failure_record(*, email: str) -> None:
    # The window starts at the first failure and is not extended by later ones.
    key = _key(email)
    cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_failures_clear(*, email: str) -> None:
    cache.delete(_key(email))
