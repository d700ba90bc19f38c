"""The closed-loop load client and the scenarios' iterations.

Bounded and loopback only: every run lasts warm-up + duration seconds and the
client refuses any host but 127.0.0.1/localhost.
"""

import itertools
import queue
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

import requests

WARMUP_SECONDS = 2.0
REQUEST_TIMEOUT = 30.0
ALL_SCENARIOS = [
    "bare",
    "list",
    "filtered",
    "search",
    "detail",
    "page",
    "checkout",
    # Reads while orders come in (after checkout: they need its buyers).
    "list_with_orders",
    "detail_with_orders",
]
PEER_SCENARIOS = {"list", "detail", "page", "checkout"}  # the peer has no filters
SCENARIO_LABELS = {
    "bare": "bare view (/bench/bare)",
    "list": "list",
    "filtered": "filtered list",
    "search": "search",
    "detail": "detail",
    "page": "product page",
    "checkout": "checkout (orders/s)",
    "list_with_orders": "list, order every 100ms",
    "detail_with_orders": "detail, order every 100ms",
}
# The read-only scenario each "with orders" one is compared with.
WITH_ORDERS = {"list_with_orders": "list", "detail_with_orders": "detail"}
ORDER_INTERVAL_SECONDS = 0.1
OUR_ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "line1": "12 St James's Square",
    "line4": "London",
    "postcode": "SW1Y 4JH",
    "country": "GB",
}


class BenchError(Exception):
    """The bench cannot go on; `python -m bench` prints it and exits 1."""


# -- the load client ----------------------------------------------------------


def require_loopback(url: str) -> None:
    """The client must never load anything but this machine."""
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise BenchError(f"refusing non-loopback target {url!r}")


def percentile(sorted_values: list[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (as measure.py does)."""
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


class IterationFailed(Exception):
    """One step of an iteration answered with an error status."""

    def __init__(self, status, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def call(session, method: str, url: str, ok=None, **kwargs) -> requests.Response:
    """One request; raises IterationFailed unless the status is 2xx/3xx (or
    in `ok` when given). Redirects are not followed: a 3xx is an answer."""
    response = session.request(
        method, url, timeout=REQUEST_TIMEOUT, allow_redirects=False, **kwargs
    )
    status = response.status_code
    good = status in ok if ok else 200 <= status < 400
    if not good:
        path = urlparse(url).path
        body = response.text[:200].replace("\n", " ")
        raise IterationFailed(status, f"{method} {path} -> {status}: {body}")
    return response


@dataclass
class LoadResult:
    """What one closed-loop run measured; rates count successful iterations."""

    duration: float
    ok: int = 0
    errors: int = 0
    latencies: list = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    error_samples: list = field(default_factory=list)

    def summary(self) -> dict:
        done = sorted(self.latencies)
        p50, p95, p99 = (percentile(done, p) for p in (50, 95, 99))
        return {
            "rps": round(self.ok / self.duration, 1) if self.duration else 0.0,
            "p50_ms": round(p50, 1) if p50 is not None else None,
            "p95_ms": round(p95, 1) if p95 is not None else None,
            "p99_ms": round(p99, 1) if p99 is not None else None,
            "max_ms": round(done[-1], 1) if done else None,
            "ok": self.ok,
            "errors": self.errors,
            "duration_s": round(self.duration, 2),
            "statuses": dict(self.statuses),
            "error_samples": self.error_samples,
        }


def run_closed_loop(base_url, iterate, states, duration, warmup=WARMUP_SECONDS):
    """Closed loop: one thread per state (each with its own keep-alive
    session), each starting its next iteration when the previous one ends.
    Iterations that start in the warm-up or end after the deadline are not
    counted. `iterate(session, state)` raises IterationFailed on an error."""
    require_loopback(base_url)
    lock = threading.Lock()
    result = LoadResult(duration=duration)
    t_start = time.perf_counter() + warmup
    deadline = t_start + duration

    def record(started, ended, error):
        if started < t_start or ended > deadline:
            return
        with lock:
            if error is None:
                result.ok += 1
                result.latencies.append((ended - started) * 1000.0)
                result.statuses["ok"] += 1
                return
            result.errors += 1
            result.statuses[str(error.status)] += 1
            if len(result.error_samples) < 5 and error.detail not in (
                result.error_samples
            ):
                result.error_samples.append(error.detail)

    def worker(session, state):
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            error = None
            try:
                iterate(session, state)
            except IterationFailed as exc:
                error = exc
            except Exception as exc:  # a broken answer (e.g. not JSON) is an error
                error = IterationFailed("exc", f"{type(exc).__name__}: {exc}"[:200])
            record(started, time.perf_counter(), error)

    threads = [
        threading.Thread(target=worker, args=(session, state), daemon=True)
        for session, state in states
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.perf_counter()) + 40)
    return result


def sessions_with(states) -> list:
    """Pair each per-thread state with a fresh keep-alive session."""
    return [(requests.Session(), state) for state in states]


def rotations(items: list, concurrency: int) -> list:
    """One endless iterator per thread over `items`, each from its own offset,
    so threads don't hit the same row at the same time."""
    if not items:
        raise BenchError("nothing to rotate over (empty item list)")
    step = max(1, len(items) // concurrency)
    return [
        itertools.cycle(
            items[(i * step) % len(items) :] + items[: (i * step) % len(items)]
        )
        for i in range(concurrency)
    ]


# -- scenarios ----------------------------------------------------------------


def get_path(base: str, path: str):
    """Iteration: one GET of a fixed path."""

    def iterate(session, state):
        call(session, "GET", base + path)

    return iterate


def get_rotating(base: str, template: str):
    """Iteration: one GET of `template` filled from the thread's rotation."""

    def iterate(session, rotation):
        call(session, "GET", base + template.format(next(rotation)))

    return iterate


def peer_product_page(base: str):
    """Iteration: the three GETs a client needs to show one peer product
    (detail, then its hyperlinked price and availability)."""

    def iterate(session, rotation):
        url = f"{base}/api/products/{next(rotation)}/"
        call(session, "GET", url)
        call(session, "GET", url + "price/")
        call(session, "GET", url + "availability/")

    return iterate


def our_checkout(base: str):
    """Iteration = one order: add one product, then POST /orders/ with a fresh
    Idempotency-Key. Only a 201 counts as an order."""

    def iterate(session, rotation):
        call(
            session,
            "POST",
            f"{base}/api/v1/basket/lines/",
            ok=(201,),
            json={"product": next(rotation), "quantity": 1},
        )
        call(
            session,
            "POST",
            f"{base}/api/v1/orders/",
            ok=(201,),
            json={"shipping_address": OUR_ADDRESS},
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )

    return iterate


def peer_checkout(base: str):
    """Iteration = one guest order on the peer, as count_queries.py does it:
    add-product, read the basket url, POST /api/checkout/ (200/201 = order)."""

    def iterate(session, rotation):
        product_url = f"{base}/api/products/{next(rotation)}/"
        call(
            session,
            "POST",
            f"{base}/api/basket/add-product/",
            json={"url": product_url, "quantity": 1},
        )
        basket_url = call(session, "GET", f"{base}/api/basket/").json()["url"]
        body = {
            "basket": basket_url,
            "guest_email": "guest@example.com",
            "shipping_address": {
                "country": f"{base}/api/countries/GB/",
                "first_name": "Peer",
                "last_name": "Baseline",
                "line1": "1 Test Street",
                "line4": "London",
                "postcode": "N1 9GU",
                "phone_number": "+44 20 7946 0000",
            },
        }
        call(session, "POST", f"{base}/api/checkout/", ok=(200, 201), json=body)

    return iterate


def our_products(base: str) -> list[dict]:
    """Every active product, through the public API (100 a page)."""
    require_loopback(base)
    products, url = [], f"{base}/api/v1/products/?page_size=100"
    with requests.Session() as session:
        while url:
            page = call(session, "GET", url).json()
            products.extend(page["results"])
            url = page.get("next")
            if url:  # keep following our own loopback origin
                url = base + urlparse(url).path + "?" + urlparse(url).query
    return products


def our_buyers(base: str, count: int) -> list[requests.Session]:
    """One registered, logged-in customer per thread (JWT in the session)."""
    require_loopback(base)
    run = uuid.uuid4().hex[:8]
    sessions = []
    for n in range(count):
        session = requests.Session()
        credentials = {
            "email": f"bench-{run}-{n}@example.com",
            "password": f"Tq7!{uuid.uuid4().hex}",
        }
        try:
            call(session, "POST", f"{base}/api/v1/auth/register", json=credentials)
            tokens = call(
                session, "POST", f"{base}/api/v1/auth/login", json=credentials
            ).json()
        except IterationFailed as exc:
            raise BenchError(f"could not create a bench customer: {exc}") from None
        session.headers["Authorization"] = f"Bearer {tokens['access']}"
        sessions.append(session)
    return sessions


class PacedOrders:
    """Orders placed in the background at a fixed pace (one every
    `interval` seconds, each on the next buyer's session, by a few threads so
    a slow one does not delay the next), while a read scenario runs.
    Bounded: it stops at `stop()` or after `limit_seconds`."""

    def __init__(self, base, buyers, rotation, interval=ORDER_INTERVAL_SECONDS):
        require_loopback(base)
        self.iterate = our_checkout(base)
        self.buyers = buyers
        self.rotation = rotation
        self.interval = interval
        self.placed = self.failed = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.sessions: queue.Queue = queue.Queue()
        for session in buyers:
            self.sessions.put(session)

    def _one(self):
        session = self.sessions.get()
        try:
            with self.lock:
                product = next(self.rotation)
            self.iterate(session, iter([product]))
            with self.lock:
                self.placed += 1
        except Exception as exc:  # a failed order is counted, not fatal
            with self.lock:
                self.failed += 1
                if len(self.errors) < 3:
                    self.errors.append(str(exc)[:200])
        finally:
            self.sessions.put(session)

    def _pace(self, limit_seconds):
        deadline = time.perf_counter() + limit_seconds
        next_at = time.perf_counter()
        while not self.stopping.is_set() and time.perf_counter() < deadline:
            if self.sessions.empty():  # every buyer busy: skip this beat
                self.skipped += 1
            else:
                threading.Thread(target=self._one, daemon=True).start()
            next_at += self.interval
            self.stopping.wait(max(0.0, next_at - time.perf_counter()))

    def start(self, limit_seconds: float):
        self.skipped = 0
        self.started = time.perf_counter()
        self.thread = threading.Thread(
            target=self._pace, args=(limit_seconds,), daemon=True
        )
        self.thread.start()

    def stop(self) -> dict:
        self.stopping.set()
        self.thread.join(timeout=5)
        seconds = time.perf_counter() - self.started
        for _ in self.buyers:  # wait for the orders under way
            self.sessions.get(timeout=REQUEST_TIMEOUT * 2)
        return {
            "orders_placed": self.placed,
            "orders_failed": self.failed,
            "orders_per_s": round(self.placed / seconds, 1) if seconds else 0.0,
            "beats_skipped": self.skipped,
            "order_errors": self.errors,
        }
