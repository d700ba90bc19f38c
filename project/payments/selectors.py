"""Payment reads."""

from datetime import datetime

from django.db.models import Exists, OuterRef
from oscar.core.loading import get_model

from project.payments.models import Payment, Refund

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


def refund_event_data(refund_ids) -> dict:
    """What the `payment.refunded` webhook says of each refund: the refund,
    its payment and its order, in one query."""
    refunds = Refund.objects.filter(pk__in=list(refund_ids)).select_related(
        "payment__order"
    )
    return {
        refund.pk: {
            "id": str(refund.id),
            "amount": str(refund.amount),
            "currency": refund.currency,
            "reason": refund.reason,
            "reference": refund.reference,
            "payment": {
                "id": str(refund.payment.id),
                "provider": refund.payment.provider,
                "status": refund.payment.status,
                "transaction_reference": refund.payment.transaction_reference,
            },
            "order": {
                "id": str(refund.payment.order.uuid),
                "number": refund.payment.order.number,
                "status": refund.payment.order.status,
            },
            "created_at": refund.created_at.isoformat(),
        }
        for refund in refunds
    }
