"""Wish lists (docs/api.md "Wish lists"): the signed-in customer's own lists
(anyone else's is a 404), and a shared list by its key, for anyone."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from oscar.core.loading import get_model
from rest_framework import generics, permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from forked_apps.catalogue.selectors import product_by_reference
from forked_apps.partner.selectors import stock_records_by_product
from forked_apps.wishlists.selectors import wishlist_of, wishlist_shared, wishlists_of
from forked_apps.wishlists.services import (
    wishlist_create,
    wishlist_delete,
    wishlist_item_add,
    wishlist_item_remove,
    wishlist_update,
)
from project.api import examples as ex
from project.api.openapi import CONFLICT
from project.api.serializers.wishlists import (
    SharedWishlistSerializer,
    WishlistItemAddSerializer,
    WishlistSerializer,
    WishlistWriteSerializer,
)
from project.core.exceptions import NotFound

WishList = get_model("wishlists", "WishList")


def _stock_of(wishlists) -> dict:
    """The default partner's stock record of every product on `wishlists`
    (one query)."""
    product_ids = {
        line.product_id for wishlist in wishlists for line in wishlist.lines.all()
    }
    return stock_records_by_product(product_ids) if product_ids else {}


def _render(wishlist, serializer=WishlistSerializer, **kwargs) -> Response:
    return Response(
        serializer(wishlist, context={"stock": _stock_of([wishlist])}).data, **kwargs
    )


@extend_schema_view(
    get=extend_schema(
        examples=[
            ex.response_example("My lists", ex.WISHLIST_SHARED),
            ex.NOT_AUTHENTICATED,
        ]
    )
)
class WishlistList(generics.ListAPIView):
    """GET: the signed-in customer's wish lists, newest first. POST: a new
    empty list `{name, visibility}`."""

    serializer_class = WishlistSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = WishList.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return wishlists_of(owner=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **getattr(self, "_context", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._context = {"stock": _stock_of(page)}
        return page

    @extend_schema(
        request=WishlistWriteSerializer,
        responses={201: WishlistSerializer},
        examples=[
            ex.request_example(
                "Private list", {"name": "Birthday ideas", "visibility": "private"}
            ),
            ex.request_example(
                "Shared list",
                {"name": "Wedding list", "visibility": "shared"},
                "anyone with the list's key may read it",
            ),
            ex.response_example("Created, empty", ex.WISHLIST_EMPTY, 201),
            ex.INVALID_VISIBILITY,
        ],
    )
    def post(self, request):
        serializer = WishlistWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wishlist = wishlist_create(owner=request.user, **serializer.validated_data)
        return _render(
            wishlist_of(owner=request.user, wishlist_id=wishlist.uuid),
            status=status.HTTP_201_CREATED,
        )


class WishlistDetail(APIView):
    """One of the signed-in customer's lists: read, rename or change its
    visibility (PATCH), delete."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses={200: WishlistSerializer},
        examples=[
            ex.response_example("Wish list", ex.WISHLIST),
            ex.WISHLIST_NOT_FOUND,
        ],
    )
    def get(self, request, id):
        return _render(wishlist_of(owner=request.user, wishlist_id=id))

    @extend_schema(
        request=WishlistWriteSerializer(partial=True),
        responses={200: WishlistSerializer},
        examples=[
            ex.request_example(
                "Share it", {"visibility": "shared"}, "its key now opens it"
            ),
            ex.request_example("Rename it", {"name": "Birthday, March"}),
            ex.response_example("Shared", ex.WISHLIST_SHARED),
            ex.WISHLIST_NOT_FOUND,
        ],
    )
    def patch(self, request, id):
        wishlist = wishlist_of(owner=request.user, wishlist_id=id)
        serializer = WishlistWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        wishlist_update(wishlist=wishlist, **serializer.validated_data)
        return _render(wishlist)

    @extend_schema(responses={204: None}, examples=[ex.WISHLIST_NOT_FOUND])
    def delete(self, request, id):
        wishlist_delete(wishlist=wishlist_of(owner=request.user, wishlist_id=id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WishlistItemList(APIView):
    """POST `{product}` (id or slug): put a product on the list; 201 with the
    list. A product already on it is a 409."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=WishlistItemAddSerializer,
        responses={201: WishlistSerializer, 409: CONFLICT},
        examples=[
            ex.request_example("By slug", {"product": "linen-lampshade"}),
            ex.request_example("By id", {"product": ex.SHADE_ID}),
            ex.response_example("The whole list", ex.WISHLIST, 201),
            ex.UNKNOWN_PRODUCT,
            ex.WISHLIST_NOT_FOUND,
            ex.ALREADY_IN_WISHLIST,
        ],
    )
    def post(self, request, id):
        wishlist = wishlist_of(owner=request.user, wishlist_id=id)
        serializer = WishlistItemAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = product_by_reference(serializer.validated_data["product"])
        if product is None:
            raise ValidationError(
                {"product": ["No such product."]}, code="does_not_exist"
            )
        wishlist_item_add(wishlist=wishlist, product=product)
        return _render(
            wishlist_of(owner=request.user, wishlist_id=id),
            status=status.HTTP_201_CREATED,
        )


class WishlistItemDetail(APIView):
    """DELETE: take the product (id or slug) off the list; 204."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses={204: None},
        examples=[ex.NOT_ON_WISHLIST, ex.WISHLIST_NOT_FOUND],
    )
    def delete(self, request, id, product):
        wishlist = wishlist_of(owner=request.user, wishlist_id=id)
        found = product_by_reference(product, public_only=False)
        if found is None:
            raise NotFound("This product is not on the wish list.")
        wishlist_item_remove(wishlist=wishlist, product=found)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SharedWishlist(APIView):
    """A shared list by its key, for anyone (no login); a private list's key
    is a 404."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        responses={200: SharedWishlistSerializer},
        examples=[
            ex.response_example("Shared list", ex.SHARED_WISHLIST),
            ex.SHARED_WISHLIST_NOT_FOUND,
        ],
    )
    def get(self, request, key):
        return _render(wishlist_shared(key=key), serializer=SharedWishlistSerializer)
