"""The real deployment on this machine, for the tests marked `deploy`: nginx in
front of two gunicorn instances, a Celery worker and beat (deploy/stack.py,
what `make up` runs), on a copy of the test database and a Redis database of
their own. Tests talk to it over HTTP and read its database with SQL.

Needs PostgreSQL, Redis and nginx; without nginx the tests are skipped with
that reason, which .ci/run (which installs nginx) does not accept."""

import http.client
import json
import os
import re
import shutil
import socket
import socketserver
import subprocess
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.db import connections

from deploy.stack import ROOT, Stack

SECRET_KEY = "deploy-tests-" + "k" * 40
METRICS_TOKEN = "deploy-tests-metrics-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def deploy_redis_url() -> str:
    """DEPLOY_REDIS_URL, else the tests' Redis database + 1 (the tests
    empty theirs before each test; the deployment's must survive that)."""
    if os.environ.get("DEPLOY_REDIS_URL"):
        return os.environ["DEPLOY_REDIS_URL"]
    parts = urlsplit(settings.REDIS_URL)
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{db + 1}"))


# --- a mail server the tests can hold ------------------------------------------


class SMTPSink:
    """A minimal SMTP server that keeps every message it accepted. While
    `hold` is set it does not answer a DATA command: the sender (a Celery
    task) stays in the middle of sending, and a sender that dies there has
    delivered nothing."""

    def __init__(self):
        self.messages: list[str] = []
        self.hold = threading.Event()
        self.held = threading.Event()  # a sender is waiting in DATA
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                try:
                    self.converse()
                except OSError:
                    return  # the sender died: what it sent is not delivered

            def converse(self):
                self.reply("220 sink ESMTP")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode(errors="replace").strip().upper()
                    if command.startswith("EHLO"):
                        self.reply("250 sink")
                    elif command.startswith("DATA"):
                        while sink.hold.is_set():  # the sender waits here
                            sink.held.set()
                            time.sleep(0.05)
                        try:
                            self.reply("354 go ahead")
                        except OSError:
                            return  # the sender died while held
                        data = []
                        for raw in iter(self.rfile.readline, b""):
                            if raw in (b".\r\n", b".\n"):
                                break
                            data.append(raw.decode(errors="replace"))
                        else:
                            return  # the sender died mid-message: nothing delivered
                        sink.messages.append("".join(data))
                        self.reply("250 queued")
                    elif command.startswith("QUIT"):
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 ok")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def subjects(self) -> list[str]:
        return [
            match.group(1).strip()
            for message in self.messages
            for match in [re.search(r"^Subject: (.*)$", message, re.MULTILINE)]
            if match
        ]

    def close(self):
        self.hold.clear()
        self.server.shutdown()
        self.server.server_close()


# --- HTTP ----------------------------------------------------------------------


class Http:
    """A keep-alive HTTP client of one thread, optionally from another
    loopback address (another "client IP" for nginx)."""

    def __init__(self, port: int, source: str | None = None):
        self.port, self.source = port, source
        self.conn = None

    def request(self, method, path, body=None, headers=None, timeout=30):
        """(status, headers, body); status 0 when the connection failed."""
        headers = dict(headers or {})
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        for attempt in range(2):  # a stale keep-alive connection is retried once
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1",
                    self.port,
                    timeout=timeout,
                    source_address=(self.source, 0) if self.source else None,
                )
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.headers, response.read()
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    return 0, {}, b""
        return 0, {}, b""

    def close(self):
        if self.conn is not None:
            self.conn.close()


# --- the deployment ----------------------------------------------------------------


class Deployment:
    def __init__(self, stack: Stack, database_url: str, smtp: SMTPSink):
        self.stack, self.database_url, self.smtp = stack, database_url, smtp

    @property
    def port(self) -> int:
        return self.stack.nginx_port

    def http(self, source=None) -> Http:
        return Http(self.port, source)

    def sql(self, query: str, *params):
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else cursor.rowcount

    def seed(self, **spec) -> dict:
        result = subprocess.run(
            [
                str(self.stack.python_bin / "python"),
                "-m",
                "tests.deploy.seed",
                json.dumps(spec),
            ],
            cwd=ROOT,
            env=self.stack.environment(),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def log_lines(self, name: str) -> list[dict]:
        """The JSON lines of a process's log (other lines skipped)."""
        lines = []
        path = self.stack.log_dir / f"{name}.log"
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    continue
        return lines

    def instance_of(self, request_ids) -> dict[str, str]:
        """{request id: web instance that answered it}, from their logs."""
        wanted = set(request_ids)
        found = {}
        for name in self.stack.process_names():
            if name.startswith("web"):
                for line in self.log_lines(name):
                    if (
                        line.get("logger") == "shop.request"
                        and line.get("request_id") in wanted
                    ):
                        found[line["request_id"]] = name
        return found

    def send_task(self, name: str, args=(), stack: Stack | None = None) -> str:
        """Send task `name` through the broker (`celery call`, as an operator
        would); its id."""
        stack = stack or self.stack
        result = subprocess.run(
            [
                str(stack.python_bin / "celery"),
                "--app",
                "project",
                "call",
                name,
                "--args",
                json.dumps(list(args)),
            ],
            cwd=ROOT,
            env=stack.environment(),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip().splitlines()[-1]

    def task_outcome(self, task_id: str, stack: Stack | None = None, timeout=60):
        """The worker's log line of the task's outcome, once there is one."""
        stack = stack or self.stack
        log = Deployment(stack, self.database_url, self.smtp)
        return self.wait_until(
            lambda: next(
                (
                    line
                    for line in log.log_lines("worker")
                    if line.get("task_id") == task_id and line.get("outcome")
                ),
                None,
            ),
            timeout=timeout,
            message=f"the worker to run task {task_id}",
        )

    def run_task(self, name: str, args=(), timeout=60) -> dict:
        return self.task_outcome(self.send_task(name, args), timeout=timeout)

    def wait_until(self, condition, timeout=60, interval=0.3, message="condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(interval)
        self.stack.print_logs(40)
        raise AssertionError(f"timed out after {timeout} s waiting for {message}")


def _clone_test_database(name: str) -> str:
    """A copy of the migrated test database (PostgreSQL's TEMPLATE: a second,
    not the 45 s of migrations)."""
    from django.contrib.auth.models import Group

    test_db = connections["default"].settings_dict["NAME"]
    # Transactional tests that ran before emptied the tables, migrations' data
    # included (countries, roles, sites, pages): put it back first, as
    # tests/conftest.py does when the session ends.
    contents = getattr(connections["default"], "_test_serialized_contents", None)
    if contents and not Group.objects.exists():
        connections["default"].creation.deserialize_db_from_string(contents)
    connections.close_all()
    params = {**connections["default"].settings_dict}
    admin_url = (
        f"postgresql://{params['USER'] or ''}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/postgres"
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        for attempt in range(10):
            try:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{test_db}"')
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 9:
                    raise
                # A copy needs the template to itself: idle connections other
                # tests' threads left open (pytest-django's session-wide live
                # server keeps one) are closed; they reconnect when used.
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid() AND state = 'idle'",
                    (test_db,),
                )
                time.sleep(0.5)
    user = params["USER"] or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/{name}"
    )


def _drop_database(database_url: str) -> None:
    parts = urlsplit(database_url)
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.strip("/")}" WITH (FORCE)')


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


@pytest.fixture(scope="module")
def deployment(django_db_setup, django_db_blocker, tmp_path_factory):
    if not settings.IS_POSTGRES or not settings.REDIS_URL:
        pytest.skip(
            "the deployment needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL"
        )
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.skip("nginx is not installed (apt-get install nginx; .ci/run does)")
    redis_url = deploy_redis_url()
    _flush_redis(redis_url)
    smtp = SMTPSink()
    with django_db_blocker.unblock():
        database_url = _clone_test_database(
            f"{connections['default'].settings_dict['NAME']}_deploy"
        )
    stack = Stack(
        var_dir=tmp_path_factory.mktemp("deployment"),
        nginx_port=free_port(),
        web_ports=[free_port(), free_port()],
        env_overrides={
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "CELERY_QUEUE": f"deploy-tests-{uuid.uuid4().hex[:8]}",
            # a task whose worker died runs again after this long (Redis)
            "CELERY_VISIBILITY_TIMEOUT": "10",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "EMAIL_TIMEOUT": "120",
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "0",
            "METRICS_TOKEN": METRICS_TOKEN,
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "4",
            "CELERY_CONCURRENCY": "2",
            "UNPAID_ORDERS_SWEEP_SECONDS": "2",
            "IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS": "5",
            # reconciliation fails a pending payment with no charge at once
            "RECONCILE_PENDING_GRACE_MINUTES": "0",
            "LOG_LEVEL": "INFO",
        },
    )
    stack.prepare()
    try:
        stack.start()
        yield Deployment(stack, database_url, smtp)
    finally:
        stack.stop()
        smtp.close()
        _drop_database(database_url)
        _flush_redis(redis_url)
