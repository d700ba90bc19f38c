"""Catalogue serializers (docs/api.md "Catalogue"). Read serializers render the
annotated querysets of forked_apps.catalogue.selectors without further
queries; write serializers only validate, the services write."""

from decimal import Decimal

from babel.numbers import list_currencies
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_model
from rest_framework import serializers

from project.api.fields import ImageUploadField

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")

ISO_CURRENCIES = frozenset(list_currencies())
MAX_STOCK = 2_147_483_647  # PostgreSQL integer


def absolute_media_url(request, field_file) -> str | None:
    if not field_file:
        return None
    url = field_file.url
    return request.build_absolute_uri(url) if request is not None else url


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class RatingSerializer(serializers.Serializer):
    average = serializers.FloatField(
        allow_null=True, help_text="Mean of approved reviews' ratings, 1-5"
    )
    count = serializers.IntegerField(help_text="Number of approved reviews")


class ProductImageSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    url = serializers.SerializerMethodField()
    alt = serializers.CharField(source="caption", read_only=True)
    position = serializers.IntegerField(source="display_order", read_only=True)

    class Meta:
        model = ProductImage
        fields = ["id", "url", "alt", "position"]

    def get_url(self, image) -> str:
        return absolute_media_url(self.context.get("request"), image.original)


class ProductImageUploadSerializer(serializers.Serializer):
    image = ImageUploadField()
    alt = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    position = serializers.IntegerField(min_value=0, max_value=10_000, required=False)


class ProductSerializer(serializers.ModelSerializer):
    """A product as lists show it (querysets from product_queryset())."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    name = serializers.CharField(source="title")
    price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField(allow_null=True)
    category = serializers.SerializerMethodField()
    images = ProductImageSerializer(many=True, read_only=True)
    in_stock = serializers.SerializerMethodField()
    available_quantity = serializers.IntegerField()
    rating = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(source="is_public")
    created_at = serializers.DateTimeField(source="date_created")
    updated_at = serializers.DateTimeField(source="date_updated")

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "slug",
            "price",
            "currency",
            "category",
            "images",
            "in_stock",
            "available_quantity",
            "rating",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CategoryRefSerializer(allow_null=True))
    def get_category(self, product):
        categories = product.categories.all()  # prefetched, path order
        if not categories:
            return None
        return {"slug": categories[0].slug, "name": categories[0].name}

    def get_in_stock(self, product) -> bool:
        return product.available_quantity > 0

    @extend_schema_field(RatingSerializer)
    def get_rating(self, product):
        average = round(product.rating, 2) if product.rating is not None else None
        return {"average": average, "count": product.rating_count}


class ProductDetailSerializer(ProductSerializer):
    """One product, with its description and, for staff, its stock and deletion."""

    stock = serializers.IntegerField(
        source="num_in_stock", read_only=True, allow_null=True
    )
    deleted_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta(ProductSerializer.Meta):
        fields = [*ProductSerializer.Meta.fields, "description", "stock", "deleted_at"]
        read_only_fields = fields


class StaffProductDetailSerializer(ProductDetailSerializer):
    """What staff see of a product (detail, create, update): the public
    detail plus its low-stock threshold."""

    low_stock_threshold = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta(ProductDetailSerializer.Meta):
        fields = [*ProductDetailSerializer.Meta.fields, "low_stock_threshold"]
        read_only_fields = fields


class ProductWriteSerializer(serializers.Serializer):
    """Input of POST and PATCH /products/: staff only."""

    name = serializers.CharField(max_length=255)
    slug = serializers.SlugField(max_length=255, required=False)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.00")
    )
    currency = serializers.CharField(
        min_length=3, max_length=3, help_text="ISO 4217, e.g. USD"
    )
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
    )
    stock = serializers.IntegerField(min_value=0, max_value=MAX_STOCK, default=0)
    low_stock_threshold = serializers.IntegerField(
        min_value=0,
        max_value=MAX_STOCK,
        required=False,
        allow_null=True,
        help_text="An alert opens when available stock falls to or under it; "
        "null: no alerts",
    )
    is_active = serializers.BooleanField(default=True)

    def validate_name(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError("A product needs a name.", code="blank")
        return value

    def validate_currency(self, value):
        value = value.upper()
        if value not in ISO_CURRENCIES:
            raise serializers.ValidationError(
                f"'{value}' is not an ISO 4217 currency code.", code="invalid_currency"
            )
        return value


class CategorySerializer(serializers.ModelSerializer):
    """A category with its subtree (from category_tree(): no further queries)."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    image = serializers.SerializerMethodField()
    parent = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description", "image", "parent", "children"]

    def get_image(self, category) -> str | None:
        return absolute_media_url(self.context.get("request"), category.image)

    def get_parent(self, category) -> str | None:
        parent = getattr(category, "tree_parent", None)
        return parent.slug if parent else None

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, category):
        return CategorySerializer(
            category.tree_children, many=True, context=self.context
        ).data


class CategoryRefWithIdSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Category
        fields = ["id", "name", "slug"]


class CategoryDetailSerializer(CategorySerializer):
    """One category with its direct children and its ancestors (breadcrumb,
    root first)."""

    ancestors = serializers.SerializerMethodField()

    class Meta(CategorySerializer.Meta):
        fields = [*CategorySerializer.Meta.fields, "ancestors"]

    def get_parent(self, category) -> str | None:
        return category.breadcrumb[-1].slug if category.breadcrumb else None

    @extend_schema_field(CategoryRefWithIdSerializer(many=True))
    def get_children(self, category):
        return CategoryRefWithIdSerializer(category.tree_children, many=True).data

    @extend_schema_field(CategoryRefWithIdSerializer(many=True))
    def get_ancestors(self, category):
        return CategoryRefWithIdSerializer(category.breadcrumb, many=True).data


class CategoryWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    slug = serializers.SlugField(max_length=255, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
    )
    image = ImageUploadField(required=False, allow_null=True)
