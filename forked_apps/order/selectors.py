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


def order_event_data(order_ids) -> dict[int, dict]:
    """What the order webhooks (`order.placed`, `order.paid`...) say of each
    order, with its lines' snapshots, in two queries."""
    orders = Order.objects.filter(pk__in=list(order_ids)).prefetch_related("lines")
    return {
        order.pk: {
            "id": str(order.uuid),
            "number": order.number,
            "status": order.status,
            "currency": order.currency,
            "total": str(order.total_incl_tax),
            "shipping": str(order.shipping_incl_tax),
            "email": order.email,
            "tracking_number": order.tracking_number,
            "created_at": order.date_placed.isoformat(),
            "lines": [
                {
                    "id": str(line.uuid),
                    "product_name": line.title,
                    "product_slug": line.product_slug,
                    "unit_price": str(line.unit_price_incl_tax),
                    "quantity": line.quantity,
                    "line_total": str(line.line_price_incl_tax),
                }
                for line in order.lines.all()
            ],
        }
        for order in orders
    }
