"""HTTP caching of the public catalogue GETs (docs/api.md "Caching").

Public answers carry `Cache-Control: public, max-age=CATALOGUE_HTTP_MAX_AGE`
and a weak ETag computed from what the answer depends on (the catalogue
cache's versions, the query, the stock numbers shown), never from the body,
so a matching `If-None-Match` gets a 304 before anything is rendered. What
depends on who asks (staff seeing hidden products) is `private, no-store`."""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from rest_framework.response import Response

from forked_apps.partner.selectors import stock_by_product

PRIVATE = "private, no-store"


def etag_for(*parts) -> str:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def _public_headers(response, etag: str, vary_on_auth: bool):
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.CATALOGUE_HTTP_MAX_AGE}"
    if vary_on_auth:
        patch_vary_headers(response, ["Authorization"])
    return response


def public_response(request, etag: str, render, *, vary_on_auth: bool = False):
    """304 when the client holds `etag`, else `render()` (the body); either
    way with the public caching headers."""
    if _matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = Response(render())
    return _public_headers(response, etag, vary_on_auth)


def private_response(data, **kwargs) -> Response:
    response = Response(data, **kwargs)
    response["Cache-Control"] = PRIVATE
    return response


def current_stock(product_ids: list[int]) -> dict[int, tuple[int, int]]:
    """The stock numbers of these products now (lists and details are cached
    without them), from one query."""
    return stock_by_product(product_ids)


def overlay_stock(items: list[dict], product_ids: list[int], stock: dict) -> None:
    """Write each product's current stock into its rendered item."""
    for item, product_id in zip(items, product_ids, strict=True):
        in_stock, available = stock[product_id]
        item["available_quantity"] = available
        item["in_stock"] = available > 0
        if "stock" in item:
            item["stock"] = in_stock
