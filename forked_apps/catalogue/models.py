"""Our catalogue: Oscar's models with public UUIDs, unique slugs and names,
soft delete, and a denormalised rating count."""

from django.db import models
from django.db.models import Avg, Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import (
    AbstractCategory,
    AbstractProduct,
    AbstractProductImage,
)
from oscar.core.utils import slugify
from oscar.models.fields.slugfield import SlugField

from project.core.cache import catalogue_cache_invalidate
from project.core.models import PublicIdMixin, SoftDeleteMixin


def unique_slug(
    model, base: str, instance_pk=None, max_length=255, reserved=frozenset()
) -> str:
    """`base`, or `base-2`, `base-3`... whichever no other row of `model`
    uses (nor is `reserved`)."""
    base = (base or "item")[: max_length - 8].strip("-") or "item"
    taken = set(reserved) | set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=instance_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class Category(AbstractCategory, PublicIdMixin):
    # Unique: the API addresses categories by slug alone.
    slug = SlugField(_("Slug"), max_length=255, unique=True, blank=True)

    class Meta(AbstractCategory.Meta):
        pass

    def generate_slug(self):
        return unique_slug(Category, slugify(self.name), self.pk)


class Product(AbstractProduct, PublicIdMixin, SoftDeleteMixin):
    """`is_public` is what the API calls `is_active`; `title` is its `name`;
    price and stock live on the default partner's StockRecord."""

    # Unique and indexed: the API addresses products by slug.
    slug = SlugField(_("Slug"), max_length=255, unique=True, blank=True)
    rating_count = models.PositiveIntegerField(
        _("Number of approved reviews"), default=0, editable=False
    )

    class Meta(AbstractProduct.Meta):
        constraints = [
            # Child products (variants) may share their parent's title.
            models.UniqueConstraint(
                Lower("title"),
                condition=~Q(structure="child"),
                name="catalogue_product_title_ci_unique",
                violation_error_message=_("A product with this name already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["title"], name="catalogue_product_title_idx"),
            # The public list: live products, newest first or best rated first.
            models.Index(
                fields=["-date_created"],
                condition=Q(is_public=True, deleted_at__isnull=True),
                name="catalogue_product_recent_idx",
            ),
            models.Index(
                fields=["-rating"],
                condition=Q(is_public=True, deleted_at__isnull=True),
                name="catalogue_product_rating_idx",
            ),
        ]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Product, slugify(self.get_title()), self.pk)
        super().save(*args, **kwargs)

    def update_rating(self):
        """Average and count of public reviews (approved, not hidden by
        reports), written without a full save (Oscar's version saves the
        whole product)."""
        result = self.reviews.filter(
            status=self.reviews.model.APPROVED, hidden_at__isnull=True
        ).aggregate(average=Avg("score"), count=Count("id"))
        self.rating = (
            float(result["average"]) if result["average"] is not None else None
        )
        self.rating_count = result["count"]
        Product.objects.filter(pk=self.pk).update(
            rating=self.rating, rating_count=self.rating_count
        )
        # An update() sends no signal: the cached reads learn it here (lists
        # too: they can be ordered by rating).
        catalogue_cache_invalidate(product_ids=[self.pk], lists=True)

    update_rating.alters_data = True


class ProductImage(AbstractProductImage, PublicIdMixin):
    """`caption` is the image's alt text, `display_order` its position."""

    class Meta(AbstractProductImage.Meta):
        pass


from oscar.apps.catalogue.models import *  # noqa: E402, F403 isort:skip
