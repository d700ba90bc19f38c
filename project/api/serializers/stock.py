"""Stock alert serializers (docs/api.md "Stock alerts")."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forked_apps.partner.selectors import available_quantity


class AlertProductSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.CharField()
    name = serializers.CharField()


class StockAlertSerializer(serializers.Serializer):
    """An open alert (querysets from stock_alerts_open()), with the product's
    stock as it is now."""

    id = serializers.UUIDField(source="uuid")
    product = serializers.SerializerMethodField()
    available = serializers.SerializerMethodField()
    threshold = serializers.SerializerMethodField()
    opened_at = serializers.DateTimeField(source="date_created")

    @extend_schema_field(AlertProductSerializer)
    def get_product(self, alert):
        product = alert.stockrecord.product
        return {"id": str(product.uuid), "slug": product.slug, "name": product.title}

    def get_available(self, alert) -> int:
        return available_quantity(alert.stockrecord)

    def get_threshold(self, alert) -> int:
        threshold = alert.stockrecord.low_stock_threshold
        return alert.threshold if threshold is None else threshold
