"""Order reads."""

from oscar.core.loading import get_model

Order = get_model("order", "Order")


def orders_for_display():
    """Orders with what the API shows of them (address, payment, lines,
    discounts) in three queries, newest first."""
    return (
        Order.objects.select_related("shipping_address__country", "payment")
        .prefetch_related("lines", "discounts")
        .order_by("-date_placed", "-pk")
    )
