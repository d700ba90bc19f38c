"""Product reviews: a score of 1 to 5 (Oscar allows 0), an optional comment,
one review per user and product, moderated by staff; customers report
reviews, and enough reporters hide one until a moderator decides."""

from django.conf import settings
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
    # Set when REVIEW_REPORT_HIDE_THRESHOLD customers reported the review: it
    # leaves the public list and the rating until a moderator decides.
    hidden_at = models.DateTimeField(
        _("Hidden by reports since"), null=True, blank=True
    )

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

    @property
    def is_public(self) -> bool:
        return self.status == self.APPROVED and self.hidden_at is None


REPORT_NOTE_MAX_LENGTH = 1000


class ReviewReport(PublicIdMixin):
    """A customer's report of a review, open until a moderator resolves it
    (dismissed, review removed, author deactivated). One per customer and
    review, whatever became of the first."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        OFFENSIVE = "offensive", _("Offensive")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Other")

    class Resolution(models.TextChoices):
        DISMISSED = "dismissed", _("Dismissed")
        REVIEW_REMOVED = "review_removed", _("Review removed")
        AUTHOR_DEACTIVATED = "author_deactivated", _("Author deactivated")

    review = models.ForeignKey(
        "reviews.ProductReview", on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=REPORT_NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter"], name="reviews_one_report_per_reporter"
            )
        ]
        indexes = [
            models.Index(
                fields=["review"],
                condition=models.Q(resolved_at__isnull=True),
                name="reviews_report_open_idx",
            )
        ]

    def __str__(self):
        return f"{self.reason} report of review {self.review_id}"


REPORT_REASONS = ReviewReport.Reason.choices


from oscar.apps.catalogue.reviews.models import *  # noqa: E402, F403 isort:skip
