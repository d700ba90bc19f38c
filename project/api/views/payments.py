"""Payments (docs/api.md "Payments"): pay an order, read a payment, and the
providers' signed webhooks."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_model
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from project.accounts.permissions import staff_can
from project.api import examples as ex
from project.api.idempotency import idempotent
from project.api.openapi import CONFLICT, IDEMPOTENCY_KEY_PARAMETER
from project.api.parsers import BoundedRawBodyParser
from project.api.serializers.payments import (
    PaymentCreateSerializer,
    PaymentSerializer,
    WebhookAckSerializer,
)
from project.payments.models import Payment
from project.payments.providers.base import InvalidSignature
from project.workflows.payments import order_pay, webhook_receive

Order = get_model("order", "Order")


class PaymentList(APIView):
    """The order's owner pays it with a provider's token. The amount and
    currency come from the order. The provider is called outside any
    transaction, so the Idempotency-Key is claimed first: a concurrent
    retry with the same key is a 409 until the first answer is stored."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=PaymentCreateSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: PaymentSerializer, 409: CONFLICT},
        examples=[
            ex.request_example(
                "Sandbox",
                {"order": ex.ORDER_ID, "provider": "sandbox", "token": "tok_success"},
            ),
            ex.response_example("Succeeded", ex.PAYMENT, 201),
            ex.response_example("Declined", ex.PAYMENT_DECLINED, 201),
            ex.response_example(
                "Stripe: confirm with client_secret", ex.PAYMENT_STRIPE_PENDING, 201
            ),
            ex.INVALID_PAYMENT_TOKEN,
            ex.PAYMENT_EXISTS,
            ex.IDEMPOTENCY_IN_PROGRESS,
        ],
    )
    @idempotent(atomic=False)
    def post(self, request):
        serializer = PaymentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = get_object_or_404(
            Order.objects.filter(user=request.user), uuid=data["order"]
        )
        payment = order_pay(
            order=order,
            provider_name=data["provider"],
            token=data["token"],
            by=request.user,
        )
        return Response(
            PaymentSerializer(payment, context={"owner": True}).data,
            status=status.HTTP_201_CREATED,
        )


class PaymentDetail(APIView):
    """One payment: its order's owner or staff; anyone else gets a 404."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses=PaymentSerializer,
        examples=[ex.response_example("Payment", ex.PAYMENT), ex.NOT_FOUND],
    )
    def get(self, request, id):
        payments = Payment.objects.select_related("order").prefetch_related("refunds")
        if not staff_can(request.user, "payments.view_payment"):
            payments = payments.filter(Q(order__user=request.user))
        payment = get_object_or_404(payments, id=id)
        owner = payment.order.user_id == request.user.pk
        return Response(PaymentSerializer(payment, context={"owner": owner}).data)


class PaymentWebhook(APIView):
    """A provider's signed callback (sandbox: Sandbox-Signature; stripe:
    Stripe-Signature). A forged, missing or stale signature is a 400
    (`invalid_signature`) and changes nothing; the same event twice, or one
    we do not act on, answers 200 and changes nothing more."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    parser_classes = [BoundedRawBodyParser]

    @extend_schema(
        request={"application/json": {"type": "object"}},
        responses={200: WebhookAckSerializer},
        examples=[
            ex.request_example(
                "Sandbox event (header Sandbox-Signature: HMAC-SHA256 hex)",
                {
                    "id": "evt_1",
                    "type": "payment.succeeded",
                    "transaction_reference": "sbx_5e58d99e23be4e4fbfd4ab21ee0d79af",
                    "created": 1795797952,
                },
            ),
            ex.response_example("Applied", {"result": "processed"}),
            ex.response_example("Delivered before", {"result": "duplicate"}),
            ex.INVALID_SIGNATURE,
        ],
    )
    def post(self, request, provider):
        try:
            result = webhook_receive(
                provider_name=provider,
                body=request.data or b"",
                headers=request.headers,
            )
        except InvalidSignature as exc:
            raise ValidationError(
                [f"Invalid webhook signature: {exc}"], code="invalid_signature"
            ) from None
        return Response({"result": result})
