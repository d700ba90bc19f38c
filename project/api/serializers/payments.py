from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from project.payments.models import Payment, Refund


class RefundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Refund
        fields = ["id", "amount", "currency", "status", "reference", "created_at"]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    """`client_secret` is shown to the order's owner while the payment is
    pending with a provider that finishes in the browser (Stripe.js)."""

    order = serializers.UUIDField(source="order.uuid", read_only=True)
    client_secret = serializers.SerializerMethodField()
    refunds = RefundSerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "order",
            "provider",
            "amount",
            "currency",
            "status",
            "transaction_reference",
            "failure_code",
            "client_secret",
            "refunds",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_client_secret(self, payment) -> str | None:
        return payment.client_secret if self.context.get("owner") else None


class PaymentCreateSerializer(serializers.Serializer):
    """Amount and currency are taken from the order: any sent are ignored.
    `token`: the sandbox's tok_success / tok_fail / tok_pending /
    tok_timeout; for Stripe a PaymentMethod id (pm_...), or empty to confirm
    with Stripe.js using the returned client_secret."""

    order = serializers.UUIDField()
    provider = serializers.ChoiceField(choices=[])
    token = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = sorted(settings.PAYMENT_PROVIDERS)


class PaymentRefundSerializer(serializers.Serializer):
    """Refunds are whole: `amount`, if sent, must be the payment's."""

    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, min_value=0
    )


class WebhookAckSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=["processed", "duplicate", "ignored"])
