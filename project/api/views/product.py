"""Catalogue endpoints (docs/api.md "Catalogue"): oscarapi's product and category
views, changed to our contract: addressed by slug, paginated, filtered,
without N+1 queries, hidden products left out, and cached: on the server
(project/core/cache.py, stock overlaid from one query) and in HTTP caches
(Cache-Control and ETag, project/api/http_cache.py)."""

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
from project.api import examples as ex
from project.api.filters import ProductFilter
from project.api.http_cache import (
    current_stock,
    etag_for,
    overlay_stock,
    private_response,
    public_response,
)
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
from project.core.cache import LISTS, catalogue_cached, product_scope

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

# The first pages of each list are cached; deeper pages are rarely read.
CACHED_LIST_PAGES = 3


def _cache_key(request, *parts) -> str:
    return ":".join([request.get_host(), *map(str, parts)])


@extend_schema_view(
    get=extend_schema(
        examples=[
            ex.response_example("Products", ex.PRODUCT),
            ex.UNKNOWN_CATEGORY,
            ex.PAGE_TOO_DEEP,
        ]
    )
)
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
        params = sorted(request.query_params.lists())
        key = _cache_key(request, "products", params)

        def build():
            products = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            data = self.get_serializer(products, many=True).data
            body = self.get_paginated_response(data).data
            return {
                "body": body,
                "ids": [product.pk for product in products],
                "stock": _stock_of(products),
            }

        read = catalogue_cached(
            key,
            build,
            scopes=lambda: [LISTS],
            store=1 <= page <= CACHED_LIST_PAGES,
        )
        body, ids = read.value["body"], read.value["ids"]
        stock = read.value["stock"] if read.built else current_stock(ids)

        def render():
            overlay_stock(body["results"], ids, stock)
            return body

        etag = etag_for(key, read.stamp, [stock[pk] for pk in ids])
        return public_response(request, etag, render)

    @extend_schema(
        request=ProductWriteSerializer,
        responses={201: StaffProductDetailSerializer},
        examples=[
            ex.request_example("New product", ex.PRODUCT_WRITE),
            ex.response_example("Created", ex.STAFF_PRODUCT_DETAIL, 201),
            ex.PRODUCT_NAME_TAKEN,
        ],
    )
    def post(self, request):
        serializer = ProductWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.product_create(**serializer.validated_data)
        return Response(
            _product_detail(request, product.slug, hidden=True),
            status=status.HTTP_201_CREATED,
        )


def _stock_of(products) -> dict[int, tuple[int, int]]:
    """The stock numbers the products were just read with (as current_stock())."""
    return {p.pk: (p.num_in_stock, p.available_quantity) for p in products}


def _product_detail(request, slug: str, *, hidden: bool) -> dict:
    queryset = selectors.product_detail_queryset(
        partner_id=default_partner_id(), include_hidden=hidden
    )
    product = get_object_or_404(queryset, slug=slug)
    serializer = StaffProductDetailSerializer if hidden else ProductDetailSerializer
    return serializer(product, context={"request": request}).data


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Product", ex.PRODUCT_DETAIL), ex.NOT_FOUND]
    ),
    patch=extend_schema(
        request=ProductWriteSerializer,
        responses={200: StaffProductDetailSerializer},
        examples=[
            ex.request_example("New price and stock", {"price": "44.90", "stock": 20}),
            ex.request_example(
                "Reorder point (null: no alerts)", {"low_stock_threshold": 5}
            ),
            ex.response_example(
                "Updated",
                {
                    **ex.STAFF_PRODUCT_DETAIL,
                    "price": "44.90",
                    "stock": 20,
                    "available_quantity": 20,
                },
            ),
        ],
    ),
    delete=extend_schema(responses={204: None}, examples=[ex.NOT_FOUND]),
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
            # Staff see hidden products: never kept by a shared cache.
            return private_response(_product_detail(request, slug, hidden=True))
        key = _cache_key(request, "product", slug)
        found = {}

        def scopes():
            found["id"] = selectors.product_public_id(slug=slug)
            return None if found["id"] is None else [product_scope(found["id"])]

        def build():
            queryset = selectors.product_public_queryset(
                partner_id=default_partner_id()
            )
            product = get_object_or_404(queryset, pk=found["id"], slug=slug)
            body = ProductDetailSerializer(product, context={"request": request}).data
            return {"body": body, "id": product.pk, "stock": _stock_of([product])}

        read = catalogue_cached(key, build, scopes=scopes)
        if read is None:
            raise Http404
        body, product_id = read.value["body"], read.value["id"]
        stock = read.value["stock"] if read.built else current_stock([product_id])

        def render():
            overlay_stock([body], [product_id], stock)
            return body

        etag = etag_for(key, read.stamp, stock[product_id])
        # Staff get another answer for the same URL: caches key on the token.
        return public_response(request, etag, render, vary_on_auth=True)

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

    @extend_schema(
        request=None,
        responses={200: StaffProductDetailSerializer},
        examples=[ex.response_example("Restored", ex.STAFF_PRODUCT_DETAIL)],
    )
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
        examples=[
            ex.request_example(
                "Upload (multipart)",
                {"image": "(binary: JPEG, PNG or WebP)", "alt": "The lamp, lit"},
                media_type="multipart/form-data",
            ),
            ex.response_example("Uploaded", ex.IMAGE, 201),
            ex.INVALID_IMAGE,
        ],
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


@extend_schema_view(
    get=extend_schema(examples=[ex.response_example("Category tree", ex.CATEGORY)])
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

        key = _cache_key(request, "category-tree")
        read = catalogue_cached(key, build, scopes=list)
        return public_response(request, etag_for(key, read.stamp), lambda: read.value)

    @extend_schema(
        request=CategoryWriteSerializer,
        responses={201: CategoryDetailSerializer},
        examples=[
            ex.request_example(
                "New subcategory", {"name": "Desk lamps", "parent": "lighting"}
            ),
            ex.response_example("Created", ex.CATEGORY_DETAIL, 201),
        ],
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
    get=extend_schema(
        examples=[ex.response_example("Category", ex.CATEGORY_DETAIL), ex.NOT_FOUND]
    ),
    patch=extend_schema(
        request=CategoryWriteSerializer,
        responses={200: CategoryDetailSerializer},
        examples=[
            ex.request_example("New description", {"description": "Lamps for desks."}),
            ex.response_example(
                "Updated", {**ex.CATEGORY_DETAIL, "description": "Lamps for desks."}
            ),
        ],
    ),
    delete=extend_schema(
        responses={204: None, 409: CONFLICT}, examples=[ex.CATEGORY_NOT_EMPTY]
    ),
)
class CategoryDetail(oscarapi_product.CategoryDetail):
    """One category by slug, with its children and ancestors."""

    serializer_class = CategoryDetailSerializer
    permission_classes = [StaffWriteOrReadOnly]
    staff_model = "catalogue.category"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get(self, request, slug):
        key = _cache_key(request, "category", slug)
        read = catalogue_cached(
            key, lambda: _category_detail(request, slug), scopes=list
        )
        return public_response(request, etag_for(key, read.stamp), lambda: read.value)

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
