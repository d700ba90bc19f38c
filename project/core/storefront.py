"""Oscar's storefront, closed: this is a headless backend.

Oscar's customer pages (catalogue, basket, checkout, accounts, search,
offers, wishlists, password reset) skipped what the API enforces, so none is
served. Their URL patterns and names are kept, each answering with
`storefront_moved`, because the dashboard's templates and Oscar's models
reverse them ("View on site", `Product.get_absolute_url`, the dashboard's
"Account" link...). With FRONTEND_URL set, a product, category or account URL
redirects to the frontend's page for the same thing; anything else, and
every URL when FRONTEND_URL is empty, is a 404.
"""

from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, re_path

# Where the frontend shows the same thing, by Oscar's URL name; a name that is
# not here has no frontend page and answers 404.
FRONTEND_PATHS = {
    "home": lambda kwargs: "",
    "catalogue:index": lambda kwargs: "products/",
    "catalogue:detail": lambda kwargs: f"products/{kwargs['product_slug']}/",
    "catalogue:reviews-list": lambda kwargs: f"products/{kwargs['product_slug']}/",
    "catalogue:reviews-detail": lambda kwargs: f"products/{kwargs['product_slug']}/",
    # Oscar's path is the slugs of the ancestors and the category, joined by
    # "/"; the frontend (like the API) addresses a category by its own slug.
    "catalogue:category": lambda kwargs: (
        f"categories/{kwargs['category_slug'].rsplit('/', 1)[-1]}/"
    ),
}
ACCOUNT_NAMESPACE = "customer"


def frontend_url_for(url_name: str, kwargs: dict) -> str | None:
    """The frontend's URL for the storefront page `url_name`, or None."""
    base = settings.FRONTEND_URL.rstrip("/")
    if not base:
        return None
    if url_name.split(":", 1)[0] == ACCOUNT_NAMESPACE:
        path = "account/"
    elif url_name in FRONTEND_PATHS:
        path = FRONTEND_PATHS[url_name](kwargs)
    else:
        return None
    return f"{base}/{quote(path)}"


def storefront_moved(request, *args, url_name: str = "", **kwargs):
    """A closed storefront page: a redirect to the frontend's page for the same
    thing when there is one, else 404. Never renders Oscar's page."""
    target = frontend_url_for(url_name, kwargs)
    if target is None:
        raise Http404("The storefront is closed: shop through the API.")
    return HttpResponseRedirect(target)


def _moved(patterns, namespace: str = "") -> list:
    """`patterns` with the same routes and names, every view replaced by
    `storefront_moved`."""
    closed = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            closed.append(
                URLResolver(
                    entry.pattern,
                    _moved(entry.url_patterns, inner),
                    app_name=entry.app_name,
                    namespace=entry.namespace,
                )
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name or ""
            closed.append(
                URLPattern(
                    entry.pattern,
                    storefront_moved,
                    default_args={"url_name": name},
                    name=entry.name,
                )
            )
    return closed


def storefront_urlpatterns() -> list:
    """Oscar's storefront URLs (for mounting under /shop/), minus the
    dashboard, every one closed, then a 404 for any other path below."""
    oscar_patterns = [
        pattern
        for pattern in apps.get_app_config("oscar").urls[0]
        if str(pattern.pattern) != "dashboard/"
    ]
    return [
        *_moved(oscar_patterns),
        re_path(r"^", storefront_moved, {"url_name": ""}),
    ]
