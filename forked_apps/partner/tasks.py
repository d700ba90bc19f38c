"""Inventory side effects, run after commit by Celery."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from oscar.core.loading import get_model

from forked_apps.partner.selectors import stock_alert_payload

StockAlert = get_model("partner", "StockAlert")

# The role (permission group, accounts/migrations/0002_roles) told of low stock.
CATALOGUE_MANAGER_ROLE = "Catalogue manager"


@shared_task
def send_stock_alert_email(alert_ids: list[str]) -> None:
    """One email to each active catalogue manager listing the alerts that
    opened together (one stock movement), those still open."""
    alerts = list(
        StockAlert.objects.filter(uuid__in=alert_ids, status=StockAlert.OPEN)
        .select_related("stockrecord__product")
        .order_by("pk")
    )
    if not alerts:
        return
    recipients = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CATALOGUE_MANAGER_ROLE)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    items = [stock_alert_payload(alert) for alert in alerts]
    subject = (
        f"Low stock: {items[0]['product']['name']}"
        if len(items) == 1
        else f"Low stock: {len(items)} products"
    )
    body = render_to_string(
        "partner/emails/stock_low.txt",
        {"items": items, "shop_name": settings.OSCAR_SHOP_NAME},
    )
    send_mass_mail([(subject, body, None, [email]) for email in recipients])
