"""Celery hooks (connected by project/celery.py, in web and worker
processes alike): the request id travels in a message header from the
request that enqueued a task to the task's log lines; each run's outcome
and duration go to the metrics and one JSON log line."""

import logging
import time

from celery import signals

from project.core.observability import metrics
from project.core.observability.context import (
    request_id_var,
    sanitize_request_id,
    task_var,
)

logger = logging.getLogger("shop.task")
REQUEST_ID_HEADER = "request_id"

_started: dict[str, tuple[float, object, object]] = {}


@signals.before_task_publish.connect
def add_request_id_header(sender=None, headers=None, **kwargs):
    """The publishing code's request id (a request, or a task that enqueues
    or retries another) goes with the message."""
    request_id = request_id_var.get()
    if headers is not None and request_id and REQUEST_ID_HEADER not in headers:
        headers[REQUEST_ID_HEADER] = request_id


def _request_id_of(task) -> str | None:
    request = task.request
    value = getattr(request, REQUEST_ID_HEADER, None)
    if value is None and isinstance(getattr(request, "headers", None), dict):
        value = request.headers.get(REQUEST_ID_HEADER)
    return sanitize_request_id(value) if isinstance(value, str) else None


@signals.task_prerun.connect
def task_started(sender=None, task_id=None, task=None, **kwargs):
    if task is None:
        return
    if task.request.is_eager:  # inline: the enqueuing request's context is there
        _started[task_id] = (time.perf_counter(), None, None)
        return
    id_token = request_id_var.set(_request_id_of(task))
    task_token = task_var.set((task.name, task_id))
    _started[task_id] = (time.perf_counter(), id_token, task_token)


@signals.task_postrun.connect
def task_finished(sender=None, task_id=None, task=None, state=None, **kwargs):
    if task is None:
        return
    started, id_token, task_token = _started.pop(
        task_id, (time.perf_counter(), None, None)
    )
    duration = time.perf_counter() - started
    outcome = {
        "SUCCESS": "succeeded",
        "FAILURE": "failed",
        "RETRY": "retried",
        "REJECTED": "rejected",
        "REVOKED": "revoked",
    }.get(state or "", (state or "unknown").lower())
    metrics.safely(metrics.CELERY_TASKS.labels(task.name, outcome).inc)
    metrics.safely(metrics.CELERY_TASK_DURATION.labels(task.name).observe, duration)
    logger.info(
        "task %s %s",
        task.name,
        outcome,
        extra={
            "outcome": outcome,
            "duration_ms": round(duration * 1000, 2),
            "retries": task.request.retries,
        },
    )
    if task_token is not None:
        task_var.reset(task_token)
    if id_token is not None:
        request_id_var.reset(id_token)


@signals.task_retry.connect
def task_will_retry(sender=None, request=None, reason=None, **kwargs):
    logger.warning(
        "task %s will retry: %r",
        getattr(sender, "name", sender),
        reason,
        extra={"reason": repr(reason)},
    )


@signals.task_failure.connect
def task_failed(sender=None, task_id=None, exception=None, einfo=None, **kwargs):
    logger.error(
        "task %s failed: %r",
        getattr(sender, "name", sender),
        exception,
        extra={"reason": repr(exception), "traceback": str(einfo) if einfo else None},
    )
