import oscar.apps.dashboard.reviews.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class ReviewsDashboardConfig(apps.ReviewsDashboardConfig):
    name = "forked_apps.dashboard.reviews"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        self.permissions_map["reviews-reports-resolve"] = DashboardPermission.get(
            "reviews", "view_productreview", "change_productreview"
        )

    def ready(self):
        super().ready()
        self.resolve_view = get_class(
            "dashboard.reviews.views", "ReviewReportResolveView"
        )

    def get_urls(self):
        ours = [
            path(
                "<int:pk>/reports/",
                self.resolve_view.as_view(),
                name="reviews-reports-resolve",
            )
        ]
        return self.post_process_urls(ours) + super().get_urls()
