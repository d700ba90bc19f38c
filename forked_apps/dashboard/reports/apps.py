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

    def ready(self):
        super().ready()
        self.classic_view = get_class("dashboard.reports.views", "ClassicReportsView")

    def get_urls(self):
        ours = [path("classic/", self.classic_view.as_view(), name="reports-classic")]
        return super().get_urls() + self.post_process_urls(ours)
