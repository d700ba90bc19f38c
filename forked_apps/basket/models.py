"""Our basket models: Oscar's, each with a public UUID."""

from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from project.core.models import PublicIdMixin


class Basket(AbstractBasket, PublicIdMixin):
    pass


class Line(AbstractLine, PublicIdMixin):
    pass


from oscar.apps.basket.models import *  # noqa: E402, F403 isort:skip
