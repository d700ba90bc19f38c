"""The request id and task of the code running now (context variables: each
gunicorn thread and Celery task has its own), for log lines and task headers."""

import re
import uuid
from contextvars import ContextVar

# A client's X-Request-ID is kept when it is made of these characters (what
# load balancers and tracing headers use), cut to this length.
REQUEST_ID_MAX_LENGTH = 64
_UNSAFE = re.compile(r"[^A-Za-z0-9._:@+=/-]")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
task_var: ContextVar[tuple[str, str] | None] = ContextVar("task", default=None)
# The statement count of the current request (a one-item list, mutated).
query_count_var: ContextVar[list[int] | None] = ContextVar("query_count", default=None)


def sanitize_request_id(value: str | None) -> str | None:
    """The client's id without characters a log or header could misread
    (spaces, quotes, newlines, non-ASCII), at most REQUEST_ID_MAX_LENGTH
    long; None when nothing usable is left."""
    if not value:
        return None
    cleaned = _UNSAFE.sub("", value[: REQUEST_ID_MAX_LENGTH * 4])
    return cleaned[:REQUEST_ID_MAX_LENGTH] or None


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return request_id_var.get()
