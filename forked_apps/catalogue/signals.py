"""Every save or delete of the catalogue's rows, from our services, Oscar's
dashboard or the admin, invalidates the cached reads it changed (and only
those: project/core/cache.py); changes to an existing product (its fields,
images, categories) emit the `product.updated` webhook once per transaction."""

from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

from forked_apps.partner.selectors import product_event_data
from project.core.cache import catalogue_cache_clear, catalogue_cache_invalidate
from project.webhooks.events import webhook_event_enqueue

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProductReview = get_model("reviews", "ProductReview")
Profile = get_model("accounts", "Profile")
StockRecord = get_model("partner", "StockRecord")

# Stock is overlaid on cached reads, never kept in them: a save of only these
# fields changes no entry (the inventory bumps the lists itself when a
# product sells out or comes back, partner/services.py).
STOCK_FIELDS = frozenset({"num_in_stock", "num_allocated", "date_updated"})


def product_changed(sender, instance, raw=False, **kwargs):
    """The product's detail, and the lists (which it may join, leave or
    move in)."""
    if not raw:
        catalogue_cache_invalidate(product_ids=[instance.pk], lists=True)


def product_part_changed(sender, instance, raw=False, **kwargs):
    """A row hanging off one product: its category link or an image."""
    if not raw:
        catalogue_cache_invalidate(product_ids=[instance.product_id], lists=True)


def stock_record_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= STOCK_FIELDS):
        return
    # Price or currency (or an unknown change): detail and lists.
    catalogue_cache_invalidate(product_ids=[instance.product_id], lists=True)


def review_changed(sender, instance, raw=False, **kwargs):
    """The product's reviews; its rating moves with update_rating()."""
    if not raw:
        catalogue_cache_invalidate(product_ids=[instance.product_id])


def category_changed(sender, raw=False, **kwargs):
    """Categories show in the tree and in every product of their subtree."""
    if not raw:
        catalogue_cache_clear()


def profile_changed(sender, instance, raw=False, **kwargs):
    """Reviews show their author's display name."""
    if raw or instance.user_id is None:
        return
    reviewed = ProductReview.objects.filter(user_id=instance.user_id).values_list(
        "product_id", flat=True
    )
    catalogue_cache_invalidate(product_ids=list(reviewed))


RECEIVERS = [
    (Product, product_changed),
    (ProductCategory, product_part_changed),
    (ProductImage, product_part_changed),
    (StockRecord, stock_record_changed),
    (ProductReview, review_changed),
    (Category, category_changed),
    (Profile, profile_changed),
]

for model, receiver in RECEIVERS:
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            receiver,
            sender=model,
            dispatch_uid=f"catalogue-cache-{model._meta.label}-{name}",
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
