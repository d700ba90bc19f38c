"""Writes made outside our services (Oscar's dashboard, the admin) also
invalidate the catalogue cache; changes to an existing product (its fields,
images, categories) emit the `product.updated` webhook once per transaction."""

from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

from forked_apps.partner.selectors import product_event_data
from project.core.cache import catalogue_cache_invalidate
from project.webhooks.events import webhook_event_enqueue

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

WATCHED = [
    Product,
    get_model("catalogue", "Category"),
    ProductCategory,
    ProductImage,
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


def product_updated(sender, instance, raw=False, created=False, **kwargs):
    """`product.updated` for a saved product (not a new one), or a product
    whose image or category changed. Price and stock changes are the
    inventory's to report (partner/services.py)."""
    if raw or (sender is Product and created):
        return
    product_id = instance.pk if sender is Product else instance.product_id
    webhook_event_enqueue(
        event_type="product.updated", subject=product_id, build=product_event_data
    )


post_save.connect(product_updated, sender=Product, dispatch_uid="webhooks-product")
for model in (ProductImage, ProductCategory):
    post_save.connect(
        product_updated, sender=model, dispatch_uid=f"webhooks-{model._meta.label}"
    )
    post_delete.connect(
        product_updated,
        sender=model,
        dispatch_uid=f"webhooks-{model._meta.label}-delete",
    )
