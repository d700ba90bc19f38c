"""Celery application. Tasks run inline (eagerly) unless a broker is configured.

Every task inherits ShopTask's delivery rules: acknowledged only once it has
finished (acks_late; a worker killed mid-task leaves the message to run
again), retried with exponential backoff on any error. So every task must
be idempotent (see project/core/effects). The request id that enqueued a
task travels in its headers (project/core/observability/tasks.py)."""

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")


class ShopTask(Task):
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = (Exception,)
    retry_backoff = 2  # seconds: 2, 4, 8... with jitter
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 8


app = Celery("project", task_cls=ShopTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Request ids into task headers and log lines, task outcomes into /metrics.
import project.core.observability.tasks  # noqa: E402, F401
