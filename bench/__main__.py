"""Benchmark our shop's API next to a vanilla django-oscar + django-oscar-api
peer, on this machine, in one run.

    python -m bench [--products 2000] [-c 8] [-d 15] [--skip-peer]
                    [--port 18080] [--peer-port 18090] [--no-cache]
                    [--products-large 100000]
                    [--scenarios bare,list,filtered,search,detail,page,checkout,
                                 list_with_orders,detail_with_orders]

`bare` is a DRF view doing nothing through our whole stack: the table gives
each of our scenarios as a share of its req/s. The `*_with_orders` scenarios
read while an order is placed every 100 ms. `--products-large N` then
measures list, filtered list, search and detail with the catalogue cache off
at both sizes (a second database, seeded with --no-images, timed).

Why one command does everything: numbers from two runs on a shared 2-core VM
are not comparable, so both servers are built from scratch (fresh databases,
same product count), served the same way (gunicorn, 3 workers x 4 threads) and
driven by the same closed-loop client with the same concurrency and duration,
scenario by scenario, alternating ours and the peer's.

Bounded and loopback only: every scenario lasts warm-up + duration seconds,
the client refuses any host but 127.0.0.1/localhost, and both servers are
started as our own subprocesses and stopped by their PID (in `finally`).
The peer is ../shared/peers/oscar-vanilla next to this repository, or
BENCH_PEER_DIR; our database is BENCH_DATABASE_URL (default shop_bench).
"""

import argparse
import itertools
import os
import shutil
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import requests

from bench.client import (
    ALL_SCENARIOS,
    PEER_SCENARIOS,
    SCENARIO_LABELS,
    WARMUP_SECONDS,
    WITH_ORDERS,
    BenchError,
    PacedOrders,
    call,
    get_path,
    get_rotating,
    our_buyers,
    our_checkout,
    our_products,
    peer_checkout,
    peer_product_page,
    rotations,
    run_closed_loop,
    sessions_with,
)
from bench.report import say, write_report
from bench.servers import (
    DEFAULT_DATABASE_URL,
    OUR_READY_TIMEOUT,
    PEER_PAGE_SIZE,
    PEER_READY_TIMEOUT,
    REDIS_URL,
    REPO_ROOT,
    analyze_pg_database,
    log_excerpt,
    log_size,
    our_env,
    port_is_open,
    public_slugs,
    recreate_pg_database,
    redis_answers,
    run_manage,
    start_our_server,
    start_our_worker,
    start_peer,
    stop,
    wait_http_ok,
)

MAX_DURATION = 120.0
SEED_LIMIT_SECONDS = 60.0
LARGE_SEED_LIMIT_SECONDS = 300.0
MIN_CHECKOUT_STOCK = 40
LARGE_SCENARIOS = ["list", "filtered", "search", "detail"]
FILTERED_QUERY = "?category=clothing&min_price=10&max_price=150&ordering=-price"
ORDER_BUYERS = 4  # sessions placing the paced orders
HOT_PRODUCTS = 200  # the detail scenario's products, read once before the clock


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    parser.add_argument("-d", "--duration", type=float, default=15.0)
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--peer-port", type=int, default=18090)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="our catalogue cache off (CATALOGUE_CACHE=0) for the whole run",
    )
    parser.add_argument(
        "--products-large",
        type=int,
        default=0,
        help="also compare the cache-off reads at this catalogue size",
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(ALL_SCENARIOS),
        help=f"comma list out of {','.join(ALL_SCENARIOS)}",
    )
    return parser.parse_args(argv)


def parse_scenarios(text: str) -> list[str]:
    wanted = [name.strip() for name in text.split(",") if name.strip()]
    unknown = set(wanted) - set(ALL_SCENARIOS)
    if unknown:
        raise BenchError(f"unknown scenarios: {', '.join(sorted(unknown))}")
    return [name for name in ALL_SCENARIOS if name in wanted]


class Bench:
    """One run: fresh databases, both servers up, every chosen scenario on
    ours then the peer's, both servers stopped, then the report."""

    def __init__(self, options: argparse.Namespace):
        self.options = options
        self.concurrency = min(max(options.concurrency, 1), 64)
        self.duration = min(max(options.duration, 1.0), MAX_DURATION)
        self.scenarios = parse_scenarios(options.scenarios)
        self.var_dir = REPO_ROOT / "var"
        self.our_log = self.var_dir / "bench-server.log"
        self.peer_log = self.var_dir / "bench-peer.log"
        self.ours_url = f"http://127.0.0.1:{options.port}"
        self.peer_url = f"http://127.0.0.1:{options.peer_port}"
        self.notes: list[str] = []
        self.secret_key = "bench-" + uuid.uuid4().hex  # one per run, all steps
        self.run_id = uuid.uuid4().hex[:8]  # cache keys of this run only
        self.server = self.peer = self.worker = None
        self.large = None

    def run(self) -> None:
        self.var_dir.mkdir(exist_ok=True)
        # Other work on the box skews both sides: say how busy it was.
        self.meta = {"cores": os.cpu_count(), "load_at_start": os.getloadavg()[0]}
        for port in (self.options.port, self.options.peer_port):
            if port_is_open(port):
                raise BenchError(f"port {port} is in use; pick another one")
        try:
            self.prepare_our_database()
            self.seed()
            self.start_peer()
            self.start_our_server()
            self.wait_until_ready()
            results = self.run_scenarios()
            if self.options.products_large:
                self.large = self.run_large(self.options.products_large)
        finally:
            stop(self.server)
            stop(self.worker)
            stop(self.peer)
        self.meta.update(
            load_at_end=os.getloadavg()[0],
            concurrency=self.concurrency,
            duration_s=self.duration,
            warmup_s=WARMUP_SECONDS,
            products=self.options.products,
            workers="3 x 4 threads (gunicorn), both servers",
            peer_page_size=PEER_PAGE_SIZE,
            catalogue_cache="off" if self.options.no_cache else "on",
        )
        write_report(
            scenarios=self.scenarios,
            results=results,
            meta=self.meta,
            notes=self.notes,
            peer_ran=self.peer is not None,
            var_dir=self.var_dir,
            large=self.large,
        )

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
            say(f"PostgreSQL unreachable ({exc}); falling back to SQLite.")
        self.use_redis = redis_answers()
        self.meta["cache"] = (
            f"Redis {REDIS_URL}" if self.use_redis else "local memory (no Redis)"
        )
        self.media_root = self.var_dir / "bench-media"
        shutil.rmtree(self.media_root, ignore_errors=True)
        say(f"database: {self.meta['database']}; cache: {self.meta['cache']}")

    def our_env(
        self, tasks_inline: bool = False, cache: bool | None = None, database_url=None
    ) -> dict:
        env = our_env(
            database_url=database_url or self.database_url,
            secret_key=self.secret_key,
            media_root=self.media_root,
            use_redis=self.use_redis,
            tasks_inline=tasks_inline,
        )
        cache = not self.options.no_cache if cache is None else cache
        env["CATALOGUE_CACHE"] = "1" if cache else "0"
        # Keys of this run and database only (the default partner's id differs).
        database = (database_url or self.database_url).rsplit("/", 1)[-1]
        env["CACHE_KEY_PREFIX"] = f"bench-{self.run_id}-{database}"
        return env

    def seed(self) -> None:
        """migrate, then the timed seed_demo (the requirement: < 60 s for 2000)."""
        say("migrating the bench database ...")
        run_manage("migrate", "--noinput", "-v0", env=self.our_env(tasks_inline=True))
        products = self.options.products
        say(f"seed_demo --products {products} (timed) ...")
        seconds = run_manage(
            "seed_demo",
            "--products",
            str(products),
            "-v0",
            env=self.our_env(tasks_inline=True),
        )
        self.meta["seed_seconds"] = round(seconds, 1)
        self.meta["seed_within_limit"] = seconds < SEED_LIMIT_SECONDS
        flag = "OK" if seconds < SEED_LIMIT_SECONDS else "TOO SLOW (>= 60 s)"
        say(f"seed_demo --products {products}: {seconds:.1f} s  [{flag}]")
        if self.pg_url:
            analyze_pg_database(self.database_url)

    def start_our_server(self) -> None:
        self.server = start_our_server(
            port=self.options.port, env=self.our_env(), log_path=self.our_log
        )
        if self.use_redis:
            self.worker = start_our_worker(
                env=self.our_env(), log_path=self.var_dir / "bench-worker.log"
            )
        else:
            self.notes.append("no Redis: our Celery tasks ran inline, in the request")

    def start_peer(self) -> None:
        if self.options.skip_peer:
            self.notes.append("peer skipped (--skip-peer)")
            return
        if not PEER_SCENARIOS & set(self.scenarios):
            self.notes.append("peer not started: no chosen scenario runs on it")
            return
        if not self.pg_url:
            self.notes.append("peer skipped: it needs PostgreSQL")
            return
        say("starting the peer (first run installs its venv: minutes) ...")
        self.peer = start_peer(
            pg_url=self.pg_url,
            port=self.options.peer_port,
            products=self.options.products,
            log_path=self.peer_log,
        )

    def wait_until_ready(self) -> None:
        wait_http_ok(
            f"{self.ours_url}/health/", OUR_READY_TIMEOUT, self.server, "our server"
        )
        say(f"our server is up on {self.ours_url}")
        if self.peer is None:
            return
        try:
            wait_http_ok(
                f"{self.peer_url}/api/products/",
                PEER_READY_TIMEOUT,
                self.peer,
                "the peer",
            )
        except BenchError as exc:
            raise BenchError(
                f"{exc}\n--- {self.peer_log}:\n{log_excerpt(self.peer_log, 0, 30)}"
            ) from None
        say(f"peer is up on {self.peer_url} (page size {PEER_PAGE_SIZE})")

    # -- measuring ---------------------------------------------------------

    def measure(self, side: str, name: str, iterate, states, sessions=None) -> dict:
        """One closed-loop run, one thread per state (with a fresh session
        each, unless `sessions` are given); on errors, attach the log's tail."""
        log = self.our_log if side == "ours" else self.peer_log
        offset = log_size(log)
        base = self.ours_url if side == "ours" else self.peer_url
        say(f"  {SCENARIO_LABELS[name]:<20} {side:<4} ...")
        pairs = list(zip(sessions, states, strict=True)) if sessions else None
        pairs = pairs or sessions_with(states)
        result = run_closed_loop(base, iterate, pairs, self.duration)
        summary = result.summary()
        say(
            f"    {summary['rps']:.1f}/s  p50 {summary['p50_ms']} ms  "
            f"p95 {summary['p95_ms']} ms  errors {summary['errors']}"
        )
        if summary["errors"]:
            summary["server_log"] = log_excerpt(log, offset)
            for sample in summary["error_samples"]:
                say(f"    ! {sample}")
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
        peer_ids = list(range(1, self.options.products + 1))
        self.meta["active_products"] = len(slugs)
        self.meta["checkout_products"] = len(stocked)
        say(
            f"{len(slugs)} active products, {len(stocked)} with stock >= "
            f"{MIN_CHECKOUT_STOCK}; {c} threads x {self.duration:.0f} s "
            f"(+{WARMUP_SECONDS:.0f} s warm-up) per run"
        )
        filtered = FILTERED_QUERY
        # Cached detail: the products people look at are few (a cold
        # catalogue is measured with the cache off, --products-large).
        hot = slugs[:HOT_PRODUCTS]
        plans = {
            "bare": ((get_path(ours, "/bench/bare"), [None] * c), None),
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
                (get_rotating(ours, "/api/v1/products/{}/"), rotations(hot, c)),
                (get_rotating(peer, "/api/products/{}/"), rotations(peer_ids, c)),
            ),
            "page": (None, (peer_product_page(peer), rotations(peer_ids, c))),
            "checkout": (
                (our_checkout(ours), None),  # states made just before the run
                (peer_checkout(peer), rotations(peer_ids, c)),
            ),
        }
        for name, alone in WITH_ORDERS.items():
            plans[name] = (plans[alone][0], None)
        self.slugs, self.stocked = slugs, stocked
        self.warm(hot)
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
                if name in WITH_ORDERS:
                    results[name]["ours"] = self.measure_with_orders(
                        name, iterate, states
                    )
                    continue
                results[name]["ours"] = self.measure(
                    "ours", name, iterate, states, sessions
                )
            elif name == "page":
                results[name]["ours"] = self.our_page(results, slugs)
            if peer_plan is not None and self.peer is not None:
                iterate, states = peer_plan
                results[name]["peer"] = self.measure("peer", name, iterate, states)
        return results

    def warm(self, slugs: list[str]) -> None:
        """One read of each product's detail (fills our cache)."""
        if "detail" not in self.scenarios and "page" not in self.scenarios:
            return
        with requests.Session() as session:
            for slug in slugs:
                call(session, "GET", f"{self.ours_url}/api/v1/products/{slug}/")

    def measure_with_orders(self, name: str, iterate, states) -> dict:
        """A read scenario while orders are placed every 100 ms by other
        customers (the reads must keep their pace: the cache holds no stock)."""
        if not self.stocked:
            raise BenchError("no product with enough stock to order")
        buyers = our_buyers(self.ours_url, ORDER_BUYERS)
        orders = PacedOrders(self.ours_url, buyers, itertools.cycle(self.stocked))
        orders.start(limit_seconds=WARMUP_SECONDS + self.duration + 10)
        try:
            summary = self.measure("ours", name, iterate, states)
        finally:
            placed = orders.stop()
        summary.update(placed)
        say(
            f"    orders meanwhile: {placed['orders_per_s']}/s, "
            f"{placed['orders_failed']} failed"
        )
        for error in placed["order_errors"]:
            say(f"    ! {error}")
        return summary

    def restart_our_server(self, env: dict, log_path: Path) -> None:
        stop(self.server)
        self.server = None
        self.server = start_our_server(
            port=self.options.port, env=env, log_path=log_path
        )
        wait_http_ok(
            f"{self.ours_url}/health/", OUR_READY_TIMEOUT, self.server, "our server"
        )

    def reads_cache_off(self, slugs: list[str], log_path: Path) -> dict:
        """List, filtered list, search and detail with the cache off."""
        c, ours = self.concurrency, self.ours_url
        plans = {
            "list": (get_path(ours, "/api/v1/products/"), [None] * c),
            "filtered": (get_path(ours, "/api/v1/products/" + FILTERED_QUERY), None),
            "search": (get_path(ours, "/api/v1/products/?search=shirt"), None),
            "detail": (get_rotating(ours, "/api/v1/products/{}/"), None),
        }
        figures = {}
        for name in LARGE_SCENARIOS:
            iterate, states = plans[name]
            if name == "detail":
                states = rotations(slugs, c)
            self.our_log = log_path
            figures[name] = self.measure("ours", name, iterate, states or [None] * c)
        return figures

    def run_large(self, products: int) -> dict:
        """The cache-off reads at our size, then on a second database seeded
        with `products` (timed, --no-images), side by side."""
        if not self.pg_url:
            self.notes.append("large catalogue skipped: it needs PostgreSQL")
            return None
        say("\ncache off, normal catalogue ...")
        self.restart_our_server(
            self.our_env(cache=False), self.var_dir / "bench-server-nocache.log"
        )
        small = self.reads_cache_off(
            self.slugs, self.var_dir / "bench-server-nocache.log"
        )
        stop(self.server)
        self.server = None
        large_name = urlparse(self.pg_url).path.lstrip("/") + "_large"
        large_url = self.pg_url.rsplit("/", 1)[0] + "/" + large_name
        recreate_pg_database(large_url, large_name)
        env = self.our_env(tasks_inline=True, cache=False, database_url=large_url)
        say(f"migrating {large_name} ...")
        run_manage("migrate", "--noinput", "-v0", env=env)
        say(f"seed_demo --products {products} --no-images (timed) ...")
        seconds = run_manage(
            "seed_demo", "--products", str(products), "--no-images", "-v0", env=env
        )
        flag = "OK" if seconds < LARGE_SEED_LIMIT_SECONDS else "TOO SLOW (>= 300 s)"
        say(f"seed_demo --products {products} --no-images: {seconds:.1f} s  [{flag}]")
        analyze_pg_database(large_url)
        log = self.var_dir / "bench-server-large.log"
        self.restart_our_server(self.our_env(cache=False, database_url=large_url), log)
        big = self.reads_cache_off(public_slugs(large_url, 2000), log)
        return {
            "small": self.options.products,
            "large": products,
            "seed_seconds": round(seconds, 1),
            "seed_within_limit": seconds < LARGE_SEED_LIMIT_SECONDS,
            "scenarios": {
                name: {"small": small[name], "large": big[name]}
                for name in LARGE_SCENARIOS
            },
        }

    def our_page(self, results: dict, slugs: list[str]) -> dict:
        """Our product page is one request: the detail figures (measured now
        if the detail scenario was not run)."""
        if results.get("detail", {}).get("ours"):
            return dict(results["detail"]["ours"], same_as="detail")
        iterate = get_rotating(self.ours_url, "/api/v1/products/{}/")
        return self.measure("ours", "page", iterate, rotations(slugs, self.concurrency))


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    try:
        Bench(options).run()
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
