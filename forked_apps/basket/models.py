"""Our baskets: Oscar's, each with a public UUID."""

from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from project.core.models import PublicIdMixin


class Basket(AbstractBasket, PublicIdMixin):
    def all_lines(self):
        """Oscar's cached lines, with what pricing needs joined in one query
        (product class, stock record and partner) instead of one per line."""
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__product_class", "stockrecord__partner"
                )
                .prefetch_related("attributes")
                .order_by(self._meta.pk.name)
            )
        return self._lines


class Line(AbstractLine, PublicIdMixin):
    pass


from oscar.apps.basket.models import *  # noqa: E402, F403 isort:skip
