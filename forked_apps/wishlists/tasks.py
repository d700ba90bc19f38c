"""Wish list emails, run by Celery after the change's transaction commits."""

from celery import shared_task

from forked_apps.wishlists.alerts import wishlist_alerts_send


@shared_task
def send_wishlist_alerts(alerts: list[dict]) -> None:
    """Tell the owners of wished products that dropped in price or came back
    in stock (see alerts.wishlist_alerts_send)."""
    wishlist_alerts_send(alerts=alerts)
