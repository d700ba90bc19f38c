from django.conf import settings
from rest_framework import serializers

from project.payments.models import Payment


class PaymentSerializer(serializers.ModelSerializer):
    order = serializers.UUIDField(source="order.uuid", read_only=True)

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
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PaymentCreateSerializer(serializers.Serializer):
    """Amount and currency are taken from the order: any sent are ignored."""

    order = serializers.UUIDField()
    provider = serializers.ChoiceField(choices=[])
    token = serializers.CharField(max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = sorted(settings.PAYMENT_PROVIDERS)


class WebhookAckSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=["processed", "duplicate", "ignored"])
