import oscar.apps.dashboard.catalogue.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    name = "forked_apps.dashboard.catalogue"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        self.permissions_map.update(
            {
                "catalogue-stock-export": DashboardPermission.get(
                    "catalogue", "view_product"
                ),
                "catalogue-stock-import": DashboardPermission.get(
                    "catalogue", "view_product"
                )
                + DashboardPermission.get("partner", "change_stockrecord"),
            }
        )

    def ready(self):
        super().ready()
        self.stock_export_view = get_class(
            "dashboard.catalogue.views", "StockExportView"
        )
        self.stock_import_view = get_class(
            "dashboard.catalogue.views", "StockImportView"
        )

    def get_urls(self):
        ours = [
            path(
                "stock/export/",
                self.stock_export_view.as_view(),
                name="catalogue-stock-export",
            ),
            path(
                "stock/import/",
                self.stock_import_view.as_view(),
                name="catalogue-stock-import",
            ),
        ]
        return super().get_urls() + self.post_process_urls(ours)
