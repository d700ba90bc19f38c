"""Benchmark our shop's API next to a vanilla django-oscar + django-oscar-api
peer, on this machine, in one run.

    python manage.py bench [--products 2000] [-c 8] [-d 15] [--skip-peer]
                           [--port 18080] [--peer-port 18090]
                           [--scenarios list,filtered,search,detail,page,checkout]

Why one command does everything: numbers from two runs on a shared 2-core VM
are not comparable, so both servers are built from scratch (fresh databases,
same product count), served the same way (gunicorn, 3 workers x 4 threads) and
driven by the same closed-loop client with the same concurrency and duration,
scenario by scenario, alternating ours and the peer's.

Bounded and loopback only: every scenario lasts warm-up + duration seconds,
the client refuses any host but 127.0.0.1/localhost, and both servers are
started as our own subprocesses and stopped by their PID (in `finally`).
"""

import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql

PEER_DIR = Path("/work/shared/peers/oscar-vanilla")
DEFAULT_DATABASE_URL = "postgres://root@127.0.0.1:5432/shop_bench"
PEER_DATABASE = "peer_bench"  # the peer's own fresh database (ids 1..N)
REDIS_URL = "redis://127.0.0.1:6379/5"
PEER_PAGE_SIZE = 20  # so the peer's list is paginated like ours
WARMUP_SECONDS = 2.0
MAX_DURATION = 120.0
REQUEST_TIMEOUT = 30.0
SEED_LIMIT_SECONDS = 60.0
OUR_READY_TIMEOUT = 90.0
PEER_READY_TIMEOUT = 600.0  # first run pip-installs the peer's venv
MIN_CHECKOUT_STOCK = 40
ALL_SCENARIOS = ["list", "filtered", "search", "detail", "page", "checkout"]
PEER_SCENARIOS = {"list", "detail", "page", "checkout"}  # the peer has no filters
SCENARIO_LABELS = {
    "list": "list",
    "filtered": "filtered list",
    "search": "search",
    "detail": "detail",
    "page": "product page",
    "checkout": "checkout (orders/s)",
}
OUR_ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "line1": "12 St James's Square",
    "line4": "London",
    "postcode": "SW1Y 4JH",
    "country": "GB",
}


# -- the load client ----------------------------------------------------------


def require_loopback(url: str) -> None:
    """The client must never load anything but this machine."""
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise CommandError(f"refusing non-loopback target {url!r}")


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
        p50, p95 = percentile(done, 50), percentile(done, 95)
        return {
            "rps": round(self.ok / self.duration, 1) if self.duration else 0.0,
            "p50_ms": round(p50, 1) if p50 is not None else None,
            "p95_ms": round(p95, 1) if p95 is not None else None,
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
        raise CommandError("nothing to rotate over (empty item list)")
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
            raise CommandError(f"could not create a bench customer: {exc}") from None
        session.headers["Authorization"] = f"Bearer {tokens['access']}"
        sessions.append(session)
    return sessions


# -- processes, databases, services -------------------------------------------


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def redis_answers(url: str = REDIS_URL) -> bool:
    """A Redis PING on the bench Redis, so the cache choice is known up front."""
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), 1.0) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def pg_admin_connect(database_url: str):
    """Autocommit connection to the `postgres` database of that server."""
    u = urlparse(database_url)
    kwargs = {
        "host": u.hostname or "127.0.0.1",
        "port": u.port or 5432,
        "user": u.username or "root",
        "dbname": "postgres",
        "autocommit": True,
        "connect_timeout": 3,
    }
    if u.password:
        kwargs["password"] = u.password
    return psycopg.connect(**kwargs)


def recreate_pg_database(database_url: str, name: str) -> None:
    with pg_admin_connect(database_url) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))


def analyze_pg_database(database_url: str) -> None:
    """Fresh statistics after the seed (the peer's loader runs ANALYZE too)."""
    u = urlparse(database_url)
    with psycopg.connect(
        host=u.hostname,
        port=u.port or 5432,
        user=u.username or "root",
        password=u.password or None,
        dbname=u.path.lstrip("/"),
        autocommit=True,
    ) as conn:
        conn.execute("ANALYZE")


def with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/" + name))


def wait_http_ok(url: str, timeout: float, process: subprocess.Popen, what: str):
    """Poll `url` until it answers 200; fail early if the process died."""
    require_loopback(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"{what} exited with code {process.returncode}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise CommandError(f"{what} did not answer 200 on {url} within {timeout:.0f} s")


def start_process(args, env, cwd, log_path: Path) -> subprocess.Popen:
    """Our own process group, so stop() can end it and its children by PID."""
    log = open(log_path, "wb")  # noqa: SIM115  (closed by stop())
    process = subprocess.Popen(  # noqa: S603  (fixed argv, no shell)
        args,
        env=env,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log_file = log
    return process


def stop(process: subprocess.Popen | None) -> None:
    """SIGTERM to the group led by the PID we started (gunicorn master and
    its workers, or serve.sh and its pip/migrate children), SIGKILL after 15 s."""
    if process is None:
        return
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    process.log_file.close()


def log_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def log_excerpt(path: Path, since: int, lines: int = 12) -> str:
    """The last lines a server logged since offset `since` (for error reports)."""
    if not path.exists():
        return ""
    with open(path, "rb") as handle:
        handle.seek(since)
        text = handle.read().decode("utf-8", "replace")
    return "\n".join(text.strip().splitlines()[-lines:])


# -- the command --------------------------------------------------------------


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=2000)
        parser.add_argument("-c", "--concurrency", type=int, default=8)
        parser.add_argument("-d", "--duration", type=float, default=15.0)
        parser.add_argument("--skip-peer", action="store_true")
        parser.add_argument("--port", type=int, default=18080)
        parser.add_argument("--peer-port", type=int, default=18090)
        parser.add_argument(
            "--scenarios",
            default=",".join(ALL_SCENARIOS),
            help=f"comma list out of {','.join(ALL_SCENARIOS)}",
        )

    def handle(self, *args, **options):
        self.options = options
        self.concurrency = min(max(options["concurrency"], 1), 64)
        self.duration = min(max(options["duration"], 1.0), MAX_DURATION)
        self.scenarios = self.parse_scenarios(options["scenarios"])
        self.base_dir = Path(settings.BASE_DIR)
        self.var_dir = self.base_dir / "var"
        self.var_dir.mkdir(exist_ok=True)
        self.our_log = self.var_dir / "bench-server.log"
        self.peer_log = self.var_dir / "bench-peer.log"
        self.ours_url = f"http://127.0.0.1:{options['port']}"
        self.peer_url = f"http://127.0.0.1:{options['peer_port']}"
        # Other work on the box skews both sides: say how busy it was.
        self.meta = {"cores": os.cpu_count(), "load_at_start": os.getloadavg()[0]}
        self.notes: list[str] = []
        self.secret_key = "bench-" + uuid.uuid4().hex  # one per run, all steps
        for port in (options["port"], options["peer_port"]):
            if port_is_open(port):
                raise CommandError(f"port {port} is in use; pick another one")

        self.server = self.peer = None
        try:
            self.prepare_our_database()
            self.seed()
            self.start_peer()
            self.start_our_server()
            self.wait_until_ready()
            results = self.run_scenarios()
        finally:
            stop(self.server)
            stop(self.peer)
        self.report(results)

    def parse_scenarios(self, text: str) -> list[str]:
        wanted = [name.strip() for name in text.split(",") if name.strip()]
        unknown = set(wanted) - set(ALL_SCENARIOS)
        if unknown:
            raise CommandError(f"unknown scenarios: {', '.join(sorted(unknown))}")
        return [name for name in ALL_SCENARIOS if name in wanted]

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    # -- setup -------------------------------------------------------------

    def prepare_our_database(self) -> None:
        """A fresh PostgreSQL database, else a fresh SQLite file (and no peer,
        which needs PostgreSQL)."""
        url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
        self.pg_url = url
        try:
            recreate_pg_database(url, urlparse(url).path.lstrip("/"))
            self.database_url = url
            self.meta["database"] = f"PostgreSQL {urlparse(url).path.lstrip('/')}"
        except psycopg.Error as exc:
            path = self.var_dir / "bench.sqlite3"
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            self.database_url = f"sqlite:///{path}"
            self.pg_url = None
            self.meta["database"] = f"SQLite {path} (PostgreSQL unreachable)"
            self.say(f"PostgreSQL unreachable ({exc}); falling back to SQLite.")
        self.use_redis = redis_answers()
        self.meta["cache"] = (
            f"Redis {REDIS_URL}" if self.use_redis else "local memory (no Redis)"
        )
        self.media_root = self.var_dir / "bench-media"
        shutil.rmtree(self.media_root, ignore_errors=True)
        self.say(f"database: {self.meta['database']}; cache: {self.meta['cache']}")

    def our_env(self) -> dict:
        """Our settings for the seed and the server: production-like
        (DEBUG=0), with the bench database, media dir and cache. Celery tasks
        (order email, analytics) run inline, as they do with no broker, so
        nothing piles up in Redis without a worker and the order work is
        counted in the request as the peer's is."""
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECRET_KEY=self.secret_key,
            MEDIA_ROOT=str(self.media_root),
            THROTTLE_RATE_LOGIN="1000/min",
            THROTTLE_RATE_REGISTER="1000/min",
            CELERY_TASK_ALWAYS_EAGER="1",
            EMAIL_URL="memorymail://",
            CACHE_KEY_PREFIX="bench",
            PYTHONUNBUFFERED="1",
        )
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
        if self.use_redis:
            env["REDIS_URL"] = REDIS_URL
        return env

    def manage(self, *args, timeout: float = 900) -> float:
        """Run `manage.py <args>` against the bench database; seconds taken."""
        started = time.perf_counter()
        completed = subprocess.run(  # noqa: S603  (fixed argv, no shell)
            [sys.executable, "manage.py", *args],
            cwd=self.base_dir,
            env=self.our_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if completed.returncode != 0:
            tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-20:])
            raise CommandError(f"manage.py {' '.join(args)} failed:\n{tail}")
        return time.perf_counter() - started

    def seed(self) -> None:
        """migrate, then the timed seed_demo (the requirement: < 60 s for 2000)."""
        self.say("migrating the bench database ...")
        self.manage("migrate", "--noinput", "-v0")
        products = self.options["products"]
        self.say(f"seed_demo --products {products} (timed) ...")
        seconds = self.manage("seed_demo", "--products", str(products), "-v0")
        self.meta["seed_seconds"] = round(seconds, 1)
        self.meta["seed_within_limit"] = seconds < SEED_LIMIT_SECONDS
        flag = "OK" if seconds < SEED_LIMIT_SECONDS else "TOO SLOW (>= 60 s)"
        self.say(f"seed_demo --products {products}: {seconds:.1f} s  [{flag}]")
        if self.pg_url:
            analyze_pg_database(self.database_url)

    def start_our_server(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.server = start_process(
            [
                str(gunicorn),
                "project.wsgi",
                "--workers",
                "3",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{self.options['port']}",
                # gunicorn 27's default control socket (~/.gunicorn) is shared.
                "--no-control-socket",
            ],
            env=self.our_env(),
            cwd=self.base_dir,
            log_path=self.our_log,
        )

    def start_peer(self) -> None:
        """serve.sh on a fresh database of its own, so its ids are 1..N; it
        exec's gunicorn, so the PID we hold becomes the gunicorn master."""
        if self.options["skip_peer"]:
            self.notes.append("peer skipped (--skip-peer)")
            return
        if not PEER_SCENARIOS & set(self.scenarios):
            self.notes.append("peer not started: no chosen scenario runs on it")
            return
        if not self.pg_url:
            self.notes.append("peer skipped: it needs PostgreSQL")
            return
        recreate_pg_database(self.pg_url, PEER_DATABASE)
        u = urlparse(self.pg_url)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            PORT=str(self.options["peer_port"]),
            PRODUCTS=str(self.options["products"]),
            PEER_PAGE_SIZE=str(PEER_PAGE_SIZE),
            PGDATABASE=PEER_DATABASE,
            PGHOST=u.hostname or "127.0.0.1",
            PGPORT=str(u.port or 5432),
            PGUSER=u.username or "root",
            PGPASSWORD=u.password or "",
        )
        self.say("starting the peer (first run installs its venv: minutes) ...")
        self.peer = start_process(
            ["/bin/bash", str(PEER_DIR / "serve.sh")],
            env=env,
            cwd=PEER_DIR,
            log_path=self.peer_log,
        )

    def wait_until_ready(self) -> None:
        wait_http_ok(
            f"{self.ours_url}/health/", OUR_READY_TIMEOUT, self.server, "our server"
        )
        self.say(f"our server is up on {self.ours_url}")
        if self.peer is None:
            return
        try:
            wait_http_ok(
                f"{self.peer_url}/api/products/",
                PEER_READY_TIMEOUT,
                self.peer,
                "the peer",
            )
        except CommandError as exc:
            raise CommandError(
                f"{exc}\n--- {self.peer_log}:\n{log_excerpt(self.peer_log, 0, 30)}"
            ) from None
        self.say(f"peer is up on {self.peer_url} (page size {PEER_PAGE_SIZE})")

    # -- measuring ---------------------------------------------------------

    def measure(self, side: str, name: str, iterate, states, sessions=None) -> dict:
        """One closed-loop run, one thread per state (with a fresh session
        each, unless `sessions` are given); on errors, attach the log's tail."""
        log = self.our_log if side == "ours" else self.peer_log
        offset = log_size(log)
        base = self.ours_url if side == "ours" else self.peer_url
        self.say(f"  {SCENARIO_LABELS[name]:<20} {side:<4} ...")
        pairs = list(zip(sessions, states, strict=True)) if sessions else None
        pairs = pairs or sessions_with(states)
        result = run_closed_loop(base, iterate, pairs, self.duration)
        summary = result.summary()
        line = (
            f"    {summary['rps']:.1f}/s  p50 {summary['p50_ms']} ms  "
            f"p95 {summary['p95_ms']} ms  errors {summary['errors']}"
        )
        self.say(line)
        if summary["errors"]:
            summary["server_log"] = log_excerpt(log, offset)
            for sample in summary["error_samples"]:
                self.say(f"    ! {sample}")
        return summary

    def run_scenarios(self) -> dict:
        """Ours then the peer's, scenario by scenario; checkout last, because
        orders change stock and so invalidate our catalogue cache."""
        c, ours, peer = self.concurrency, self.ours_url, self.peer_url
        products = our_products(ours)
        slugs = [p["slug"] for p in products]
        stocked = [
            p["slug"] for p in products if p["available_quantity"] >= MIN_CHECKOUT_STOCK
        ]
        peer_ids = list(range(1, self.options["products"] + 1))
        self.meta["active_products"] = len(slugs)
        self.meta["checkout_products"] = len(stocked)
        self.say(
            f"{len(slugs)} active products, {len(stocked)} with stock >= "
            f"{MIN_CHECKOUT_STOCK}; {c} threads x {self.duration:.0f} s "
            f"(+{WARMUP_SECONDS:.0f} s warm-up) per run"
        )
        filtered = "?category=clothing&min_price=10&max_price=150&ordering=-price"
        plans = {
            "list": (
                (get_path(ours, "/api/v1/products/"), [None] * c),
                (get_path(peer, "/api/products/"), [None] * c),
            ),
            "filtered": (
                (get_path(ours, "/api/v1/products/" + filtered), [None] * c),
                None,
            ),
            "search": (
                (get_path(ours, "/api/v1/products/?search=shirt"), [None] * c),
                None,
            ),
            "detail": (
                (get_rotating(ours, "/api/v1/products/{}/"), rotations(slugs, c)),
                (get_rotating(peer, "/api/products/{}/"), rotations(peer_ids, c)),
            ),
            "page": (None, (peer_product_page(peer), rotations(peer_ids, c))),
            "checkout": (
                (our_checkout(ours), None),  # states made just before the run
                (peer_checkout(peer), rotations(peer_ids, c)),
            ),
        }
        results = {}
        for name in self.scenarios:
            ours_plan, peer_plan = plans[name]
            results[name] = {"ours": None, "peer": None}
            if ours_plan is not None:
                iterate, states = ours_plan
                sessions = None
                if name == "checkout":
                    # Buyers register and log in before the clock starts.
                    sessions = our_buyers(ours, c)
                    states = rotations(stocked, c)
                results[name]["ours"] = self.measure(
                    "ours", name, iterate, states, sessions
                )
            elif name == "page":
                results[name]["ours"] = self.our_page(results, slugs)
            if peer_plan is not None and self.peer is not None:
                iterate, states = peer_plan
                results[name]["peer"] = self.measure("peer", name, iterate, states)
        return results

    def our_page(self, results: dict, slugs: list[str]) -> dict:
        """Our product page is one request: the detail figures (measured now
        if the detail scenario was not run)."""
        if results.get("detail", {}).get("ours"):
            return dict(results["detail"]["ours"], same_as="detail")
        iterate = get_rotating(self.ours_url, "/api/v1/products/{}/")
        return self.measure("ours", "page", iterate, rotations(slugs, self.concurrency))

    # -- output ------------------------------------------------------------

    def report(self, results: dict) -> None:
        self.meta.update(
            load_at_end=os.getloadavg()[0],
            concurrency=self.concurrency,
            duration_s=self.duration,
            warmup_s=WARMUP_SECONDS,
            products=self.options["products"],
            workers="3 x 4 threads (gunicorn), both servers",
            peer_page_size=PEER_PAGE_SIZE,
        )
        rows = [self.table_row(name, results[name]) for name in self.scenarios]
        self.print_table(rows)
        path = self.var_dir / "bench-results.json"
        path.write_text(
            json.dumps({"meta": self.meta, "scenarios": results}, indent=2) + "\n"
        )
        self.say(f"\nresults written to {path}")

    def table_row(self, name: str, result: dict) -> list[str]:
        ours, peer = result["ours"], result["peer"]

        def cells(figures):
            if not figures:
                return ["n/a", "", "", ""]
            return [
                f"{figures['rps']:.1f}",
                "-" if figures["p50_ms"] is None else f"{figures['p50_ms']}",
                "-" if figures["p95_ms"] is None else f"{figures['p95_ms']}",
                str(figures["errors"]),
            ]

        rps_ratio = p50_ratio = "n/a"
        if ours and peer and peer["rps"]:
            rps_ratio = f"{ours['rps'] / peer['rps']:.2f}x"
            result["ratio_rps_ours_over_peer"] = round(ours["rps"] / peer["rps"], 2)
        if ours and peer and ours["p50_ms"] and peer["p50_ms"]:
            p50_ratio = f"{peer['p50_ms'] / ours['p50_ms']:.2f}x"
            result["ratio_p50_peer_over_ours"] = round(
                peer["p50_ms"] / ours["p50_ms"], 2
            )
        return [SCENARIO_LABELS[name], *cells(ours), *cells(peer), rps_ratio, p50_ratio]

    def print_table(self, rows: list[list[str]]) -> None:
        header = [
            "scenario",
            "ours/s",
            "p50ms",
            "p95ms",
            "err",
            "peer/s",
            "p50ms",
            "p95ms",
            "err",
            "rps o/p",
            "p50 p/o",
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(11)]

        def fmt(row):
            parts = [row[0].ljust(widths[0])]
            parts += [row[i].rjust(widths[i]) for i in range(1, 11)]
            return " | ".join(
                [parts[0], " ".join(parts[1:5]), " ".join(parts[5:9]), *parts[9:]]
            )

        m = self.meta
        self.say("")
        self.say(
            f"Bench: {m['products']} products, {m['concurrency']} threads, "
            f"{m['duration_s']:.0f} s per run after {m['warmup_s']:.0f} s warm-up, "
            f"{m['cores']} cores, {m['workers']}"
        )
        self.say(
            f"ours: {m['database']}, cache {m['cache']}; seed_demo "
            f"{m['seed_seconds']} s ({'OK' if m['seed_within_limit'] else 'FLAG'}"
            " vs 60 s limit)"
        )
        self.say(
            "peer: vanilla oscar + oscarapi, PostgreSQL "
            f"{PEER_DATABASE}, locmem cache, CONN_MAX_AGE=0, "
            f"PEER_PAGE_SIZE={PEER_PAGE_SIZE} (NOT vanilla: paginated like ours)"
            if self.peer is not None
            else "peer: not run"
        )
        self.say("")
        self.say(fmt(header))
        self.say("-" * len(fmt(header)))
        for row in rows:
            self.say(fmt(row))
        self.say(
            "\n/s = successful iterations per second; p50/p95 in ms per iteration."
            "\nproduct page: peer = detail + price/ + availability/ (3 GETs), "
            "ours = 1 GET (detail)."
            "\ncheckout: ours = basket line + order (JWT user); "
            "peer = add-product + basket + guest checkout."
            "\nrps o/p = ours/peer throughput; p50 p/o = peer p50 / our p50 "
            "(> 1: ours faster)."
        )
        load = (
            f"load average {m['load_at_start']:.1f} before the bench started, "
            f"{m['load_at_end']:.1f} at its end"
        )
        if m["load_at_start"] > m["cores"] / 2:
            load += " (other work on the box before we began: numbers are noisy)"
        self.say(load)
        for note in self.notes:
            self.say(f"note: {note}")
