"""Staff endpoint for stock alerts (docs/api.md "Stock alerts")."""

from oscar.core.loading import get_model
from rest_framework import generics

from forked_apps.partner.selectors import stock_alerts_open
from project.api.permissions import StaffOnly
from project.api.serializers.stock import StockAlertSerializer

StockAlert = get_model("partner", "StockAlert")


class StockAlertAdminList(generics.ListAPIView):
    """Staff: open stock alerts (available stock at or under the product's
    threshold), newest first, with the product's stock as it is now."""

    serializer_class = StockAlertSerializer
    permission_classes = [StaffOnly]
    staff_model = "partner.stockalert"
    queryset = StockAlert.objects.none()

    def get_queryset(self):
        return stock_alerts_open()
