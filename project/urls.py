"""URL map. Order matters: the API, the dashboard, the CMS admin and health
come before the closed storefront and Wagtail's page serving (catch-alls)."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from project.api import exceptions as api_exceptions
from project.cms.api import api_router
from project.core.observability.views import metrics
from project.core.storefront import storefront_urlpatterns
from project.core.views import health, ready

urlpatterns = [
    path("health/", health, name="health"),
    re_path(r"^health/ready/?$", ready, name="health-ready"),
    re_path(r"^metrics/?$", metrics, name="metrics"),
    path("api/v1/", api_router.urls),  # Wagtail pages: /api/v1/pages/
    path("api/v1/", include(("project.api.urls", "api"), namespace="api")),
    re_path(r"^api/", api_exceptions.api_not_found),
    path("dashboard/", apps.get_app_config("dashboard").urls),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Oscar's storefront is closed (a headless shop): every /shop/ URL is a
    # 404 or a redirect to FRONTEND_URL. Its URL names stay reversible for the
    # dashboard's "View on site" links and Oscar's models.
    path("shop/", include(storefront_urlpatterns())),
]


def serve_media(request, path):
    """An upload, from MEDIA_ROOT as it is now (not as it was at import)."""
    return serve_static(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")), serve_media)
    ]

if settings.BENCH_BARE_VIEW:  # the bench's yardstick, never in production
    from project.api.views.bench import BareView

    urlpatterns += [path("bench/bare", BareView.as_view())]

# Wagtail serves every other path from its page tree.
urlpatterns += [path("", include(wagtail_urls))]


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return api_exceptions.api_not_found(request, exception)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return api_exceptions.api_server_error(request)
    from django.views.defaults import server_error

    return server_error(request)


def handler400(request, exception=None):
    if request.path.startswith("/api/"):
        return api_exceptions.api_bad_request(request, exception)
    from django.views.defaults import bad_request

    return bad_request(request, exception)
