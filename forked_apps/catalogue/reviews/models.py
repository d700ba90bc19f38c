"""Product reviews: a score of 1 to 5 (Oscar allows 0), an optional comment,
one review per user and product, moderated by staff."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.reviews.abstract_models import AbstractProductReview

from project.core.models import PublicIdMixin

REVIEW_BODY_MAX_LENGTH = 5000


class ProductReview(AbstractProductReview, PublicIdMixin):
    SCORE_CHOICES = tuple((x, x) for x in range(1, 6))
    score = models.SmallIntegerField(
        _("Score"),
        choices=SCORE_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    title = models.CharField(_("Title"), max_length=255, blank=True)
    # Bounded on every page that writes it (API, dashboard, admin).
    body = models.TextField(_("Comment"), blank=True, max_length=REVIEW_BODY_MAX_LENGTH)

    # Our names for Oscar's statuses, as the API shows them.
    STATUS_NAMES = {
        AbstractProductReview.FOR_MODERATION: "pending",
        AbstractProductReview.APPROVED: "approved",
        AbstractProductReview.REJECTED: "rejected",
    }

    class Meta(AbstractProductReview.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="reviews_score_1_to_5"
            )
        ]
        indexes = [
            models.Index(
                fields=["product", "status", "-date_created"],
                name="reviews_product_status_idx",
            ),
            models.Index(fields=["status", "date_created"], name="reviews_queue_idx"),
        ]

    @property
    def status_name(self) -> str:
        return self.STATUS_NAMES[self.status]


from oscar.apps.catalogue.reviews.models import *  # noqa: E402, F403 isort:skip
