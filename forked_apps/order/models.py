"""Our orders: Oscar's, with public UUIDs, a tracking number, line snapshots
(name, slug, prices and quantity as they were at purchase) and who changed
each status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.abstract_models import (
    AbstractLine,
    AbstractOrder,
    AbstractOrderStatusChange,
)

from project.core.models import PublicIdMixin


class Order(AbstractOrder, PublicIdMixin):
    """Statuses and the moves between them are settings'
    OSCAR_ORDER_STATUS_PIPELINE (all_statuses() lists them); these names
    are how code refers to them."""

    PENDING, PAID, SHIPPED, DELIVERED, CANCELLED = (
        "pending",
        "paid",
        "shipped",
        "delivered",
        "cancelled",
    )
    # Orders whose money was taken (revenue).
    PAID_STATUSES = (PAID, SHIPPED, DELIVERED)

    tracking_number = models.CharField(_("Tracking number"), max_length=128, blank=True)

    class Meta(AbstractOrder.Meta):
        indexes = [
            models.Index(
                fields=["user", "-date_placed"], name="order_order_user_placed_idx"
            ),
            models.Index(
                fields=["status", "-date_placed"], name="order_order_status_idx"
            ),
        ]

    def set_status(self, new_status, changed_by=None):
        """Oscar's pipeline check and history, recording who made the move."""
        self._status_changed_by = changed_by
        super().set_status(new_status)

    def _create_order_status_change(self, old_status, new_status):
        self.status_changes.create(
            old_status=old_status,
            new_status=new_status,
            changed_by=getattr(self, "_status_changed_by", None),
        )


class Line(AbstractLine, PublicIdMixin):
    """`title`, `unit_price_incl_tax`, `line_price_incl_tax` and `quantity`
    are Oscar's own snapshots; `product_slug` joins them."""

    product_slug = models.SlugField(_("Product slug"), max_length=255, blank=True)

    class Meta(AbstractLine.Meta):
        pass


class OrderStatusChange(AbstractOrderStatusChange):
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Changed by"),
    )

    class Meta(AbstractOrderStatusChange.Meta):
        pass


from oscar.apps.order.models import *  # noqa: E402, F403 isort:skip
