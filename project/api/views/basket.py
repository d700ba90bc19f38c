"""The server basket of the signed-in user, and a guest cart's quote
(docs/api.md "Basket"). oscarapi's basket views, changed to our contract."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_model
from oscarapi.views import basket as oscarapi_basket
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from forked_apps.basket import services
from project.api import examples as ex
from project.api.openapi import CONFLICT
from project.api.serializers.basket import (
    BasketSerializer,
    GuestCartSerializer,
    LineInputSerializer,
    LineQuantitySerializer,
    MergedBasketSerializer,
    QuoteRequestSerializer,
    QuoteSerializer,
    VoucherCodeSerializer,
)

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")


def _basket_response(request, basket, status_code=status.HTTP_200_OK):
    basket = services.basket_prepare(basket, request.user)
    return Response(BasketSerializer(basket).data, status=status_code)


class BasketView(oscarapi_basket.BasketView):
    """The signed-in user's basket (created empty on first use)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BasketSerializer

    @extend_schema(
        responses=BasketSerializer,
        examples=[
            ex.response_example("Basket", ex.BASKET),
            ex.response_example("With a voucher", ex.BASKET_WITH_VOUCHER),
            ex.NOT_AUTHENTICATED,
        ],
    )
    def get(self, request, *args, **kwargs):
        basket = services.basket_prepare(
            services.basket_for_user(request.user), request.user
        )
        return Response(BasketSerializer(basket).data)


class LineList(oscarapi_basket.LineList):
    """Add a product to the basket. 409 when the basket would hold more than
    the available stock; 400 for an inactive, deleted or unknown product."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = LineInputSerializer
    http_method_names = ["post", "options"]

    @extend_schema(
        request=LineInputSerializer,
        responses={201: BasketSerializer, 409: CONFLICT},
        examples=[
            ex.request_example("Add", {"product": "brass-desk-lamp", "quantity": 2}),
            ex.response_example("Basket", ex.BASKET, 201),
            ex.INSUFFICIENT_STOCK,
        ],
    )
    def post(self, request, *args, **kwargs):
        serializer = LineInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        basket = services.basket_for_user(request.user)
        services.basket_line_add(basket=basket, **serializer.validated_data)
        return _basket_response(request, basket, status.HTTP_201_CREATED)


class BasketLineDetail(oscarapi_basket.BasketLineDetail):
    """Change a line's quantity (0 removes it) or remove it. Lines of anyone
    else's basket are a 404."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = LineQuantitySerializer
    http_method_names = ["patch", "delete", "options"]

    def get_line(self, request, id):
        return get_object_or_404(
            Line.objects.select_related("product", "stockrecord"),
            uuid=id,
            basket__owner=request.user,
            basket__status=Basket.OPEN,
        )

    @extend_schema(
        request=LineQuantitySerializer,
        responses={200: BasketSerializer, 409: CONFLICT},
        examples=[
            ex.request_example("Set quantity (0 removes)", {"quantity": 1}),
            ex.response_example("Basket", ex.BASKET),
            ex.INSUFFICIENT_STOCK,
        ],
    )
    def patch(self, request, id):
        line = self.get_line(request, id)
        serializer = LineQuantitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.basket_line_set_quantity(
            line=line, quantity=serializer.validated_data["quantity"]
        )
        return _basket_response(request, line.basket)

    @extend_schema(responses={204: None}, examples=[ex.NOT_FOUND])
    def delete(self, request, id):
        services.basket_line_remove(line=self.get_line(request, id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BasketMerge(APIView):
    """Add a guest's client-side cart to the signed-in user's basket after
    login: quantities add up, capped at the available stock; what could not
    be added is listed in `skipped`."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=GuestCartSerializer,
        responses={200: MergedBasketSerializer},
        examples=[
            ex.request_example("The guest cart", ex.GUEST_CART),
            ex.response_example("Merged basket", ex.MERGED_BASKET),
        ],
    )
    def post(self, request):
        serializer = GuestCartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        basket = services.basket_for_user(request.user)
        lines = [
            (line["product"], line["quantity"])
            for line in serializer.validated_data["lines"]
        ]
        skipped = services.basket_merge(basket=basket, lines=lines)
        basket = services.basket_prepare(basket, request.user)
        return Response(
            MergedBasketSerializer(basket, context={"skipped": skipped}).data
        )


class BasketVoucherList(APIView):
    """Apply a voucher code (any case) to the signed-in user's basket: 200
    with the basket and its discount lines. An unknown code, a voucher not
    yet valid, expired or used up, or a basket under its minimum spend or
    without an eligible product is a 400 whose code says which."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=VoucherCodeSerializer,
        responses={200: BasketSerializer},
        examples=[
            ex.request_example("A code, in any case", {"code": "welcome10"}),
            ex.response_example("Applied", ex.BASKET_WITH_VOUCHER),
            ex.VOUCHER_NOT_FOUND,
            ex.VOUCHER_EXPIRED,
            ex.VOUCHER_NOT_YET_VALID,
            ex.VOUCHER_ALREADY_USED,
            ex.VOUCHER_MINIMUM_SPEND,
            ex.VOUCHER_NOT_APPLICABLE,
            ex.VOUCHER_NOT_COMBINABLE,
        ],
    )
    def post(self, request):
        serializer = VoucherCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        basket = services.basket_voucher_add(
            basket=services.basket_for_user(request.user),
            user=request.user,
            code=serializer.validated_data["code"],
        )
        return Response(BasketSerializer(basket).data)


class BasketVoucherDetail(APIView):
    """Take a voucher out of the basket: 200 with the basket; a code the
    basket does not hold is a 404."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: BasketSerializer},
        examples=[
            ex.response_example("Removed", ex.BASKET),
            ex.VOUCHER_NOT_IN_BASKET,
        ],
    )
    def delete(self, request, code):
        basket = services.basket_for_user(request.user)
        services.basket_voucher_remove(basket=basket, code=code)
        return _basket_response(request, basket)


class BasketQuote(APIView):
    """Price a guest's cart, with its discounts (site offers, and the
    vouchers of `voucher_codes`), without saving anything (no sign-in
    needed). A voucher code that cannot be used is a 400, as for the basket."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        request=QuoteRequestSerializer,
        responses={200: QuoteSerializer, 409: CONFLICT},
        examples=[
            ex.request_example("The guest cart", ex.GUEST_CART),
            ex.request_example("With a voucher code", ex.GUEST_CART_WITH_VOUCHER),
            ex.response_example("Priced", ex.QUOTE),
            ex.response_example("With the voucher", ex.QUOTE_WITH_VOUCHER),
            ex.response_example("A site offer applied by itself", ex.QUOTE_WITH_OFFER),
            ex.QUOTE_VOUCHER_NOT_FOUND,
            ex.QUOTE_VOUCHER_MINIMUM_SPEND,
            ex.CURRENCY_MISMATCH,
        ],
    )
    def post(self, request):
        serializer = QuoteRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lines = [
            (line["product"], line["quantity"])
            for line in serializer.validated_data["lines"]
        ]
        quote = services.basket_quote(
            lines=lines, voucher_codes=serializer.validated_data["voucher_codes"]
        )
        return Response(QuoteSerializer(quote).data)
