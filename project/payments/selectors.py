"""Payment reads."""

from datetime import datetime

from django.db.models import Exists, OuterRef
from oscar.core.loading import get_model

from project.payments.models import Payment

Order = get_model("order", "Order")


def orders_awaiting_payment(*, placed_before: datetime):
    """Pending orders placed before `placed_before` whose payment is not on
    its way: none, a failed one, or one pending with no news since
    `placed_before` (a Stripe.js payment the customer abandoned, say: if it
    succeeds after all, the cancelled order's payment is refunded). Oldest
    first."""
    settling = Payment.objects.filter(
        order=OuterRef("pk"),
        status=Payment.Status.PENDING,
        updated_at__gte=placed_before,
    )
    return (
        Order.objects.filter(status=Order.PENDING, date_placed__lt=placed_before)
        .exclude(Exists(settling))
        .order_by("pk")
    )
