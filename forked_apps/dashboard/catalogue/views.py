"""Oscar's catalogue dashboard views, with soft delete (list, delete,
restore) and the stock and price CSV export and import."""

import secrets

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from oscar.apps.dashboard.catalogue import views as oscar_views

from forked_apps.catalogue.services import product_soft_delete
from forked_apps.catalogue.stock_csv import (
    StockFileError,
    parse_rows,
    rows_from_dicts,
    stock_csv_export,
    stock_import_apply,
)
from forked_apps.dashboard.catalogue.forms import StockImportForm
from project.core.exceptions import ShopError

SESSION_KEY = "stock_import"


class ProductListView(oscar_views.ProductListView):
    """Current products by default; `?deleted=1` lists the soft-deleted ones
    (to restore them with the bulk action)."""

    template_name = "oscar/dashboard/catalogue/product_list.html"

    @property
    def showing_deleted(self) -> bool:
        return self.request.GET.get("deleted") == "1"

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(deleted_at__isnull=not self.showing_deleted)

    def get_actions(self):
        actions = super().get_actions()
        hidden = (
            {"soft_delete_products"} if self.showing_deleted else {"restore_products"}
        )
        return {name: action for name, action in actions.items() if name not in hidden}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["showing_deleted"] = self.showing_deleted
        return ctx


class StockAlertListView(oscar_views.StockAlertListView):
    """Oscar's list of stock alerts (filter ?status=Open or Closed), each
    row's product and partner joined in (no query per row). The inventory
    opens and closes alerts (forked_apps/partner/services.py)."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("stockrecord__product", "stockrecord__partner")
        )


class ProductCreateUpdateView(oscar_views.ProductCreateUpdateView):
    """Oscar's product form, saved all or nothing: when the inventory refuses
    a stock change at save time (an order took units since the form was
    checked), nothing is saved and the form shows why."""

    def forms_valid(self, form, formsets):
        try:
            with transaction.atomic():
                return super().forms_valid(form, formsets)
        except ShopError as exc:
            messages.error(self.request, exc.message)
            return self.forms_invalid(form, formsets)


class ProductDeleteView(oscar_views.ProductDeleteView):
    """Soft delete: the product leaves the shop, its row stays for the orders
    that reference it, and staff can restore it."""

    def delete(self, request, *args, **kwargs):
        self.object = self.get_object()
        product_soft_delete(product=self.object)
        messages.success(
            request,
            _("Deleted '%s'. It can be restored from the deleted products.")
            % self.object.get_title(),
        )
        return HttpResponseRedirect(reverse("dashboard:catalogue-product-list"))


class StockExportView(View):
    """Every product's price and stock as CSV."""

    def get(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="stock-{timezone.now():%Y%m%d-%H%M}.csv"'
        )
        stock_csv_export(response)
        return response


class StockImportView(View):
    """Upload a CSV, preview every row with its errors, then apply the whole
    file in one transaction (or nothing, if any row is wrong)."""

    template_name = "oscar/dashboard/catalogue/stock_import.html"

    def get(self, request):
        return self.render(request, StockImportForm())

    def render(self, request, form, rows=None, token=None, file_error=None):
        context = {
            "form": form,
            "rows": rows,
            "token": token,
            "file_error": file_error,
            "has_errors": bool(rows and any(row.errors for row in rows)),
        }
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
        if "apply" in request.POST:
            return self.apply(request)
        form = StockImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form)
        upload = form.cleaned_data["csv_file"]
        if upload.size > 2 * 1024 * 1024:
            return self.render(
                request, form, file_error=_("The file is larger than 2 MB.")
            )
        try:
            rows = parse_rows(upload.read())
        except StockFileError as exc:
            return self.render(request, form, file_error=str(exc))
        if not rows:
            return self.render(request, form, file_error=_("The file has no rows."))
        token = None
        if not any(row.errors for row in rows):
            token = secrets.token_urlsafe(12)
            request.session[SESSION_KEY] = {
                "token": token,
                "rows": [row.as_dict() for row in rows],
            }
        return self.render(request, form, rows=rows, token=token)

    def apply(self, request):
        pending = request.session.pop(SESSION_KEY, None)
        if not pending or pending["token"] != request.POST.get("token"):
            messages.warning(request, _("No import to apply. Upload the file again."))
            return redirect("dashboard:catalogue-stock-import")
        try:
            count = stock_import_apply(rows_from_dicts(pending["rows"]))
        except ShopError as exc:
            messages.error(
                request, _("Nothing was imported: %(error)s") % {"error": exc.message}
            )
            return redirect("dashboard:catalogue-stock-import")
        messages.success(request, _("Imported %(count)d rows.") % {"count": count})
        return redirect("dashboard:catalogue-product-list")
