"""Forms of our bulk actions and of the stock and price CSV import."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue.forms import ProductBulkActionForm
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")


class SetProductStockForm(ProductBulkActionForm):
    stock = forms.IntegerField(
        min_value=0,
        max_value=2_147_483_647,
        label=_("Stock"),
        help_text=_("Units in the warehouse, for every selected product."),
    )


class MoveProductsCategoryForm(ProductBulkActionForm):
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("path"),
        label=_("Category"),
        help_text=_("The selected products leave their categories for this one."),
    )


class StockImportForm(forms.Form):
    csv_file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: slug, price, currency, stock (as the export gives them). "
            "Empty cells leave the value unchanged."
        ),
    )
