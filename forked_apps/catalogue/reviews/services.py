"""Product reviews: one per customer and product, moderated by staff; only
approved reviews are public and count in the product's rating."""

from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from project.core.exceptions import Conflict

ProductReview = get_model("reviews", "ProductReview")

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
    given: one INSERT, then each product's rating recomputed. A customer's
    second review of a product is refused by the database."""
    with transaction.atomic():
        created = ProductReview.objects.bulk_create(reviews)
        for product in {review.product for review in created}:
            product.update_rating()
    return len(created)


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
