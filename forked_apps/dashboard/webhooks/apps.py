from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig
from oscar.core.loading import get_class


class WebhooksDashboardConfig(OscarDashboardConfig):
    """Outgoing webhooks in the dashboard: endpoints and their deliveries."""

    label = "webhooks_dashboard"
    name = "forked_apps.dashboard.webhooks"
    verbose_name = _("Webhooks dashboard")
    default_permissions = ["is_staff"]

    def configure_permissions(self):
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        view = DashboardPermission.get("webhooks", "view_webhookendpoint")
        self.permissions_map = {
            "webhook-list": view,
            "webhook-deliveries": view,
            "webhook-delete": DashboardPermission.get(
                "webhooks", "view_webhookendpoint", "delete_webhookendpoint"
            ),
        }

    def ready(self):
        self.list_view = get_class("dashboard.webhooks.views", "WebhookListView")
        self.delete_view = get_class("dashboard.webhooks.views", "WebhookDeleteView")
        self.deliveries_view = get_class(
            "dashboard.webhooks.views", "WebhookDeliveriesView"
        )
        self.configure_permissions()

    def get_urls(self):
        urls = [
            path("", self.list_view.as_view(), name="webhook-list"),
            path(
                "<uuid:pk>/deliveries/",
                self.deliveries_view.as_view(),
                name="webhook-deliveries",
            ),
            path(
                "<uuid:pk>/delete/", self.delete_view.as_view(), name="webhook-delete"
            ),
        ]
        return self.post_process_urls(urls)
