"""Wish lists: Oscar's, with a public UUID, a long share key, the date each
product was added, and a record of the alerts sent to their owners."""

from django.conf import settings
from django.db import models
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from oscar.apps.wishlists.abstract_models import AbstractLine, AbstractWishList

from project.core.models import PublicIdMixin

KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


class WishList(AbstractWishList, PublicIdMixin):
    """`key` opens a shared list to anyone who has it (GET
    /wishlists/shared/{key}/): 32 random characters, not Oscar's 6."""

    key = models.CharField(
        _("Key"), max_length=40, db_index=True, unique=True, editable=False
    )

    class Meta(AbstractWishList.Meta):
        pass

    @classmethod
    def random_key(cls, length=32):
        # 165 random bits: no lookup for a clash (the unique index is there).
        return get_random_string(length=length, allowed_chars=KEY_CHARS)


class Line(AbstractLine):
    date_created = models.DateTimeField(_("Date added"), auto_now_add=True)

    class Meta(AbstractLine.Meta):
        pass


class WishlistAlert(models.Model):
    """The last email telling `owner` that a wished product's price dropped
    or that it is back in stock: one per owner, product and reason, so a
    burst of changes sends one email (WISHLIST_ALERT_COOLDOWN_HOURS)."""

    class Reason(models.TextChoices):
        PRICE_DROP = "price_drop", _("Price dropped")
        BACK_IN_STOCK = "back_in_stock", _("Back in stock")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    notified_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "product", "reason"],
                name="wishlists_one_alert_per_owner_product_reason",
            )
        ]

    def __str__(self):
        return f"{self.reason} of product {self.product_id} to {self.owner_id}"


from oscar.apps.wishlists.models import *  # noqa: E402, F403 isort:skip
