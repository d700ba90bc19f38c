"""Catalogue writes: products (with their price and stock on the default
partner's stock record), images, categories, soft delete and restore.
Each save invalidates the catalogue cache through the model signals of
catalogue/signals.py; only what saves no model calls it here."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from forked_apps.catalogue.cache import catalogue_cache_invalidate
from forked_apps.catalogue.models import unique_slug
from forked_apps.catalogue.selectors import default_partner, default_product_class
from project.core.exceptions import Conflict, InvalidInput

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

_UNSET = object()


def _check_name_free(name: str, exclude_pk=None) -> None:
    taken = Product.objects.filter(title__iexact=name).exclude(structure=Product.CHILD)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise InvalidInput(
            "A product with this name already exists.", code="unique", field="name"
        )


def _check_slug_free(slug: str, exclude_pk=None) -> None:
    taken = Product.objects.filter(slug=slug)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise InvalidInput(
            "A product with this slug already exists.", code="unique", field="slug"
        )


def _save_unique(product: Product) -> None:
    """Save, turning a lost race on the unique name or slug into a 400."""
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:
        _check_name_free(product.title, product.pk)
        _check_slug_free(product.slug, product.pk)
        raise


def product_create(
    *,
    name: str,
    price: Decimal,
    currency: str,
    stock: int = 0,
    description: str = "",
    category: Category | None = None,
    is_active: bool = True,
    slug: str | None = None,
) -> Product:
    """Create a standalone product with its stock record at the default partner."""
    _check_name_free(name)
    if slug:
        _check_slug_free(slug)
    with transaction.atomic():
        product = Product(
            title=name,
            slug=slug or unique_slug(Product, slugify(name)),
            description=description,
            is_public=is_active,
            structure=Product.STANDALONE,
            product_class=default_product_class(),
        )
        _save_unique(product)
        if category is not None:
            ProductCategory.objects.create(product=product, category=category)
        StockRecord.objects.create(
            product=product,
            partner=default_partner(),
            partner_sku=str(product.uuid),
            price=price,
            price_currency=currency,
            num_in_stock=stock,
            num_allocated=0,
        )
    return product


def product_update(
    *,
    product: Product,
    name=_UNSET,
    slug=_UNSET,
    description=_UNSET,
    is_active=_UNSET,
    category=_UNSET,
    price=_UNSET,
    currency=_UNSET,
    stock=_UNSET,
) -> Product:
    """Change any of a product's fields. Stock below what orders have
    already allocated is a Conflict."""
    with transaction.atomic():
        if name is not _UNSET:
            _check_name_free(name, product.pk)
            product.title = name
        if slug is not _UNSET:
            _check_slug_free(slug, product.pk)
            product.slug = slug
        if description is not _UNSET:
            product.description = description
        if is_active is not _UNSET:
            product.is_public = is_active
        _save_unique(product)
        if category is not _UNSET:
            ProductCategory.objects.filter(product=product).delete()
            if category is not None:
                ProductCategory.objects.create(product=product, category=category)
        if {price, currency, stock} != {_UNSET}:
            stockrecord_update(
                product=product,
                price=price,
                currency=currency,
                stock=stock,
            )
    return product


def stockrecord_update(
    *, product: Product, price=_UNSET, currency=_UNSET, stock=_UNSET
) -> StockRecord:
    """Set price, currency or physical stock on the default partner's record,
    locking it against a concurrent checkout."""
    with transaction.atomic():
        record, _ = StockRecord.objects.select_for_update().get_or_create(
            product=product,
            partner=default_partner(),
            defaults={
                "partner_sku": str(product.uuid),
                "num_in_stock": 0,
                "num_allocated": 0,
            },
        )
        if price is not _UNSET:
            record.price = price
        if currency is not _UNSET:
            record.price_currency = currency
        if stock is not _UNSET:
            if stock < (record.num_allocated or 0):
                raise Conflict(
                    f"Stock cannot be lower than the {record.num_allocated} units "
                    "already allocated to orders.",
                    code="stock_below_allocated",
                )
            record.num_in_stock = stock
        record.save()
    return record


def product_soft_delete(*, product: Product) -> None:
    """Hide the product from every public listing; the row stays for orders."""
    if product.deleted_at is None:
        product.deleted_at = timezone.now()
        product.save(update_fields=["deleted_at", "date_updated"])


def product_restore(*, product: Product) -> None:
    if product.deleted_at is not None:
        product.deleted_at = None
        product.save(update_fields=["deleted_at", "date_updated"])


def product_image_add(
    *, product: Product, image, alt: str = "", position: int | None = None
) -> ProductImage:
    """Attach an (already validated) image; without a position it goes last."""
    with transaction.atomic():
        if position is None:
            last = (
                product.images.order_by("-display_order")
                .values_list("display_order", flat=True)
                .first()
            )
            position = 0 if last is None else last + 1
        product_image = ProductImage.objects.create(
            product=product, original=image, caption=alt, display_order=position
        )
    return product_image


def category_create(
    *,
    name: str,
    parent: Category | None = None,
    slug: str | None = None,
    description: str = "",
    image=None,
) -> Category:
    if slug and Category.objects.filter(slug=slug).exists():
        raise InvalidInput(
            "A category with this slug already exists.", code="unique", field="slug"
        )
    fields = {"name": name, "description": description}
    if slug:
        fields["slug"] = slug
    if image is not None:
        fields["image"] = image
    with transaction.atomic():
        category = parent.add_child(**fields) if parent else Category.add_root(**fields)
    return category


def category_update(*, category: Category, **fields) -> Category:
    """Change name, slug, description or image (not the position in the tree)."""
    if (
        "slug" in fields
        and Category.objects.filter(slug=fields["slug"])
        .exclude(pk=category.pk)
        .exists()
    ):
        raise InvalidInput(
            "A category with this slug already exists.", code="unique", field="slug"
        )
    with transaction.atomic():
        for name, value in fields.items():
            setattr(category, name, value)
        category.save()
    return category


def category_delete(*, category: Category) -> None:
    """Delete an empty leaf category; one with subcategories or products is a Conflict."""
    if category.get_children_count():
        raise Conflict(
            "Delete or move the subcategories first.", code="category_not_empty"
        )
    if ProductCategory.objects.filter(category=category).exists():
        raise Conflict("Move the category's products first.", code="category_not_empty")
    with transaction.atomic():
        category.delete()  # treebeard deletes by path, not model by model
        catalogue_cache_invalidate()
