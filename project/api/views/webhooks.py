"""Staff: outgoing webhook endpoints and their deliveries (docs/api.md
"Webhooks")."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from project.api import examples as ex
from project.api.permissions import StaffOnly
from project.api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSerializer,
)
from project.webhooks.models import WebhookEndpoint
from project.webhooks.selectors import endpoint_deliveries
from project.webhooks.services import webhook_endpoint_create, webhook_endpoint_delete


@extend_schema_view(
    get=extend_schema(examples=[ex.response_example("Endpoints", ex.WEBHOOK_ENDPOINT)])
)
class WebhookEndpointList(generics.ListAPIView):
    """GET: every endpoint, newest first (secrets are never shown again).
    POST `{url, events, description}`: 201 with the signing `secret`, shown
    this once. A URL on a loopback, private or reserved network is a 400
    (`unsafe_url`)."""

    serializer_class = WebhookEndpointSerializer
    permission_classes = [StaffOnly]
    staff_model = "webhooks.webhookendpoint"
    queryset = WebhookEndpoint.objects.order_by("-created_at")

    @extend_schema(
        request=WebhookEndpointCreateSerializer,
        responses={201: WebhookEndpointCreatedSerializer},
        examples=[
            ex.request_example(
                "ERP",
                {
                    "url": "https://erp.example.com/shop-events",
                    "events": ["order.paid", "order.cancelled", "payment.refunded"],
                    "description": "ERP: invoices and credit notes",
                },
            ),
            ex.response_example(
                "Created (the secret is shown this once)",
                ex.WEBHOOK_ENDPOINT_CREATED,
                201,
            ),
            ex.UNSAFE_URL,
            ex.UNKNOWN_EVENT_TYPE,
        ],
    )
    def post(self, request):
        serializer = WebhookEndpointCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = webhook_endpoint_create(by=request.user, **serializer.validated_data)
        return Response(
            WebhookEndpointCreatedSerializer(endpoint).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    get=extend_schema(
        examples=[
            ex.response_example("Endpoint", ex.WEBHOOK_ENDPOINT),
            ex.NOT_FOUND,
        ]
    ),
    delete=extend_schema(examples=[ex.NOT_FOUND]),
)
class WebhookEndpointDetail(generics.RetrieveDestroyAPIView):
    """GET one endpoint; DELETE it (204), with its deliveries."""

    serializer_class = WebhookEndpointSerializer
    permission_classes = [StaffOnly]
    staff_model = "webhooks.webhookendpoint"
    queryset = WebhookEndpoint.objects.all()
    lookup_url_kwarg = "id"

    def perform_destroy(self, instance):
        webhook_endpoint_delete(endpoint=instance)


@extend_schema_view(
    get=extend_schema(
        examples=[
            ex.response_example("Delivered at the second attempt", ex.WEBHOOK_DELIVERY),
            ex.NOT_FOUND,
        ]
    )
)
class WebhookDeliveryList(generics.ListAPIView):
    """The endpoint's deliveries, newest first, each with every attempt's
    outcome (HTTP status, or the error)."""

    serializer_class = WebhookDeliverySerializer
    permission_classes = [StaffOnly]
    staff_model = "webhooks.webhookendpoint"
    staff_action = "view"
    queryset = WebhookEndpoint.objects.none()

    def get_queryset(self):
        endpoint = get_object_or_404(WebhookEndpoint, id=self.kwargs["id"])
        return endpoint_deliveries(endpoint=endpoint)
