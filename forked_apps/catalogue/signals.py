"""Writes made outside our services (Oscar's dashboard, the admin) also
invalidate the catalogue cache."""

from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

from project.core.cache import catalogue_cache_invalidate

WATCHED = [
    get_model("catalogue", "Product"),
    get_model("catalogue", "Category"),
    get_model("catalogue", "ProductCategory"),
    get_model("catalogue", "ProductImage"),
    get_model("partner", "StockRecord"),
    get_model("reviews", "ProductReview"),
]


def invalidate_catalogue_cache(sender, raw=False, **kwargs):
    if not raw:
        catalogue_cache_invalidate()


for model in WATCHED:
    post_save.connect(
        invalidate_catalogue_cache,
        sender=model,
        dispatch_uid=f"catalogue-cache-{model._meta.label}-save",
    )
    post_delete.connect(
        invalidate_catalogue_cache,
        sender=model,
        dispatch_uid=f"catalogue-cache-{model._meta.label}-delete",
    )
