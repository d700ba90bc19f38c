"""The dashboard's product table, showing price, currency and stock (from
the stock records Oscar's list already prefetches)."""

from django.utils.translation import gettext_lazy as _
from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue.tables import ProductTable as OscarProductTable


class ProductTable(OscarProductTable):
    price = TemplateColumn(
        verbose_name=_("Price"),
        template_name="oscar/dashboard/catalogue/product_row_price.html",
        orderable=False,
    )
    stock = TemplateColumn(
        verbose_name=_("Stock (available)"),
        template_name="oscar/dashboard/catalogue/product_row_stock.html",
        orderable=False,
    )

    class Meta(OscarProductTable.Meta):
        sequence = (
            "checkbox",
            "title",
            "upc",
            "image",
            "product_class",
            "variants",
            "price",
            "stock",
            "stock_records",
            "...",
            "is_public",
            "date_updated",
            "actions",
        )
