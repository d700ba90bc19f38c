"""/metrics: Prometheus' text format, behind a bearer token when
METRICS_TOKEN is set."""

import hmac

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from project.core.observability.metrics import exposition


@never_cache
def metrics(request):
    """The metrics of every process on this host (multiprocess mode) or of
    this process; 401 without `Authorization: Bearer <METRICS_TOKEN>`."""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            value.strip().encode(), token.encode()
        ):
            response = HttpResponse("401 Unauthorized\n", status=401)
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response
    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)
