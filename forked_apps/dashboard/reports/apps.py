import oscar.apps.dashboard.reports.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class ReportsDashboardConfig(apps.ReportsDashboardConfig):
    name = "forked_apps.dashboard.reports"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        # Orders and revenue: for whoever may see orders.
        self.permissions_map["reports-index"] = DashboardPermission.get(
            "order", "view_order"
        )
        self.permissions_map["reports-classic"] = DashboardPermission.get(
            "analytics", "view_userrecord"
        )
        # What to reorder: for whoever manages stock.
        self.permissions_map["reports-reorder"] = DashboardPermission.get(
            "partner", "view_stockrecord"
        )

    def ready(self):
        super().ready()
        self.classic_view = get_class("dashboard.reports.views", "ClassicReportsView")
        self.reorder_view = get_class("dashboard.reports.views", "ReorderReportView")

    def get_urls(self):
        ours = [
            path("classic/", self.classic_view.as_view(), name="reports-classic"),
            path("reorder/", self.reorder_view.as_view(), name="reports-reorder"),
        ]
        return super().get_urls() + self.post_process_urls(ours)
