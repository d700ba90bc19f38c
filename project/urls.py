"""URL map. Order matters: the API, the dashboard, the CMS admin and health
come before Oscar's storefront and Wagtail's page serving (both catch-alls)."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseGone
from django.urls import include, path, re_path
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from project.api import exceptions as api_exceptions
from project.cms.api import api_router
from project.core.views import health

# Oscar's storefront pages, minus the dashboard (mounted at /dashboard/ below).
# It lives under /shop/ because the dashboard's templates reverse its URL names.
storefront_urls = [
    pattern
    for pattern in apps.get_app_config("oscar").urls[0]
    if str(pattern.pattern) != "dashboard/"
]


def storefront_checkout_closed(request, *args, **kwargs):
    return HttpResponseGone("Orders are placed through the API: POST /api/v1/orders/.")


urlpatterns = [
    path("health/", health, name="health"),
    path("api/v1/", api_router.urls),  # Wagtail pages: /api/v1/pages/
    path("api/v1/", include(("project.api.urls", "api"), namespace="api")),
    re_path(r"^api/", api_exceptions.api_not_found),
    path("dashboard/", apps.get_app_config("dashboard").urls),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Orders are placed through the API's checkout (stock locked and checked);
    # Oscar's storefront checkout would bypass it, so it is closed. Its URL
    # names stay reversible for the storefront's templates.
    re_path(r"^shop/checkout/", storefront_checkout_closed),
    path("shop/", include(storefront_urls)),
    path(
        "i18n/", include("django.conf.urls.i18n")
    ),  # Oscar's templates need set_language
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
            serve_static,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

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
