"""Telling customers that a product on their wish list got cheaper or is
back in stock: one email per owner, however many lists hold the product and
however many saves made the change.

The inventory (forked_apps/partner/services.py) reports every change of a
stock record's price or availability here, before and after, in the
transaction that makes it. The changes of one transaction are merged per
product (its state before the first change against its state after the
last), so a price cut in three saves is one drop, and a product sold out
and restocked within the transaction never left stock. After the commit, a
Celery task emails each owner of a wished product that dropped or came back,
at most once per owner, product and reason in WISHLIST_ALERT_COOLDOWN_HOURS.

This module sits below the inventory in the layers (it imports no catalogue
or inventory code: the inventory calls it)."""

from dataclasses import dataclass
from decimal import Decimal

from oscar.core.loading import get_model

from forked_apps.wishlists.tasks import send_wishlist_alerts
from project.core.transactions import on_commit_batch

Line = get_model("wishlists", "Line")
WishlistAlert = get_model("wishlists", "WishlistAlert")

PRICE_DROP = WishlistAlert.Reason.PRICE_DROP
BACK_IN_STOCK = WishlistAlert.Reason.BACK_IN_STOCK


@dataclass(frozen=True)
class ProductChange:
    """A product's default stock record before and after one movement."""

    product_id: int
    price_before: Decimal | None
    price_after: Decimal | None
    currency_before: str | None
    currency_after: str | None
    available_before: int
    available_after: int


def alert_reasons(first: ProductChange, last: ProductChange) -> list[str]:
    """What owners hear of, from the state before `first` to after `last`."""
    reasons = []
    if (
        first.price_before is not None
        and last.price_after is not None
        and first.currency_before == last.currency_after
        and last.price_after < first.price_before
    ):
        reasons.append(PRICE_DROP)
    if first.available_before <= 0 < last.available_after:
        reasons.append(BACK_IN_STOCK)
    return reasons


class _Changes:
    """One transaction's changes, by product: (first, last)."""

    def __init__(self):
        self.by_product: dict[int, tuple[ProductChange, ProductChange]] = {}

    def add(self, change: ProductChange) -> None:
        first, _ = self.by_product.get(change.product_id, (change, change))
        self.by_product[change.product_id] = (first, change)

    def __call__(self):
        alerts = []
        for product_id, (first, last) in self.by_product.items():
            alerts.extend(
                {
                    "product_id": product_id,
                    "reason": reason,
                    "price_before": _money(first.price_before),
                    "price": _money(last.price_after),
                    "currency": last.currency_after,
                }
                for reason in alert_reasons(first, last)
            )
        if not alerts:
            return
        wished = set(
            Line.objects.filter(
                product_id__in={alert["product_id"] for alert in alerts}
            ).values_list("product_id", flat=True)
        )
        alerts = [alert for alert in alerts if alert["product_id"] in wished]
        if alerts:
            send_wishlist_alerts.delay(alerts)


def _money(amount: Decimal | None) -> str | None:
    """As the database keeps it (two decimals), whatever the caller passed."""
    return None if amount is None else str(Decimal(amount).quantize(Decimal("0.01")))


def wished_products_changed(*, changes: list[ProductChange]) -> None:
    """Called by the inventory with every stock record it changed; owners of
    wished products whose price dropped or that came back in stock hear of
    it after the commit."""
    if not changes:
        return

    def add(batch: _Changes) -> None:
        for change in changes:
            batch.add(change)

    on_commit_batch("wishlists:product-changes", _Changes, add)
