import oscar.apps.dashboard.apps as apps
from django.apps import apps as django_apps
from django.urls import include, path


class DashboardConfig(apps.DashboardConfig):
    name = "forked_apps.dashboard"

    def ready(self):
        super().ready()
        self.webhooks_app = django_apps.get_app_config("webhooks_dashboard")

    def get_urls(self):
        return super().get_urls() + self.post_process_urls(
            [path("webhooks/", include(self.webhooks_app.urls[0]))]
        )
