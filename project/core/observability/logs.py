"""JSON log lines (settings.LOG_FORMAT=json, the default): one object per
line with time, level, logger, message, the request id and task of the code
that logged, and whatever `extra` the call passed (the request line's
method, path, status, duration_ms, user_id...)."""

import json
import logging
from datetime import UTC, datetime

from project.core.observability.context import request_id_var, task_var

# Attributes every LogRecord has; anything else came in through `extra`.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "task",
    "task_id",
    "request",
}


class ContextFilter(logging.Filter):
    """Adds the current request id and task to every record."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            # Django logs a request's 4xx/5xx ("django.request") after the
            # middleware returned; that record carries the request itself.
            record.request_id = request_id_var.get() or getattr(
                getattr(record, "request", None), "request_id", None
            )
        task = task_var.get()
        if task is not None and getattr(record, "task_id", None) is None:
            record.task, record.task_id = task
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "task", "task_id"):
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        entry.update(
            (name, value)
            for name, value in record.__dict__.items()
            if name not in _STANDARD and not name.startswith("_")
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """For people at a terminal (LOG_FORMAT=text): the request id in brackets."""

    def format(self, record):
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        return f"[{request_id}] {line}" if request_id else line
