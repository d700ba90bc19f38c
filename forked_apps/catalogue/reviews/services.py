"""Product reviews: one per customer and product, moderated by staff; only
approved reviews are public and count in the product's rating."""

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, FloatField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from oscar.core.loading import get_model

from project.core.cache import catalogue_cache_invalidate
from project.core.exceptions import Conflict

Product = get_model("catalogue", "Product")
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
    """Product.update_rating() for many products in one UPDATE."""
    approved = ProductReview.objects.filter(
        product_id=OuterRef("pk"), status=ProductReview.APPROVED
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
