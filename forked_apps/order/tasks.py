"""Order side effects, run after commit by Celery."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from oscar.core.loading import get_model

Order = get_model("order", "Order")

SUBJECTS = {
    "placed": "Your order {number} is confirmed",
    "status": "Your order {number} is now {status}",
}


@shared_task
def send_order_email(order_pk: int, kind: str) -> None:
    """Confirmation ("placed") or status-change ("status") email to the customer."""
    order = (
        Order.objects.select_related("user")
        .prefetch_related("lines")
        .filter(pk=order_pk)
        .first()
    )
    if order is None or not order.email:
        return
    context = {"order": order, "shop_name": settings.OSCAR_SHOP_NAME}
    send_mail(
        subject=SUBJECTS[kind].format(number=order.number, status=order.status),
        message=render_to_string(f"order/emails/{kind}.txt", context),
        from_email=None,
        recipient_list=[order.email],
    )


@shared_task
def record_order_analytics(order_pk: int) -> None:
    """Oscar's purchase counters (analytics app), moved out of the checkout
    request: they cost a few queries per line."""
    from oscar.apps.analytics.receivers import receive_order_placed

    order = Order.objects.select_related("user").filter(pk=order_pk).first()
    if order is not None:
        receive_order_placed(sender=None, order=order, user=order.user)
