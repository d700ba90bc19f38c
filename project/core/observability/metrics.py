"""Prometheus metrics (prometheus_client). With PROMETHEUS_MULTIPROC_DIR set
(deploy/gunicorn.conf.py and `make up` set it), every gunicorn worker of every
instance on the host and every Celery worker process writes its samples to
files there, and /metrics adds them up: counts are the host's, not one
process's. Without it (tests, `make serve`) they are the answering process's."""

import logging
import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from project.core.observability.context import query_count_var

logger = logging.getLogger(__name__)

# Latency buckets in milliseconds, shared by the Prometheus histogram and the
# dashboard's response-time report (its p95 is read from these buckets).
LATENCY_BUCKETS_MS = (
    5,
    10,
    15,
    20,
    30,
    40,
    50,
    75,
    100,
    150,
    200,
    300,
    500,
    750,
    1000,
    1500,
    2500,
    5000,
    10000,
)

HTTP_REQUESTS = Counter(
    "shop_http_requests",
    "HTTP requests answered, by route name, method and status.",
    ["route", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "shop_http_request_duration_seconds",
    "Time to answer an HTTP request (until the response is returned to the "
    "WSGI server), by route name, method and status.",
    ["route", "method", "status"],
    buckets=[ms / 1000 for ms in LATENCY_BUCKETS_MS],
)
HTTP_QUERIES = Histogram(
    "shop_http_request_db_queries",
    "Database statements per HTTP request, by route name.",
    ["route"],
    buckets=(0, 1, 2, 3, 5, 8, 12, 20, 30, 50, 100, 200),
)
DB_QUERIES = Counter(
    "shop_db_queries",
    "Database statements executed (web and Celery processes), by alias.",
    ["alias"],
)
CELERY_TASKS = Counter(
    "shop_celery_tasks",
    "Celery task runs by task name and outcome "
    "(succeeded, failed, retried, rejected, revoked).",
    ["task", "outcome"],
)
CELERY_TASK_DURATION = Histogram(
    "shop_celery_task_duration_seconds",
    "Time a Celery task run took, by task name.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)


def safely(record, *args) -> None:
    """Metrics never fail the work they measure (a metrics directory that
    vanished, a full disk): the failure is logged and the work goes on."""
    try:
        record(*args)
    except Exception:
        logger.warning("metrics: could not record", exc_info=True)


def count_query(execute, sql, params, many, context):
    """A database execute wrapper (installed on every connection by
    CoreConfig): counts each statement, for the process and the request."""
    safely(DB_QUERIES.labels(context["connection"].alias).inc)
    request_count = query_count_var.get()
    if request_count is not None:
        request_count[0] += 1
    return execute(sql, params, many, context)


def install_query_counter(sender, connection, **kwargs):
    """connection_created receiver: count this connection's statements."""
    if count_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(count_query)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
