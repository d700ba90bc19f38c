"""Our catalogue.reviews models: Oscar's, each with a public UUID."""

from oscar.apps.catalogue.reviews.abstract_models import AbstractProductReview

from project.core.models import PublicIdMixin


class ProductReview(AbstractProductReview, PublicIdMixin):
    pass

from oscar.apps.catalogue.reviews.models import *  # noqa: E402, F403 isort:skip
