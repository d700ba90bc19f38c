"""The wish list emails themselves (see notifications.py for when they go):
one per owner, listing each wished product that dropped in price or came
back in stock, at most once per owner, product and reason within
WISHLIST_ALERT_COOLDOWN_HOURS."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from oscar.core.loading import get_model

Line = get_model("wishlists", "Line")
WishlistAlert = get_model("wishlists", "WishlistAlert")

PRICE_DROP = WishlistAlert.Reason.PRICE_DROP


def _claim(*, owner_id: int, product_id: int, reason: str, now) -> bool:
    """Whether this alert may go out now (none sent to the owner for this
    product and reason within the cooldown), recording it. Safe against a
    concurrent task: the insert or the conditional update wins once."""
    try:
        with transaction.atomic():
            WishlistAlert.objects.create(
                owner_id=owner_id, product_id=product_id, reason=reason, notified_at=now
            )
        return True
    except IntegrityError:
        cutoff = now - timedelta(hours=settings.WISHLIST_ALERT_COOLDOWN_HOURS)
        updated = WishlistAlert.objects.filter(
            owner_id=owner_id,
            product_id=product_id,
            reason=reason,
            notified_at__lte=cutoff,
        ).update(notified_at=now)
        return updated == 1


def wishlist_alerts_send(*, alerts: list[dict]) -> int:
    """Email each active owner of the alerts' products (on any of their
    lists, product still public) one message listing what dropped or came
    back, skipping what they were told within the cooldown. Returns the
    number of emails sent."""
    product_ids = {alert["product_id"] for alert in alerts}
    rows = (
        Line.objects.filter(
            product_id__in=product_ids,
            product__deleted_at__isnull=True,
            product__is_public=True,
            wishlist__owner__is_active=True,
        )
        .exclude(wishlist__owner__email="")
        .values_list(
            "product_id",
            "product__title",
            "product__slug",
            "wishlist__owner_id",
            "wishlist__owner__email",
        )
        .distinct()
    )
    owners_of: dict[int, set[tuple[int, str]]] = {}
    products = {}
    for product_id, title, slug, owner_id, email in rows:
        owners_of.setdefault(product_id, set()).add((owner_id, email))
        products[product_id] = {"name": title, "slug": slug}
    now = timezone.now()
    news: dict[tuple[int, str], list[dict]] = {}
    for alert in alerts:
        for owner_id, email in sorted(owners_of.get(alert["product_id"], ())):
            if _claim(
                owner_id=owner_id,
                product_id=alert["product_id"],
                reason=alert["reason"],
                now=now,
            ):
                news.setdefault((owner_id, email), []).append(
                    {**alert, **products[alert["product_id"]]}
                )
    frontend = settings.FRONTEND_URL.rstrip("/")
    for (_owner_id, email), items in news.items():
        for item in items:
            item["url"] = f"{frontend}/products/{item['slug']}/" if frontend else ""
        send_mail(
            subject=_subject(items),
            message=render_to_string(
                "wishlists/emails/alert.txt",
                {"items": items, "shop_name": settings.OSCAR_SHOP_NAME},
            ),
            from_email=None,
            recipient_list=[email],
        )
    return len(news)


def _subject(items: list[dict]) -> str:
    if len(items) > 1:
        return f"{len(items)} products on your wish list have news"
    item = items[0]
    if item["reason"] == PRICE_DROP:
        return f"{item['name']} is now {item['price']} {item['currency']}"
    return f"{item['name']} is back in stock"
