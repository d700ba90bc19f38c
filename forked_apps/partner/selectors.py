"""Inventory reads: which partner's stock records price the shop, what
"available" means (stock on hand minus what orders have allocated), defined
once for Python objects and once as a database expression, and when a
record is low on stock (at or under its threshold)."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, FilteredRelation, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest
from oscar.core.loading import get_model
from oscar.core.utils import slugify

Partner = get_model("partner", "Partner")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")


def default_partner() -> Partner:
    """The partner whose stock records give products their price and stock."""
    partner, _ = Partner.objects.get_or_create(
        code=settings.DEFAULT_PARTNER_CODE,
        defaults={"name": settings.DEFAULT_PARTNER_NAME},
    )
    return partner


def default_partner_id() -> int:
    key = f"catalogue:default-partner:{slugify(settings.DEFAULT_PARTNER_CODE)}"
    partner_id = cache.get(key)
    if partner_id is None:
        partner_id = default_partner().pk
        cache.set(key, partner_id, timeout=None)
    return partner_id


def available_quantity(record: StockRecord | None) -> int:
    """Units that can still be sold: in stock minus allocated, never negative."""
    if record is None:
        return 0
    return max((record.num_in_stock or 0) - (record.num_allocated or 0), 0)


def available_expression(prefix: str = "") -> Combinable:
    """available_quantity() in SQL, for the stock record at `prefix` (e.g.
    "offer__" for a FilteredRelation named offer)."""
    return Greatest(
        Coalesce(F(f"{prefix}num_in_stock"), Value(0))
        - Coalesce(F(f"{prefix}num_allocated"), Value(0)),
        Value(0),
    )


def stock_records_by_product(product_ids) -> dict[int, StockRecord]:
    """The default partner's stock record of each product, in one query."""
    return {
        record.product_id: record
        for record in StockRecord.objects.filter(
            product_id__in=list(product_ids), partner_id=default_partner_id()
        )
    }


def product_event_data(product_ids) -> dict[int, dict]:
    """What the `product.updated` webhook says of each product: its public
    fields with the default partner's price and availability, in one query
    (products that no longer exist are left out)."""
    Product = get_model("catalogue", "Product")
    products = Product.objects.filter(pk__in=list(product_ids)).annotate(
        offer=FilteredRelation(
            "stockrecords", condition=Q(stockrecords__partner_id=default_partner_id())
        ),
        price=F("offer__price"),
        currency=F("offer__price_currency"),
        available=available_expression("offer__"),
    )
    return {
        product.pk: {
            "id": str(product.uuid),
            "slug": product.slug,
            "name": product.title,
            "is_active": product.is_public,
            "deleted": product.deleted_at is not None,
            "price": None if product.price is None else str(product.price),
            "currency": product.currency,
            "available_quantity": product.available,
            "in_stock": product.available > 0,
            "updated_at": product.date_updated.isoformat(),
        }
        for product in products
    }


def stock_by_product(product_ids) -> dict[int, tuple[int, int]]:
    """(units in stock, units available) of each product at the default
    partner, in one indexed query: the catalogue's cached reads leave stock
    out and overlay it from here, so orders invalidate nothing. A product
    without a stock record has (0, 0)."""
    product_ids = list(product_ids)
    stock = dict.fromkeys(product_ids, (0, 0))
    if not product_ids:
        return stock
    rows = StockRecord.objects.filter(
        partner_id=default_partner_id(), product_id__in=product_ids
    ).values_list("product_id", "num_in_stock", "num_allocated")
    for product_id, in_stock, allocated in rows:
        in_stock, allocated = in_stock or 0, allocated or 0
        stock[product_id] = (in_stock, max(in_stock - allocated, 0))
    return stock


def is_low_stock(available: int, threshold: int | None) -> bool:
    """A record is low when its available stock is at or under its
    low-stock threshold; without a threshold it never is."""
    return threshold is not None and available <= threshold


def stock_alerts_open() -> QuerySet:
    """Open alerts of products that are not deleted, newest first, with
    their record and product (one query)."""
    return (
        StockAlert.objects.filter(
            status=StockAlert.OPEN, stockrecord__product__deleted_at__isnull=True
        )
        .select_related("stockrecord__product", "stockrecord__partner")
        .order_by("-date_created", "-pk")
    )


def stock_alert_payload(alert: StockAlert) -> dict:
    """An alert as JSON-ready data (the API's shape, the stock.low event's)."""
    record = alert.stockrecord
    product = record.product
    return {
        "id": str(alert.uuid),
        "product": {
            "id": str(product.uuid),
            "slug": product.slug,
            "name": product.get_title(),
        },
        "available": available_quantity(record),
        "threshold": record.low_stock_threshold
        if record.low_stock_threshold is not None
        else alert.threshold,
        "opened_at": alert.date_created.isoformat(),
    }
