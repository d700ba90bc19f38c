"""Stock records: price and stock of a product at a partner; stock alerts:
a record's available stock at or under its low-stock threshold."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockAlert, AbstractStockRecord

from project.core.models import PublicIdMixin


class StockRecord(AbstractStockRecord):
    class Meta(AbstractStockRecord.Meta):
        constraints = [
            # The last line of defence against overselling: allocations never
            # exceed the physical stock (checkout checks before it writes).
            models.CheckConstraint(
                condition=Q(num_allocated__isnull=True)
                | Q(num_in_stock__isnull=True)
                | Q(num_allocated__lte=F("num_in_stock")),
                name="partner_stockrecord_allocated_lte_stock",
                violation_error_message=_(
                    "Stock cannot be lower than the quantity already allocated to orders."
                ),
            ),
            # Nothing releases more than was allocated, or ships more than is there.
            models.CheckConstraint(
                condition=Q(num_allocated__isnull=True) | Q(num_allocated__gte=0),
                name="partner_stockrecord_allocated_not_negative",
            ),
            models.UniqueConstraint(
                fields=["partner", "product"],
                name="partner_stockrecord_one_per_partner",
            ),
        ]
        indexes = [models.Index(fields=["price"], name="partner_stock_price_idx")]


class StockAlert(AbstractStockAlert, PublicIdMixin):
    """Open while the record's available stock is at or under its
    threshold (inventory services open and close it, never a signal):
    `date_created` is when it opened."""

    class Meta(AbstractStockAlert.Meta):
        constraints = [
            # One open alert per stock record, whatever the concurrency.
            models.UniqueConstraint(
                fields=["stockrecord"],
                condition=Q(status="Open"),
                name="partner_stockalert_one_open",
            ),
        ]


from oscar.apps.partner.models import *  # noqa: E402, F403 isort:skip
