"""One measurement per request, used three times: Prometheus metrics, the
JSON request log line and the response-time report. First in MIDDLEWARE, so
it times everything below it and every response carries X-Request-ID."""

import logging
import time

from django.utils.functional import SimpleLazyObject, empty

from project.core.client_ip import client_ip
from project.core.observability import metrics, response_times
from project.core.observability.context import (
    new_request_id,
    query_count_var,
    request_id_var,
    sanitize_request_id,
)

request_logger = logging.getLogger("shop.request")


def route_name(request) -> str:
    """The URL pattern's name (`api:product-detail`), never the raw path: a
    bounded set of values for metric labels."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or match.route or "<unnamed>"


def user_id(request):
    """The pk of the user the request was authenticated as, without loading
    a user nobody asked for (a lazy, untouched request.user stays so)."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class ObservabilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = (
            sanitize_request_id(request.headers.get("X-Request-ID")) or new_request_id()
        )
        request.request_id = request_id
        id_token = request_id_var.set(request_id)
        queries = [0]
        queries_token = query_count_var.set(queries)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            response["X-Request-ID"] = request_id
            self.measure(request, response, duration, queries[0])
            return response
        finally:
            query_count_var.reset(queries_token)
            request_id_var.reset(id_token)

    def measure(self, request, response, duration: float, queries: int) -> None:
        route = route_name(request)
        status = str(response.status_code)
        labels = (route, request.method, status)
        metrics.safely(metrics.HTTP_REQUESTS.labels(*labels).inc)
        metrics.safely(metrics.HTTP_LATENCY.labels(*labels).observe, duration)
        metrics.safely(metrics.HTTP_QUERIES.labels(route).observe, queries)
        duration_ms = round(duration * 1000, 2)
        response_times.record(request.path, duration_ms)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "route": route,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "db_queries": queries,
                "user_id": user_id(request),
                "client_ip": client_ip(request),
            },
        )
