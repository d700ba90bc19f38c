"""The shop's KPIs for the dashboard's reports and index page. Each is a
few aggregate queries over a date range (inclusive, in the shop's time zone).

Definitions (the README repeats them):
- orders: orders placed in the period, whatever their status;
  revenue: the totals of those that were paid (paid, shipped, delivered).
- payment success rate: succeeded (or later refunded) payments over payment
  attempts that were settled (a failed attempt that was retried counts as
  one failure; pending ones are not counted yet).
- cart-to-order conversion: baskets created in the period with at least one
  line that became an order.
- order completion rate: orders placed in the period that were delivered.
- top products: units and revenue by product over paid orders' lines.
- low stock: available quantity (stock minus allocated) at or under the
  record's threshold (5 when it has none).
- payments by day: payments opened each day, by provider, status and
  currency (a retried payment counts once, in its latest status).
- reorder report: products whose available stock is at or under their own
  low-stock threshold, with the units sold over the last 30 days (order
  lines of orders placed in those 30 days and not cancelled) and a
  suggested reorder quantity = threshold + max(sold in 30 days, 1) -
  available: enough for another month at the same pace that still ends
  at the threshold, and at least enough to get back above it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from oscar.core.loading import get_model

from forked_apps.partner.selectors import available_expression
from project.payments.models import Payment

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")

DEFAULT_LOW_STOCK_THRESHOLD = 5
REORDER_SALES_DAYS = 30


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def last_days(cls, days: int) -> "Period":
        today = timezone.localdate()
        return cls(today - timedelta(days=days - 1), today)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def days(self) -> list[date]:
        return [
            self.start + timedelta(days=n)
            for n in range((self.end - self.start).days + 1)
        ]


def _ratio(part: int, whole: int) -> Decimal | None:
    return (
        (Decimal(part) / Decimal(whole) * 100).quantize(Decimal("0.1"))
        if whole
        else None
    )


def _orders(period: Period):
    start, end = period.bounds
    return Order.objects.filter(date_placed__gte=start, date_placed__lt=end)


def orders_by_day(period: Period) -> list[dict]:
    """One row per day of the period, days without orders included."""
    rows = (
        _orders(period)
        .annotate(day=TruncDate("date_placed", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            orders=Count("id"),
            revenue=Coalesce(
                Sum("total_incl_tax", filter=Q(status__in=Order.PAID_STATUSES)),
                Value(Decimal("0")),
            ),
        )
    )
    by_day = {row["day"]: row for row in rows}
    return [
        {
            "day": day,
            "orders": by_day.get(day, {}).get("orders", 0),
            "revenue": by_day.get(day, {})
            .get("revenue", Decimal("0"))
            .quantize(Decimal("0.01")),
        }
        for day in period.days()
    ]


def payment_success_rate(period: Period) -> dict:
    start, end = period.bounds
    totals = Payment.objects.filter(
        created_at__gte=start, created_at__lt=end
    ).aggregate(
        succeeded=Count(
            "id",
            filter=Q(status__in=[Payment.Status.SUCCEEDED, Payment.Status.REFUNDED]),
        ),
        # every attempt but the last of a payment that succeeded or is pending failed
        failed_attempts=Coalesce(Sum(F("attempts") - 1), 0)
        + Count("id", filter=Q(status=Payment.Status.FAILED)),
    )
    settled = totals["succeeded"] + totals["failed_attempts"]
    return {
        "succeeded": totals["succeeded"],
        "failed": totals["failed_attempts"],
        "rate": _ratio(totals["succeeded"], settled),
    }


def cart_to_order_conversion(period: Period) -> dict:
    start, end = period.bounds
    with_lines = Basket.objects.filter(
        date_created__gte=start, date_created__lt=end
    ).filter(Exists(BasketLine.objects.filter(basket=OuterRef("pk"))))
    totals = with_lines.aggregate(
        baskets=Count("id"),
        ordered=Count("id", filter=Exists(Order.objects.filter(basket=OuterRef("pk")))),
    )
    return {**totals, "rate": _ratio(totals["ordered"], totals["baskets"])}


def order_completion_rate(period: Period) -> dict:
    totals = _orders(period).aggregate(
        placed=Count("id"), delivered=Count("id", filter=Q(status=Order.DELIVERED))
    )
    return {**totals, "rate": _ratio(totals["delivered"], totals["placed"])}


def top_products(period: Period, limit: int = 10) -> list[dict]:
    start, end = period.bounds
    return list(
        OrderLine.objects.filter(
            order__date_placed__gte=start,
            order__date_placed__lt=end,
            order__status__in=Order.PAID_STATUSES,
        )
        .values("product_slug", "title")
        .annotate(units=Sum("quantity"), revenue=Sum("line_price_incl_tax"))
        .order_by("-units", "-revenue", "product_slug")[:limit]
    )


def low_stock(limit: int = 50) -> list[dict]:
    return list(
        StockRecord.objects.filter(product__deleted_at__isnull=True)
        .annotate(
            available=available_expression(),
            threshold=Coalesce(
                F("low_stock_threshold"),
                Value(DEFAULT_LOW_STOCK_THRESHOLD),
                output_field=IntegerField(),
            ),
        )
        .filter(available__lte=F("threshold"))
        .values(
            "product__slug",
            "product__title",
            "num_in_stock",
            "num_allocated",
            "available",
            "threshold",
        )
        .order_by("available", "product__slug")[:limit]
    )


def reorder_report() -> list[dict]:
    """Products to reorder (see the definitions above), lowest available
    first: one query. Each row: product_id, product__slug, product__title,
    partner_sku, available, threshold, sold, suggested, alert_opened_at."""
    since = timezone.now() - timedelta(days=REORDER_SALES_DAYS)
    sold = (
        OrderLine.objects.filter(
            stockrecord=OuterRef("pk"), order__date_placed__gte=since
        )
        .exclude(order__status=Order.CANCELLED)
        .values("stockrecord")
        .annotate(units=Sum("quantity"))
        .values("units")
    )
    opened = StockAlert.objects.filter(
        stockrecord=OuterRef("pk"), status=StockAlert.OPEN
    ).values("date_created")[:1]
    return list(
        StockRecord.objects.filter(
            low_stock_threshold__isnull=False, product__deleted_at__isnull=True
        )
        .annotate(available=available_expression(), threshold=F("low_stock_threshold"))
        .filter(available__lte=F("threshold"))
        .annotate(
            sold=Coalesce(Subquery(sold, output_field=IntegerField()), 0),
            suggested=F("threshold") + Greatest(F("sold"), 1) - F("available"),
            alert_opened_at=Subquery(opened),
        )
        .values(
            "product_id",
            "product__slug",
            "product__title",
            "partner_sku",
            "available",
            "threshold",
            "sold",
            "suggested",
            "alert_opened_at",
        )
        .order_by("available", "product__slug")
    )


def payments_by_day(period: Period) -> list[dict]:
    """Payments opened in the period by day, provider and status: how many,
    and their amount per currency."""
    start, end = period.bounds
    return list(
        Payment.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "provider", "status", "currency")
        .annotate(payments=Count("id"), amount=Sum("amount"))
        .order_by("day", "provider", "status", "currency")
    )


def kpis(period: Period) -> dict:
    """Everything the reports page and the dashboard's charts show."""
    by_day = orders_by_day(period)
    return {
        "period": period,
        "orders_by_day": by_day,
        "orders_total": sum(row["orders"] for row in by_day),
        "revenue_total": sum((row["revenue"] for row in by_day), Decimal("0")),
        "payments": payment_success_rate(period),
        "conversion": cart_to_order_conversion(period),
        "completion": order_completion_rate(period),
    }
