"""oscarapi's checkout-module views, changed to our contract: the address
book, checkout and the customer's orders (docs/api.md "Orders")."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from oscar.core.loading import get_model
from oscarapi.views import checkout as oscarapi_checkout
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from forked_apps.address.services import address_delete, address_save
from forked_apps.order.selectors import orders_for_display
from forked_apps.order.services import order_place
from project.api import examples as ex
from project.api.idempotency import idempotent
from project.api.openapi import CONFLICT, IDEMPOTENCY_KEY_PARAMETER
from project.api.serializers.checkout import UserAddress, UserAddressSerializer
from project.api.serializers.order import CheckoutSerializer, OrderSerializer
from project.workflows.orders import order_cancel_and_refund

Order = get_model("order", "Order")


@extend_schema_view(
    get=extend_schema(examples=[ex.response_example("Address book", ex.ADDRESS)]),
    post=extend_schema(
        responses={201: UserAddressSerializer, 409: CONFLICT},
        examples=[
            ex.request_example("New address", ex.ADDRESS_FIELDS),
            ex.response_example("Saved", ex.ADDRESS, 201),
            ex.DUPLICATE_ADDRESS,
        ],
    ),
)
class UserAddressList(oscarapi_checkout.UserAddressList):
    """The signed-in user's address book (docs/api.md "Auth and accounts")."""

    serializer_class = UserAddressSerializer
    permission_classes = [permissions.IsAuthenticated]

    queryset = UserAddress.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return UserAddress.objects.filter(user=self.request.user).select_related(
            "country"
        )

    def perform_create(self, serializer):
        serializer.instance = address_save(
            address=UserAddress(user=self.request.user, **serializer.validated_data)
        )


@extend_schema_view(
    get=extend_schema(examples=[ex.response_example("Address", ex.ADDRESS)]),
    patch=extend_schema(
        responses={200: UserAddressSerializer, 409: CONFLICT},
        examples=[
            ex.request_example(
                "Default for shipping", {"is_default_for_shipping": True}
            ),
            ex.response_example(
                "Saved", {**ex.ADDRESS, "is_default_for_shipping": True}
            ),
        ],
    ),
    delete=extend_schema(examples=[ex.NOT_FOUND]),
)
class UserAddressDetail(oscarapi_checkout.UserAddressDetail):
    """One of the signed-in user's addresses by its UUID; anyone else's is a 404."""

    serializer_class = UserAddressSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    queryset = UserAddress.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return UserAddress.objects.filter(user=self.request.user).select_related(
            "country"
        )

    def perform_update(self, serializer):
        for name, value in serializer.validated_data.items():
            setattr(serializer.instance, name, value)
        address_save(address=serializer.instance)

    def perform_destroy(self, instance):
        address_delete(address=instance)


def _orders_of(user):
    return orders_for_display().filter(user=user)


def _order_data(order, user) -> dict:
    return OrderSerializer(_orders_of(user).get(pk=order.pk)).data


@extend_schema_view(
    post=extend_schema(
        request=CheckoutSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: OrderSerializer, 409: CONFLICT},
        examples=[
            ex.request_example(
                "Ship to an address", {"shipping_address": ex.ADDRESS_FIELDS}
            ),
            ex.request_example(
                "Ship to a saved address", {"shipping_address_id": ex.ADDRESS_ID}
            ),
            ex.response_example("Placed", ex.ORDER, 201),
            ex.response_example("Placed with a voucher", ex.ORDER_WITH_VOUCHER, 201),
            ex.EMPTY_BASKET,
            ex.INSUFFICIENT_STOCK,
            ex.VOUCHER_UNAVAILABLE_AT_CHECKOUT,
            ex.IDEMPOTENCY_KEY_REUSED,
        ],
    ),
    get=extend_schema(examples=[ex.response_example("My orders", ex.ORDER_SHIPPED)]),
)
class OrderList(oscarapi_checkout.OrderList):
    """GET: the user's own orders, newest first. POST: check out the basket
    (see order_place); `Idempotency-Key` makes a retry safe."""

    serializer_class = OrderSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = Order.objects.none()

    def get_queryset(self):
        return _orders_of(self.request.user)

    @idempotent
    def post(self, request):
        serializer = CheckoutSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = order_place(
            user=request.user,
            shipping_address=data["shipping_address"],
            shipping_method_code=data.get("shipping_method"),
        )
        return Response(
            _order_data(order, request.user), status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Order", ex.ORDER_SHIPPED), ex.NOT_FOUND]
    )
)
class OrderDetail(oscarapi_checkout.OrderDetail):
    """One of the user's orders; anyone else's is a 404."""

    serializer_class = OrderSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    queryset = Order.objects.none()

    def get_queryset(self):
        return _orders_of(self.request.user)


class OrderCancel(APIView):
    """The owner cancels a pending or paid order: stock returned, a paid
    order refunded. 409 in any other status."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: OrderSerializer, 409: CONFLICT},
        examples=[
            ex.response_example("Cancelled", {**ex.ORDER, "status": "cancelled"}),
            ex.ILLEGAL_TRANSITION,
        ],
    )
    def post(self, request, id):
        order = get_object_or_404(Order.objects.filter(user=request.user), uuid=id)
        order_cancel_and_refund(order=order, by=request.user)
        return Response(_order_data(order, request.user))
