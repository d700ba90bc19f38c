"""Catalogue endpoints (docs/api.md "Catalogue"): oscarapi's product and category
views, changed to our contract: addressed by slug, paginated, filtered,
without N+1 queries, hidden products left out, and cached."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from oscar.core.loading import get_model
from oscarapi.views import product as oscarapi_product
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from forked_apps.catalogue import selectors, services
from forked_apps.partner.selectors import default_partner_id
from project.accounts.permissions import staff_can
from project.api.filters import ProductFilter
from project.api.openapi import CONFLICT, TOO_LARGE
from project.api.parsers import FormParser, MultiPartParser
from project.api.permissions import StaffOnly, StaffWriteOrReadOnly
from project.api.serializers.product import (
    CategoryDetailSerializer,
    CategorySerializer,
    CategoryWriteSerializer,
    ProductDetailSerializer,
    ProductImageSerializer,
    ProductImageUploadSerializer,
    ProductSerializer,
    ProductWriteSerializer,
    StaffProductDetailSerializer,
)
from project.core.cache import catalogue_cached

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

# The first pages of each list are cached; deeper pages are rarely read.
CACHED_LIST_PAGES = 3


def _cache_key(request, *parts) -> str:
    return ":".join([request.get_host(), *map(str, parts)])


class ProductList(oscarapi_product.ProductList):
    """GET: active products, paginated, filtered and ordered. POST: staff create."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    permission_classes = [StaffWriteOrReadOnly]
    staff_model = "catalogue.product"
    queryset = Product.objects.none()  # the schema's model; requests use get_queryset

    def get_queryset(self):
        return selectors.product_public_queryset(partner_id=default_partner_id())

    def list(self, request, *args, **kwargs):
        try:
            page = int(request.query_params.get("page", 1))
        except ValueError:
            page = 0
        if not 1 <= page <= CACHED_LIST_PAGES:
            return super().list(request, *args, **kwargs)
        params = sorted(request.query_params.lists())
        key = _cache_key(request, "products", params)
        return Response(
            catalogue_cached(
                key,
                lambda: super(ProductList, self).list(request, *args, **kwargs).data,
            )
        )

    @extend_schema(
        request=ProductWriteSerializer, responses={201: StaffProductDetailSerializer}
    )
    def post(self, request):
        serializer = ProductWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.product_create(**serializer.validated_data)
        return Response(
            _product_detail(request, product.slug, hidden=True),
            status=status.HTTP_201_CREATED,
        )


def _product_detail(request, slug: str, *, hidden: bool) -> dict:
    queryset = selectors.product_detail_queryset(
        partner_id=default_partner_id(), include_hidden=hidden
    )
    product = get_object_or_404(queryset, slug=slug)
    serializer = StaffProductDetailSerializer if hidden else ProductDetailSerializer
    return serializer(product, context={"request": request}).data


@extend_schema_view(
    patch=extend_schema(
        request=ProductWriteSerializer,
        responses={200: StaffProductDetailSerializer},
    ),
    delete=extend_schema(responses={204: None}),
)
class ProductDetail(oscarapi_product.ProductDetail):
    """One product by slug. Inactive and deleted products are a 404 except
    for staff. PATCH: staff edit; DELETE: staff soft delete."""

    serializer_class = ProductDetailSerializer
    permission_classes = [StaffWriteOrReadOnly]
    staff_model = "catalogue.product"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get(self, request, slug):
        if staff_can(request.user, "catalogue.view_product"):
            return Response(_product_detail(request, slug, hidden=True))
        key = _cache_key(request, "product", slug)
        return Response(
            catalogue_cached(key, lambda: _product_detail(request, slug, hidden=False))
        )

    def patch(self, request, slug):
        product = get_object_or_404(
            Product.objects.exclude(structure=Product.CHILD), slug=slug
        )
        serializer = ProductWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        product = services.product_update(product=product, **serializer.validated_data)
        return Response(_product_detail(request, product.slug, hidden=True))

    def delete(self, request, slug):
        product = get_object_or_404(Product.objects.alive(), slug=slug)
        services.product_soft_delete(product=product)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductRestore(APIView):
    """Staff: bring a soft-deleted product back."""

    permission_classes = [StaffOnly]
    staff_model = "catalogue.product"
    staff_action = "change"

    @extend_schema(request=None, responses={200: StaffProductDetailSerializer})
    def post(self, request, slug):
        product = get_object_or_404(Product.objects.all(), slug=slug)
        services.product_restore(product=product)
        return Response(_product_detail(request, slug, hidden=True))


class ProductImageCreate(APIView):
    """Staff: upload an image (JPEG, PNG or WebP) for a product."""

    permission_classes = [StaffOnly]
    staff_model = "catalogue.productimage"
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=ProductImageUploadSerializer,
        responses={201: ProductImageSerializer, 413: TOO_LARGE},
    )
    def post(self, request, slug):
        product = get_object_or_404(Product.objects.alive(), slug=slug)
        serializer = ProductImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        image = services.product_image_add(product=product, **serializer.validated_data)
        return Response(
            ProductImageSerializer(image, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class CategoryList(oscarapi_product.CategoryList):
    """GET: the whole category tree (one query, cached). POST: staff create."""

    serializer_class = CategorySerializer
    permission_classes = [StaffWriteOrReadOnly]
    staff_model = "catalogue.category"
    pagination_class = None
    queryset = Category.objects.none()

    def get(self, request):
        def build():
            return CategorySerializer(
                selectors.category_tree(), many=True, context={"request": request}
            ).data

        return Response(catalogue_cached(_cache_key(request, "category-tree"), build))

    @extend_schema(
        request=CategoryWriteSerializer, responses={201: CategoryDetailSerializer}
    )
    def post(self, request):
        serializer = CategoryWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        category = services.category_create(**serializer.validated_data)
        return Response(
            _category_detail(request, category.slug), status=status.HTTP_201_CREATED
        )


def _category_detail(request, slug: str) -> dict:
    """From the category tree (one query), not three."""
    category = selectors.category_find(selectors.category_tree(), slug)
    if category is None:
        raise Http404
    return CategoryDetailSerializer(category, context={"request": request}).data


@extend_schema_view(
    patch=extend_schema(
        request=CategoryWriteSerializer, responses={200: CategoryDetailSerializer}
    ),
    delete=extend_schema(responses={204: None, 409: CONFLICT}),
)
class CategoryDetail(oscarapi_product.CategoryDetail):
    """One category by slug, with its children and ancestors."""

    serializer_class = CategoryDetailSerializer
    permission_classes = [StaffWriteOrReadOnly]
    staff_model = "catalogue.category"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get(self, request, slug):
        return Response(
            catalogue_cached(
                _cache_key(request, "category", slug),
                lambda: _category_detail(request, slug),
            )
        )

    def patch(self, request, slug):
        category = get_object_or_404(Category.objects.all(), slug=slug)
        serializer = CategoryWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("parent", None)  # moving in the tree is the dashboard's job
        category = services.category_update(category=category, **fields)
        return Response(_category_detail(request, category.slug))

    def delete(self, request, slug):
        category = get_object_or_404(Category.objects.all(), slug=slug)
        services.category_delete(category=category)
        return Response(status=status.HTTP_204_NO_CONTENT)
