import oscar.apps.dashboard.orders.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    name = "forked_apps.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        self.permissions_map.update(
            {
                "payment-list": DashboardPermission.get("payments", "view_payment"),
                "payment-refund": DashboardPermission.get(
                    "payments", "view_payment", "change_payment"
                ),
                "payment-reconcile": DashboardPermission.get(
                    "payments", "view_payment"
                ),
                # Oscar asks only view_order to rewrite where an order ships.
                "order-shipping-address": DashboardPermission.get(
                    "order", "view_order", "change_order"
                ),
            }
        )

    def ready(self):
        super().ready()
        self.payment_list_view = get_class("dashboard.orders.views", "PaymentListView")
        self.payment_refund_view = get_class(
            "dashboard.orders.views", "PaymentRefundView"
        )
        self.payment_reconcile_view = get_class(
            "dashboard.orders.views", "PaymentReconcileView"
        )

    def get_urls(self):
        ours = [
            path("payments/", self.payment_list_view.as_view(), name="payment-list"),
            path(
                "payments/<uuid:pk>/refund/",
                self.payment_refund_view.as_view(),
                name="payment-refund",
            ),
            path(
                "payments/reconcile/",
                self.payment_reconcile_view.as_view(),
                name="payment-reconcile",
            ),
        ]
        return self.post_process_urls(ours) + super().get_urls()
