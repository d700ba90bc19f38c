"""Staff endpoints for orders and payments (docs/api.md "Orders", "Payments")."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from oscar.core.loading import get_model
from oscarapi.views.admin import order as oscarapi_admin_order
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from forked_apps.order.selectors import orders_for_display
from project.api import examples as ex
from project.api.openapi import CONFLICT
from project.api.permissions import StaffOnly
from project.api.serializers.order import (
    AdminOrderSerializer,
    OrderStatusUpdateSerializer,
)
from project.api.serializers.payments import (
    PaymentRefundSerializer,
    PaymentSerializer,
)
from project.payments.models import Payment
from project.workflows.orders import order_set_status, payment_refund

Order = get_model("order", "Order")


class AdminOrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[(status, status) for status in Order.all_statuses()]
    )

    class Meta:
        model = Order
        fields = ["status"]


@extend_schema_view(
    get=extend_schema(examples=[ex.response_example("Orders", ex.ADMIN_ORDER)])
)
class OrderAdminList(oscarapi_admin_order.OrderAdminList):
    """Staff: every order, newest first, filtered by `status`."""

    serializer_class = AdminOrderSerializer
    permission_classes = [StaffOnly]
    staff_model = "order.order"
    filterset_class = AdminOrderFilter
    queryset = Order.objects.none()

    def get_queryset(self):
        return orders_for_display()


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Order", ex.ADMIN_ORDER), ex.NOT_FOUND]
    )
)
class OrderAdminDetail(oscarapi_admin_order.OrderAdminDetail):
    """Staff: one order; PATCH moves its status (allowed moves only, 409
    otherwise; shipping needs a tracking number) or sets the tracking number."""

    serializer_class = AdminOrderSerializer
    permission_classes = [StaffOnly]
    staff_model = "order.order"
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "patch", "options"]
    queryset = Order.objects.none()

    def get_queryset(self):
        return orders_for_display()

    @extend_schema(
        request=OrderStatusUpdateSerializer,
        responses={200: AdminOrderSerializer, 409: CONFLICT},
        examples=[
            ex.request_example(
                "Ship", {"status": "shipped", "tracking_number": "1Z999AA10123456784"}
            ),
            ex.response_example("Shipped", ex.ADMIN_ORDER),
            ex.TRACKING_NUMBER_REQUIRED,
            ex.ILLEGAL_TRANSITION,
        ],
    )
    def patch(self, request, id):
        order = self.get_object()
        serializer = OrderStatusUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order_set_status(order=order, by=request.user, **serializer.validated_data)
        return Response(
            AdminOrderSerializer(orders_for_display().get(pk=order.pk)).data
        )


class PaymentAdminRefund(APIView):
    """Staff: refund a succeeded payment in full (status `refunded`); an
    unshipped order is cancelled with it. 409 for any other payment; a
    partial `amount` is a 400."""

    permission_classes = [StaffOnly]
    staff_model = "payments.payment"
    staff_action = "change"

    @extend_schema(
        request=PaymentRefundSerializer,
        responses={200: PaymentSerializer, 409: CONFLICT},
        examples=[
            ex.request_example("Refund in full", {}),
            ex.response_example("Refunded", ex.PAYMENT_REFUNDED),
            ex.PARTIAL_REFUND,
            ex.NOT_REFUNDABLE,
        ],
    )
    def post(self, request, id):
        payment = get_object_or_404(Payment.objects.select_related("order"), id=id)
        serializer = PaymentRefundSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payment = payment_refund(
            payment=payment,
            by=request.user,
            amount=serializer.validated_data.get("amount"),
        )
        return Response(PaymentSerializer(payment).data, status=status.HTTP_200_OK)
