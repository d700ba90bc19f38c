"""Periodic workflow tasks (Celery beat: settings.CELERY_BEAT_SCHEDULE; or
cron with the management commands of the same names)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from project.workflows.orders import orders_expire_unpaid
from project.workflows.payments import refunds_retry_pending
from project.workflows.reconciliation import reconcile_all_providers


@shared_task
def cancel_unpaid_orders() -> int:
    """Unpaid orders release their stock after UNPAID_ORDER_TTL_MINUTES."""
    return orders_expire_unpaid(
        older_than=timedelta(minutes=settings.UNPAID_ORDER_TTL_MINUTES)
    )


@shared_task
def retry_pending_refunds() -> int:
    """Refunds whose provider did not answer are sent again."""
    return refunds_retry_pending()


@shared_task
def reconcile_recent_payments() -> int:
    """Compare the last two days of payments with each provider's books and
    settle the safe mismatches; returns how many are left for a person."""
    return reconcile_all_providers(days=2)
