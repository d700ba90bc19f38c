"""Our baskets: Oscar's, each with a public UUID."""

from decimal import ROUND_DOWN, Decimal

from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from project.core.models import PublicIdMixin

CENT = Decimal("0.01")


class Basket(AbstractBasket, PublicIdMixin):
    def all_lines(self):
        """Oscar's cached lines, with what pricing needs joined in one query
        (product class, stock record and partner) instead of one per line.
        Lines given to an unsaved basket (a guest's quote, priced in memory)
        are its lines."""
        if self._lines is not None:
            return self._lines
        if self.id is None:
            return self.lines.model.objects.none()
        self._lines = (
            self.lines.select_related("product__product_class", "stockrecord__partner")
            .prefetch_related("attributes")
            .order_by(self._meta.pk.name)
        )
        return self._lines


class Line(AbstractLine, PublicIdMixin):
    def discount(self, discount_value, affected_quantity, incl_tax=True, offer=None):
        """Oscar's, in whole cents (rounded down, as Oscar rounds an offer's
        total): a line's price after discounts is then exact, and the lines'
        discounts add up to the basket's discount lines to the cent."""
        super().discount(
            Decimal(discount_value).quantize(CENT, rounding=ROUND_DOWN),
            affected_quantity,
            incl_tax=incl_tax,
            offer=offer,
        )


from oscar.apps.basket.models import *  # noqa: E402, F403 isort:skip
