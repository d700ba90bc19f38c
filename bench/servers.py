"""The two servers and what they stand on: PostgreSQL databases made afresh,
the Redis check, our manage.py steps, processes started in their own group
and stopped by their PID, and waiting until each answers."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import requests
from psycopg import sql

from bench.client import BenchError, require_loopback

# The repository holding this package; the peer lives next to it, in the
# team's shared checkout (../shared/peers/oscar-vanilla), unless
# BENCH_PEER_DIR says otherwise.
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PEER_DIR = REPO_ROOT.parent / "shared" / "peers" / "oscar-vanilla"
DEFAULT_DATABASE_URL = "postgres://root@127.0.0.1:5432/shop_bench"
PEER_DATABASE = "peer_bench"  # the peer's own fresh database (ids 1..N)
# The bench's Redis (cache, Celery broker); BENCH_REDIS_URL picks another
# database so that parallel runs do not share one.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
PEER_PAGE_SIZE = 20  # so the peer's list is paginated like ours
OUR_READY_TIMEOUT = 90.0
PEER_READY_TIMEOUT = 600.0  # first run pip-installs the peer's venv


def peer_dir() -> Path:
    """Where the vanilla Oscar peer's checkout is (BENCH_PEER_DIR overrides)."""
    override = os.environ.get("BENCH_PEER_DIR")
    return Path(override).resolve() if override else DEFAULT_PEER_DIR


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


# -- PostgreSQL ---------------------------------------------------------------


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


def public_slugs(database_url: str, limit: int) -> list[str]:
    """Slugs of `limit` random public products (a large catalogue is not
    walked through the API)."""
    u = urlparse(database_url)
    with psycopg.connect(
        host=u.hostname,
        port=u.port or 5432,
        user=u.username or "root",
        password=u.password or None,
        dbname=u.path.lstrip("/"),
    ) as conn:
        rows = conn.execute(
            "SELECT slug FROM catalogue_product WHERE is_public AND deleted_at IS NULL"
            " ORDER BY random() LIMIT %s",
            (limit,),
        ).fetchall()
    return [row[0] for row in rows]


# -- processes ----------------------------------------------------------------


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


def wait_http_ok(url: str, timeout: float, process: subprocess.Popen, what: str):
    """Poll `url` until it answers 200; fail early if the process died."""
    require_loopback(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{what} exited with code {process.returncode}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise BenchError(f"{what} did not answer 200 on {url} within {timeout:.0f} s")


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


# -- our server ---------------------------------------------------------------


def our_env(
    *,
    database_url: str,
    secret_key: str,
    media_root: Path,
    use_redis: bool,
    tasks_inline: bool,
) -> dict:
    """Our settings for the seed and the server: production-like (DEBUG=0),
    with the bench database, media dir and cache. With Redis, the server
    hands its Celery tasks (order email, purchase counters) to a worker the
    bench starts, as production does: they run after commit, outside the
    request. The seed, and a run without Redis, run them inline."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECRET_KEY=secret_key,
        MEDIA_ROOT=str(media_root),
        THROTTLE_RATE_LOGIN="1000/min",
        THROTTLE_RATE_REGISTER="1000/min",
        CELERY_TASK_ALWAYS_EAGER="1" if tasks_inline or not use_redis else "0",
        EMAIL_URL="memorymail://",
        CACHE_KEY_PREFIX="bench",
        PYTHONUNBUFFERED="1",
        BENCH_BARE_VIEW="1",  # /bench/bare, the yardstick
    )
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    if use_redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def run_manage(*args: str, env: dict, timeout: float = 900) -> float:
    """Run our `manage.py <args>` (same python as the bench); seconds taken."""
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603  (fixed argv, no shell)
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-20:])
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{tail}")
    return time.perf_counter() - started


def start_our_server(*, port: int, env: dict, log_path: Path) -> subprocess.Popen:
    """Our gunicorn (from the bench's own venv), 3 workers x 4 threads."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return start_process(
        [
            str(gunicorn),
            "project.wsgi",
            "--workers",
            "3",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            # gunicorn 27's default control socket (~/.gunicorn) is shared.
            "--no-control-socket",
        ],
        env=env,
        cwd=REPO_ROOT,
        log_path=log_path,
    )


def start_our_worker(*, env: dict, log_path: Path) -> subprocess.Popen:
    """One Celery worker process for the tasks our server enqueues (after
    emptying the queue of an earlier run)."""
    celery = str(Path(sys.executable).parent / "celery")
    subprocess.run(  # noqa: S603  (fixed argv, no shell)
        [celery, "-A", "project", "purge", "-f"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return start_process(
        [
            celery,
            "-A",
            "project",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        env=env,
        cwd=REPO_ROOT,
        log_path=log_path,
    )


# -- the peer -----------------------------------------------------------------


def start_peer(
    *, pg_url: str, port: int, products: int, log_path: Path
) -> subprocess.Popen:
    """serve.sh on a fresh database of its own, so its ids are 1..N; it
    exec's gunicorn, so the PID we hold becomes the gunicorn master."""
    directory = peer_dir()
    serve = directory / "serve.sh"
    if not serve.is_file():
        raise BenchError(
            f"no peer at {directory} (set BENCH_PEER_DIR, or use --skip-peer)"
        )
    recreate_pg_database(pg_url, PEER_DATABASE)
    u = urlparse(pg_url)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        PORT=str(port),
        PRODUCTS=str(products),
        PEER_PAGE_SIZE=str(PEER_PAGE_SIZE),
        PGDATABASE=PEER_DATABASE,
        PGHOST=u.hostname or "127.0.0.1",
        PGPORT=str(u.port or 5432),
        PGUSER=u.username or "root",
        PGPASSWORD=u.password or "",
    )
    return start_process(
        ["/bin/bash", str(serve)], env=env, cwd=directory, log_path=log_path
    )
