"""Payment reads."""

from datetime import datetime

from django.db.models import Exists, OuterRef
from oscar.core.loading import get_model

from project.payments.models import Payment

Order = get_model("order", "Order")


def orders_awaiting_payment(*, placed_before: datetime):
    """Pending orders placed before `placed_before` whose payment is not on
    its way (none, or a failed one), oldest first."""
    settling = Payment.objects.filter(
        order=OuterRef("pk"), status=Payment.Status.PENDING
    )
    return (
        Order.objects.filter(status=Order.PENDING, date_placed__lt=placed_before)
        .exclude(Exists(settling))
        .order_by("pk")
    )
