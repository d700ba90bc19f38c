"""Staff: outgoing webhook endpoints and their deliveries (docs/api.md
"Webhooks")."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

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
    )
    def post(self, request):
        serializer = WebhookEndpointCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = webhook_endpoint_create(by=request.user, **serializer.validated_data)
        return Response(
            WebhookEndpointCreatedSerializer(endpoint).data,
            status=status.HTTP_201_CREATED,
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
