"""The API response-time KPI: average and p95 per endpoint group over the
last hour and the last day, from the durations the middleware measures (the
same as the Prometheus histogram, in the same buckets).

Each request adds to a per-minute and a per-hour bucket: its count, the sum
of durations and the count in its latency bucket. With Redis as the cache
(REDIS_URL) the buckets are Redis hashes that every process of every instance
adds to (one pipelined round trip per request); with the local-memory cache
they are this process's own, and the report says so. "Last hour" adds the
last 60 minute buckets; "last day" the last 24 hour buckets (the current,
partial hour included). The p95 is interpolated within its latency bucket,
as Prometheus' histogram_quantile does."""

import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from project.core.observability.metrics import LATENCY_BUCKETS_MS

logger = logging.getLogger(__name__)

# Path prefixes and their group, first match wins; paths matching none
# (static files, health, metrics) are not part of the KPI.
GROUPS = (
    ("/api/v1/auth/", "auth"),
    ("/api/v1/products/", "catalogue"),
    ("/api/v1/categories/", "catalogue"),
    ("/api/v1/reviews/", "catalogue"),
    ("/api/v1/basket/", "basket"),
    ("/api/v1/orders/", "checkout"),
    ("/api/v1/addresses/", "account"),
    ("/api/v1/profile/", "account"),
    ("/api/v1/payments/", "payments"),
    ("/api/v1/admin/", "admin"),
    ("/dashboard/", "admin"),
    ("/admin/", "admin"),
    ("/cms/", "admin"),
    ("/api/", "api (other)"),
)
GROUP_ORDER = [
    "catalogue",
    "basket",
    "checkout",
    "payments",
    "auth",
    "account",
    "admin",
    "api (other)",
]
MINUTE, HOUR = 60, 3600
WINDOWS = (("last hour", MINUTE, 60), ("last day", HOUR, 24))


def group_of(path: str) -> str | None:
    for prefix, group in GROUPS:
        if path.startswith(prefix):
            return group
    return None


def _bucket_index(duration_ms: float) -> int:
    for index, bound in enumerate(LATENCY_BUCKETS_MS):
        if duration_ms <= bound:
            return index
    return len(LATENCY_BUCKETS_MS)  # above the last bound


def _fields(group: str, duration_ms: float) -> dict[str, int]:
    return {
        f"{group}|n": 1,
        f"{group}|us": round(duration_ms * 1000),
        f"{group}|b{_bucket_index(duration_ms)}": 1,
    }


class _RedisStore:
    shared = True

    def __init__(self, cache):
        self.cache = cache

    def _key(self, span: int, start: int) -> str:
        return self.cache.make_key(f"response-times:{span}:{start}")

    def add(self, fields: dict[str, int], now: float) -> None:
        client = self.cache._cache.get_client(write=True)
        pipe = client.pipeline(transaction=False)
        for span, count in ((MINUTE, 60), (HOUR, 24)):
            key = self._key(span, int(now // span) * span)
            for field, value in fields.items():
                pipe.hincrby(key, field, value)
            pipe.expire(key, span * (count + 1))
        pipe.execute()

    def read(self, span: int, starts: list[int]) -> list[dict[str, int]]:
        client = self.cache._cache.get_client()
        pipe = client.pipeline(transaction=False)
        for start in starts:
            pipe.hgetall(self._key(span, start))
        return [
            {field.decode(): int(value) for field, value in bucket.items()}
            for bucket in pipe.execute()
        ]


class _ProcessStore:
    """The buckets of this process only (no shared cache configured)."""

    shared = False

    def __init__(self):
        self.lock = threading.Lock()
        self.buckets: dict[tuple[int, int], dict[str, int]] = {}

    def add(self, fields: dict[str, int], now: float) -> None:
        with self.lock:
            for span, count in ((MINUTE, 60), (HOUR, 24)):
                start = int(now // span) * span
                bucket = self.buckets.setdefault((span, start), {})
                for field, value in fields.items():
                    bucket[field] = bucket.get(field, 0) + value
                stale = start - span * (count + 1)
                for key in [k for k in self.buckets if k[0] == span and k[1] < stale]:
                    del self.buckets[key]

    def read(self, span: int, starts: list[int]) -> list[dict[str, int]]:
        with self.lock:
            return [dict(self.buckets.get((span, start), {})) for start in starts]


_process_store = _ProcessStore()


def _store():
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _RedisStore(cache)
    return _process_store


def record(path: str, duration_ms: float, now: float | None = None) -> None:
    """Add one request's duration to its group's buckets (nothing for paths
    outside the groups). A cache that fails is logged, never the request's
    problem."""
    group = group_of(path)
    if group is None:
        return
    try:
        _store().add(_fields(group, duration_ms), time.time() if now is None else now)
    except Exception:
        logger.warning("response times: could not record", exc_info=True)


@dataclass
class GroupTimes:
    group: str
    requests: int
    average_ms: float
    p95_ms: float | None


def _p95(bucket_counts: list[int], total: int) -> float | None:
    """Interpolated within the bucket holding the 95th percentile; above the
    last bound it is reported as that bound."""
    if not total:
        return None
    rank = 0.95 * total
    seen = 0
    for index, count in enumerate(bucket_counts):
        if count and seen + count >= rank:
            if index >= len(LATENCY_BUCKETS_MS):
                return float(LATENCY_BUCKETS_MS[-1])
            lower = LATENCY_BUCKETS_MS[index - 1] if index else 0
            upper = LATENCY_BUCKETS_MS[index]
            return lower + (upper - lower) * (rank - seen) / count
        seen += count
    return float(LATENCY_BUCKETS_MS[-1])


def summary(now: float | None = None) -> dict:
    """{"shared": bool, "windows": [{"label", "rows": [GroupTimes...]}]}:
    the groups that answered requests in each window."""
    now = time.time() if now is None else now
    store = _store()
    windows = []
    for label, span, count in WINDOWS:
        current = int(now // span) * span
        starts = [current - span * n for n in range(count)]
        totals: dict[str, int] = {}
        try:
            buckets = store.read(span, starts)
        except Exception:
            logger.warning("response times: could not read", exc_info=True)
            buckets = []
        for bucket in buckets:
            for field, value in bucket.items():
                totals[field] = totals.get(field, 0) + value
        rows = []
        for group in GROUP_ORDER:
            requests = totals.get(f"{group}|n", 0)
            if not requests:
                continue
            counts = [
                totals.get(f"{group}|b{i}", 0)
                for i in range(len(LATENCY_BUCKETS_MS) + 1)
            ]
            rows.append(
                GroupTimes(
                    group=group,
                    requests=requests,
                    average_ms=totals.get(f"{group}|us", 0) / 1000 / requests,
                    p95_ms=_p95(counts, requests),
                )
            )
        windows.append({"label": label, "rows": rows})
    return {"shared": store.shared, "windows": windows}
