"""The API's documentation pages, with nothing fetched from another host
(docs/api.md "Documentation and operations").

Swagger UI and ReDoc come from drf-spectacular-sidecar's static files.
ReDoc's bundle is served through `redoc_bundle`: the same file with the one
third-party address it holds (Redocly's logo in the menu footer) turned into
an empty image, so the footer shows its text only. Fonts are the browser's
(templates/drf_spectacular/redoc.html drops Google Fonts)."""

import functools
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_LOGO_URL = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


@functools.cache
def _redoc_bundle() -> bytes:
    return Path(finders.find(REDOC_BUNDLE)).read_bytes().replace(REDOC_LOGO_URL, b"")


@require_GET
def redoc_bundle(request):
    """ReDoc's standalone bundle, without the request for Redocly's logo."""
    response = HttpResponse(
        _redoc_bundle(), content_type="application/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


class RedocView(SpectacularRedocView):
    """drf-spectacular's ReDoc page, loading the bundle above."""

    @staticmethod
    def _redoc_standalone():
        return reverse("api:redoc-bundle")
