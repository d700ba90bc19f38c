"""The inventory's one announcement, for layers above it (outgoing webhooks'
`stock.low`, for instance) that the inventory must not import.

`stock_low` is sent once per stock alert opened, after the transaction that
opened it commits (never for a movement that was rolled back), with:

    sender   the StockAlert model
    alert    the StockAlert, with its stockrecord and product loaded
    payload  a JSON-ready dict: {"id": alert UUID, "product": {"id", "slug",
             "name"}, "available", "threshold", "opened_at" (ISO 8601)},
             the same shape as GET /api/v1/admin/stock-alerts/ shows

Receivers run in the request or task that moved the stock: keep them quick
(schedule a Celery task). A receiver that raises is logged and does not
stop the others (send_robust)."""

from django.dispatch import Signal

stock_low = Signal()
