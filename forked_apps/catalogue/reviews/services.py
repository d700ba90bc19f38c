"""Product reviews: one per customer and product, moderated by staff; only
approved reviews are public and count in the product's rating. Customers
report reviews; REVIEW_REPORT_HIDE_THRESHOLD different reporters hide one
(public list and rating) until a moderator dismisses the reports or removes
the review."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, FloatField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from project.core.cache import catalogue_cache_invalidate
from project.core.exceptions import Conflict, InvalidInput

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
ReviewReport = get_model("reviews", "ReviewReport")

STATUSES = {
    "pending": ProductReview.FOR_MODERATION,
    "approved": ProductReview.APPROVED,
    "rejected": ProductReview.REJECTED,
}


def review_create(*, user, product, score: int, comment: str = "") -> ProductReview:
    """A pending review; a second review of the same product by the same
    customer is a Conflict."""
    duplicate = Conflict(
        "You have already reviewed this product.", code="duplicate_review"
    )
    if ProductReview.objects.filter(product=product, user=user).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return ProductReview.objects.create(
                product=product,
                user=user,
                score=score,
                body=comment,
                status=ProductReview.FOR_MODERATION,
            )
    except IntegrityError:  # a concurrent request created it first
        raise duplicate from None


def reviews_import(*, reviews: list[ProductReview]) -> int:
    """Many reviews at once (imports, demo data), with their statuses as
    given: one INSERT, then the ratings of every product concerned in one
    UPDATE. A customer's second review of a product is refused by the
    database."""
    with transaction.atomic():
        created = ProductReview.objects.bulk_create(reviews)
        product_ids = sorted({review.product_id for review in created})
        for start in range(0, len(product_ids), 5000):
            _ratings_recompute(product_ids[start : start + 5000])
        catalogue_cache_invalidate(product_ids=product_ids, lists=True)
    return len(created)


def _ratings_recompute(product_ids: list[int]) -> None:
    """Product.update_rating() for many products in one UPDATE (public
    reviews: approved, not hidden by reports)."""
    approved = ProductReview.objects.filter(
        product_id=OuterRef("pk"), status=ProductReview.APPROVED, hidden_at__isnull=True
    ).values("product_id")
    Product.objects.filter(pk__in=product_ids).update(
        rating=Subquery(
            approved.annotate(average=Cast(Avg("score"), FloatField())).values(
                "average"
            )
        ),
        rating_count=Coalesce(
            Subquery(approved.annotate(n=Count("id")).values("n")), Value(0)
        ),
    )


def review_moderate(*, reviews, status: str) -> int:
    """Approve or reject reviews (a queryset or a list) and recompute the
    rating of each product concerned. Returns how many changed."""
    new_status = STATUSES[status]
    changed = 0
    with transaction.atomic():
        for review in reviews:
            if review.status != new_status:
                review.status = new_status
                review.save(update_fields=["status"])
                changed += 1
    return changed


def review_report(*, review: ProductReview, reporter, reason: str, note: str = ""):
    """`reporter` flags a public review. A second report by the same customer
    is a Conflict, reporting one's own review invalid input. The review is
    hidden once REVIEW_REPORT_HIDE_THRESHOLD customers have open reports on
    it (the row is locked, so concurrent reports count right)."""
    if review.user_id is not None and review.user_id == reporter.pk:
        raise InvalidInput(
            "You cannot report your own review.", code="own_review", field="review"
        )
    duplicate = Conflict(
        "You have already reported this review.", code="already_reported"
    )
    try:
        with transaction.atomic():
            review = (
                ProductReview.objects.select_for_update(of=("self",))
                .select_related("product")
                .get(pk=review.pk)
            )
            if ReviewReport.objects.filter(review=review, reporter=reporter).exists():
                raise duplicate
            report = ReviewReport.objects.create(
                review=review, reporter=reporter, reason=reason, note=note
            )
            open_reports = ReviewReport.objects.filter(
                review=review, resolved_at__isnull=True
            ).count()
            if (
                review.hidden_at is None
                and open_reports >= settings.REVIEW_REPORT_HIDE_THRESHOLD
            ):
                review.hidden_at = timezone.now()
                review.save(update_fields=["hidden_at"])
    except IntegrityError:  # the same customer, concurrently
        raise duplicate from None
    return report


RESOLUTIONS = {
    "dismiss": ReviewReport.Resolution.DISMISSED,
    "remove": ReviewReport.Resolution.REVIEW_REMOVED,
    "deactivate_author": ReviewReport.Resolution.AUTHOR_DEACTIVATED,
}


def review_reports_resolve(*, review: ProductReview, action: str, by=None) -> int:
    """A moderator's decision on a reported review: `dismiss` (the reports
    are closed and the review is public again), `remove` (the review is
    rejected) or `deactivate_author` (recorded as such; the caller also
    deactivates the account, see project/workflows/moderation.py). Returns
    the number of open reports closed; a review without any is a Conflict."""
    resolution = RESOLUTIONS[action]
    with transaction.atomic():
        review = (
            ProductReview.objects.select_for_update(of=("self",))
            .select_related("product")
            .get(pk=review.pk)
        )
        closed = ReviewReport.objects.filter(
            review=review, resolved_at__isnull=True
        ).update(
            resolved_at=timezone.now(),
            resolution=resolution,
            resolved_by=by if getattr(by, "pk", None) else None,
        )
        if not closed:
            raise Conflict("This review has no open reports.", code="no_open_reports")
        review.hidden_at = None
        if resolution != ReviewReport.Resolution.DISMISSED:
            review.status = ProductReview.REJECTED
        review.save(update_fields=["hidden_at", "status"])
    return closed
