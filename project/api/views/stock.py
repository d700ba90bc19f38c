"""Staff endpoint for stock alerts (docs/api.md "Stock alerts")."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from oscar.core.loading import get_model
from rest_framework import generics

from forked_apps.partner.selectors import stock_alerts_open
from project.api import examples as ex
from project.api.permissions import StaffOnly
from project.api.serializers.stock import StockAlertSerializer

StockAlert = get_model("partner", "StockAlert")


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Open alerts", ex.STOCK_ALERT), ex.STAFF_ONLY]
    )
)
class StockAlertAdminList(generics.ListAPIView):
    """Staff: open stock alerts (available stock at or under the product's
    threshold), newest first, with the product's stock as it is now."""

    serializer_class = StockAlertSerializer
    permission_classes = [StaffOnly]
    staff_model = "partner.stockalert"
    queryset = StockAlert.objects.none()

    def get_queryset(self):
        return stock_alerts_open()
