"""Catalogue reads that need care: each is a fixed, small number of queries
whatever the catalogue's size."""

import uuid

from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from forked_apps.catalogue.search import search_products
from forked_apps.partner.selectors import available_expression

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")


def default_product_class() -> ProductClass:
    product_class, _ = ProductClass.objects.get_or_create(
        slug="default", defaults={"name": "Default", "track_stock": True}
    )
    return product_class


def product_queryset(*, partner_id: int) -> QuerySet:
    """Products with their price, currency and stock from the default
    partner's stock record (one LEFT JOIN), their images and categories
    (one prefetch query each). Standalone and parent products only."""
    images = ProductImage.objects.order_by("display_order", "pk").only(
        "pk", "uuid", "product_id", "original", "caption", "display_order"
    )
    categories = Category.objects.only("pk", "uuid", "name", "slug", "path", "depth")
    return (
        Product.objects.exclude(structure=Product.CHILD)
        .annotate(
            offer=FilteredRelation(
                "stockrecords", condition=Q(stockrecords__partner_id=partner_id)
            ),
            price=F("offer__price"),
            currency=F("offer__price_currency"),
            num_in_stock=Coalesce(F("offer__num_in_stock"), Value(0)),
            available_quantity=available_expression("offer__"),
            low_stock_threshold=F("offer__low_stock_threshold"),
        )
        .prefetch_related(
            Prefetch("images", queryset=images),
            Prefetch("categories", queryset=categories),
        )
    )


def product_public_queryset(*, partner_id: int) -> QuerySet:
    """What anyone may see: active and not deleted."""
    return product_queryset(partner_id=partner_id).filter(
        is_public=True, deleted_at__isnull=True
    )


def product_public_id(*, slug: str) -> int | None:
    """The primary key of the public product with `slug` (one index read)."""
    return (
        Product.objects.public()
        .exclude(structure=Product.CHILD)
        .filter(slug=slug)
        .values_list("pk", flat=True)
        .first()
    )


def product_detail_queryset(*, partner_id: int, include_hidden: bool) -> QuerySet:
    """Staff also see inactive and soft-deleted products (to edit or restore them)."""
    if include_hidden:
        return product_queryset(partner_id=partner_id)
    return product_public_queryset(partner_id=partner_id)


def product_filter_by_category(queryset: QuerySet, category: Category) -> QuerySet:
    """Products in `category` or any of its descendants (one EXISTS subquery
    on treebeard's materialised path, so no duplicates)."""
    in_subtree = ProductCategory.objects.filter(
        product=OuterRef("pk"),
        category__path__startswith=category.path,
        category__depth__gte=category.depth,
    )
    return queryset.filter(Exists(in_subtree))


def product_search(queryset: QuerySet, text: str) -> QuerySet:
    return search_products(queryset, text)


def category_tree() -> list[dict]:
    """The whole category tree as nested dicts, from one query."""
    nodes = list(
        Category.objects.order_by("path").only(
            "pk", "uuid", "name", "slug", "description", "image", "path", "depth"
        )
    )
    by_path, roots = {}, []
    for node in nodes:
        node.tree_children = []
        by_path[node.path] = node
        parent = by_path.get(node.path[: -Category.steplen])
        if node.depth == 1 or parent is None:
            node.tree_parent = None
            roots.append(node)
        else:
            node.tree_parent = parent
            parent.tree_children.append(node)
    return roots


def category_find(roots: list[Category], slug: str) -> Category | None:
    """The node with `slug` in a category_tree(), with its `breadcrumb`
    (ancestors, root first) set."""
    stack = [(root, []) for root in roots]
    while stack:
        node, ancestors = stack.pop()
        if node.slug == slug:
            node.breadcrumb = ancestors
            return node
        stack.extend((child, [*ancestors, node]) for child in node.tree_children)
    return None


def product_by_reference(reference: str, *, public_only: bool = True) -> Product | None:
    """The product whose id (UUID) or slug is `reference`: only live, active
    ones when `public_only`. None when there is none."""
    queryset = Product.objects.public() if public_only else Product.objects.all()
    try:
        return queryset.filter(uuid=uuid.UUID(reference)).first()
    except ValueError:
        return queryset.filter(slug=reference).first()
