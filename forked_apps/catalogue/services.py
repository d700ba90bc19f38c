"""Catalogue writes: products (with their price and stock on the default
partner's stock record), images, categories, soft delete and restore.
Each save invalidates the catalogue cache through the model signals of
catalogue/signals.py; only what saves no model calls it here."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from forked_apps.catalogue.models import unique_slug
from forked_apps.catalogue.selectors import default_product_class
from forked_apps.partner.services import (
    UNSET,
    StockChange,
    stock_record_create,
    stock_records_create,
    stock_set,
)
from project.core.cache import catalogue_cache_clear, catalogue_cache_invalidate
from project.core.exceptions import Conflict, InvalidInput

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")


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
    low_stock_threshold: int | None = None,
) -> Product:
    """Create a standalone product with its stock record at the default
    partner (with a low-stock threshold, an alert opens at once when the
    stock is at or under it)."""
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
        stock_record_create(
            product=product,
            price=price,
            price_currency=currency,
            num_in_stock=stock,
            low_stock_threshold=low_stock_threshold,
        )
    return product


@dataclass(frozen=True)
class NewProduct:
    """One row of products_import(). `images` are (JPEG/PNG bytes, alt text)."""

    name: str
    price: Decimal
    currency: str
    stock: int = 0
    description: str = ""
    category: Category | None = None
    is_active: bool = True
    images: tuple[tuple[bytes, str], ...] = ()


def _free_slugs(names: list[str]) -> list[str]:
    """A slug per name, unique among themselves and the catalogue (one query,
    more only for the rare clash)."""
    slugs, seen = [], set()
    for name in names:
        slug = base = slugify(name) or "item"
        n = 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        slugs.append(slug)
    taken = set(Product.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    for index, slug in enumerate(slugs):
        if slug in taken:
            slugs[index] = unique_slug(Product, slug, reserved=seen)
            seen.add(slugs[index])
    return slugs


def products_import(*, rows: list[NewProduct]) -> list[Product]:
    """Create many standalone products at once (imports, demo data): their
    categories, stock records and images in one INSERT each, in one
    transaction, whatever the number of rows. Names already taken (or twice
    in `rows`) are invalid input; slugs are made unique."""
    lowered = Counter(row.name.lower() for row in rows)
    clash = next((name for name, count in lowered.items() if count > 1), None)
    clash = clash or (
        Product.objects.exclude(structure=Product.CHILD)
        .annotate(lower_title=Lower("title"))
        .filter(lower_title__in=list(lowered))
        .values_list("title", flat=True)
        .first()
    )
    if clash is not None:
        raise InvalidInput(
            f"A product named '{clash}' already exists.", code="unique", field="name"
        )
    slugs = _free_slugs([row.name for row in rows])
    product_class = default_product_class()
    with transaction.atomic():
        products = []
        for row, slug in zip(rows, slugs, strict=True):
            products.append(
                Product(
                    title=row.name,
                    slug=slug,
                    description=row.description,
                    is_public=row.is_active,
                    structure=Product.STANDALONE,
                    product_class=product_class,
                )
            )
        products = Product.objects.bulk_create(products)
        ProductCategory.objects.bulk_create(
            ProductCategory(product=product, category=row.category)
            for product, row in zip(products, rows, strict=True)
            if row.category is not None
        )
        stock_records_create(
            rows=[
                StockChange(product, row.price, row.currency, row.stock)
                for product, row in zip(products, rows, strict=True)
            ]
        )
        images = []
        for product, row in zip(products, rows, strict=True):
            for position, (content, alt) in enumerate(row.images):
                image = ProductImage(
                    product=product, caption=alt, display_order=position
                )
                image.original.save(
                    f"{product.slug}-{position + 1}.jpg",
                    ContentFile(content),
                    save=False,
                )
                images.append(image)
        ProductImage.objects.bulk_create(images)
        # Bulk inserts send no signal; new products only change the lists.
        catalogue_cache_invalidate(lists=True)
    return products


def product_update(
    *,
    product: Product,
    name=UNSET,
    slug=UNSET,
    description=UNSET,
    is_active=UNSET,
    category=UNSET,
    price=UNSET,
    currency=UNSET,
    stock=UNSET,
    low_stock_threshold=UNSET,
) -> Product:
    """Change any of a product's fields. Price, currency, stock and the
    low-stock threshold go through the inventory (stock below what orders
    hold is a Conflict; crossing the threshold opens or closes an alert)."""
    with transaction.atomic():
        if name is not UNSET:
            _check_name_free(name, product.pk)
            product.title = name
        if slug is not UNSET:
            _check_slug_free(slug, product.pk)
            product.slug = slug
        if description is not UNSET:
            product.description = description
        if is_active is not UNSET:
            product.is_public = is_active
        _save_unique(product)
        if category is not UNSET:
            ProductCategory.objects.filter(product=product).delete()
            if category is not None:
                ProductCategory.objects.create(product=product, category=category)
        stock_fields = {
            "price": price,
            "currency": currency,
            "stock": stock,
            "low_stock_threshold": low_stock_threshold,
        }
        if any(value is not UNSET for value in stock_fields.values()):
            stock_set(product=product, **stock_fields)
    return product


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
        catalogue_cache_clear()
