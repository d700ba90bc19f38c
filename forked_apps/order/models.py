"""Our order models: Oscar's, each with a public UUID."""

from oscar.apps.order.abstract_models import AbstractLine, AbstractOrder

from project.core.models import PublicIdMixin


class Order(AbstractOrder, PublicIdMixin):
    pass


class Line(AbstractLine, PublicIdMixin):
    pass


from oscar.apps.order.models import *  # noqa: E402, F403 isort:skip
