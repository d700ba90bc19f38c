"""Failed logins, counted in the cache (shared by every process once
REDIS_URL is set) for every login page: API, dashboard, Wagtail, admin.

- Per email address and client IP together: LOGIN_FAILURE_LIMIT failures
  within LOGIN_FAILURE_WINDOW_SECONDS block that pair until the window ends.
  Someone guessing from one address is stopped; the owner logging in from
  another address is not, so nobody can lock an account from elsewhere.
- Per email address across all IPs, a much higher ceiling
  (LOGIN_FAILURE_ACCOUNT_LIMIT in the same window) against guessing spread
  over many addresses.

The per-IP request rate (any email) is a separate throttle: DRF's on the API
(project.accounts.rate_limits), the same rate on the web login forms
(project.accounts.middleware). Windows start at the first failure and are not
extended by later ones."""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from project.core.client_ip import client_ip


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _normalise(email: str) -> str:
    return (email or "").strip().lower()


def _keys(email: str, ip: str) -> tuple[str, str]:
    email = _normalise(email)
    return (
        f"login-failures:pair:{_digest(f'{email}|{ip}')}",
        f"login-failures:email:{_digest(email)}",
    )


@dataclass(frozen=True)
class LoginBlock:
    """Why logins for this email from this IP are refused, and for how long."""

    retry_after: int
    reason: str


def request_ip(request) -> str:
    return client_ip(request) if request is not None else ""


def login_block(*, email: str, ip: str) -> LoginBlock | None:
    """The block on this email from this IP, or None if it may try."""
    pair_key, email_key = _keys(email, ip)
    values = cache.get_many(
        [pair_key, f"{pair_key}:since", email_key, f"{email_key}:since"]
    )
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key, limit, reason in (
        (pair_key, settings.LOGIN_FAILURE_LIMIT, "pair"),
        (email_key, settings.LOGIN_FAILURE_ACCOUNT_LIMIT, "account"),
    ):
        if (values.get(key) or 0) >= limit:
            since = values.get(f"{key}:since") or time.time()
            retry_after = max(1, math.ceil(since + window - time.time()))
            return LoginBlock(retry_after=retry_after, reason=reason)
    return None


def _count(key: str, window: int) -> None:
    cache.add(f"{key}:since", time.time(), timeout=window)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)


def login_failure_record(*, email: str, ip: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in _keys(email, ip):
        _count(key, window)


def login_failures_clear(*, email: str, ip: str) -> None:
    """A successful login clears its own pair only: the account-wide count
    keeps counting what others tried."""
    pair_key, _ = _keys(email, ip)
    cache.delete_many([pair_key, f"{pair_key}:since"])
