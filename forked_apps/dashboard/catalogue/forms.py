"""Forms of our bulk actions and of the stock and price CSV import."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue.forms import ProductBulkActionForm
from oscar.apps.dashboard.catalogue.forms import StockRecordForm as OscarStockRecordForm
from oscar.core.loading import get_model

from forked_apps.partner.services import stock_record_create, stock_record_update

Category = get_model("catalogue", "Category")


class StockRecordForm(OscarStockRecordForm):
    """Oscar's, writing through the inventory; stock below what orders
    already hold is refused as a form error."""

    # What the form may change on an existing record (never the partner,
    # the product or the allocation).
    WRITTEN_FIELDS = (
        "partner_sku",
        "price_currency",
        "price",
        "num_in_stock",
        "low_stock_threshold",
    )

    def clean_num_in_stock(self):
        stock = self.cleaned_data.get("num_in_stock")
        allocated = (self.instance.num_allocated or 0) if self.instance.pk else 0
        if (stock or 0) < allocated:
            raise forms.ValidationError(
                _("Orders hold %(allocated)d units: stock cannot be lower."),
                params={"allocated": allocated},
                code="below_allocated",
            )
        return stock

    def save(self, commit=True):
        """Write the form's fields only, through the inventory (row lock,
        allocation check): never `num_allocated`, which a checkout may have
        changed since this form loaded the row."""
        if not commit:
            return super().save(commit)
        fields = {
            name: self.cleaned_data[name]
            for name in self.WRITTEN_FIELDS
            if name in self.fields
        }
        if self.instance.pk:
            self.instance = stock_record_update(record=self.instance, **fields)
        else:
            self.instance = stock_record_create(
                product=self.instance.product,
                partner=self.cleaned_data["partner"],
                **fields,
            )
        return self.instance


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
