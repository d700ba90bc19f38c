"""Our catalogue models: Oscar's, each with a public UUID."""

from oscar.apps.catalogue.abstract_models import AbstractProduct, AbstractCategory, AbstractProductImage

from project.core.models import PublicIdMixin


class Product(AbstractProduct, PublicIdMixin):
    pass


class Category(AbstractCategory, PublicIdMixin):
    pass


class ProductImage(AbstractProductImage, PublicIdMixin):
    pass

from oscar.apps.catalogue.models import *  # noqa: E402, F403 isort:skip
