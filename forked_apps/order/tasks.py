"""Order side effects, run after commit by Celery. Each may run twice (a
worker killed mid-task, a retry): the email is sent once per order and kind
(and status), the purchase counters move once per order."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from oscar.core.loading import get_model

from project.core.effects.services import side_effect_once

Order = get_model("order", "Order")

SUBJECTS = {
    "placed": "Your order {number} is confirmed",
    "status": "Your order {number} is now {status}",
}


@shared_task
def send_order_email(order_pk: int, kind: str, status: str | None = None) -> None:
    """Confirmation ("placed") or status-change ("status") email to the
    customer. A status email tells of the status the order moved to
    (`status`), even if it has moved on again before the task runs."""
    order = (
        Order.objects.select_related("user")
        .prefetch_related("lines")
        .filter(pk=order_pk)
        .first()
    )
    if order is None or not order.email:
        return
    status = status or order.status
    context = {"order": order, "status": status, "shop_name": settings.OSCAR_SHOP_NAME}
    key = f"order-email:{order.pk}:{kind}"
    if kind == "status":
        key += f":{status}"
    side_effect_once(
        key=key,
        effect=lambda: send_mail(
            subject=SUBJECTS[kind].format(number=order.number, status=status),
            message=render_to_string(f"order/emails/{kind}.txt", context),
            from_email=None,
            recipient_list=[order.email],
        ),
    )


@shared_task
def record_order_analytics(order_pk: int) -> None:
    """Oscar's purchase counters (analytics app), moved out of the checkout
    request: they cost a few queries per line."""
    from oscar.apps.analytics.receivers import receive_order_placed

    with transaction.atomic():
        # Oscar's own flag, under the order's row lock: counted once.
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=order_pk, analytics_tracked=False)
            .first()
        )
        if order is None:
            return
        receive_order_placed(sender=None, order=order, user=order.user)
        order.analytics_tracked = True
        order.save(update_fields=["analytics_tracked"])
