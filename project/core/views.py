"""Operational endpoints: liveness (/health/) and readiness (/health/ready)."""

import logging

from celery import current_app
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

# Seconds a readiness probe waits for the broker.
BROKER_TIMEOUT_SECONDS = 3


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database unavailable")
        return "unavailable"
    return "ok"


def check_cache() -> str:
    try:
        cache.set("health-check", "ok", 5)
        return "ok" if cache.get("health-check") == "ok" else "unavailable"
    except Exception:
        logger.exception("health check: cache unavailable")
        return "unavailable"


def check_broker() -> str:
    """ "ok" when the Celery broker accepts a connection; "inline" when there
    is none (tasks run in the web process)."""
    if current_app.conf.task_always_eager:
        return "inline"
    conn = current_app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS)
    try:
        conn.connect()
        conn.default_channel  # noqa: B018  (opens a channel: the broker answers)
    except Exception:
        logger.exception("health check: broker unavailable")
        return "unavailable"
    finally:
        conn.release()
    return "ok"


def _answer(checks: dict[str, str]) -> JsonResponse:
    failed = [name for name, value in checks.items() if value == "unavailable"]
    body = {"status": "unavailable" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)


@never_cache
def health(request):
    """200 when the database and the cache answer, 503 (naming the failing
    part) otherwise. Touches no session, basket or user row."""
    return _answer({"database": check_database(), "cache": check_cache()})


@never_cache
def ready(request):
    """Readiness for a load balancer: the database, the cache and the Celery
    broker, each checked on its own; 503 names the ones that failed."""
    return _answer(
        {
            "database": check_database(),
            "cache": check_cache(),
            "broker": check_broker(),
        }
    )
