import oscar.apps.dashboard.users.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class UsersDashboardConfig(apps.UsersDashboardConfig):
    name = "forked_apps.dashboard.users"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        manage = DashboardPermission.get("accounts", "view_user", "change_user")
        self.permissions_map.update({"user-roles": manage, "user-active": manage})

    def ready(self):
        super().ready()
        self.user_roles_view = get_class("dashboard.users.views", "UserRolesView")
        self.user_active_view = get_class("dashboard.users.views", "UserActiveView")

    def get_urls(self):
        ours = [
            path("<int:pk>/roles/", self.user_roles_view.as_view(), name="user-roles"),
            path(
                "<int:pk>/active/", self.user_active_view.as_view(), name="user-active"
            ),
        ]
        return self.post_process_urls(ours) + super().get_urls()
