"""The reports page: the shop's KPIs over a period, as tables, charts and
CSV downloads. Oscar's own report generators stay at reports/classic/."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from oscar.apps.dashboard.reports import views as oscar_views

from forked_apps.dashboard.reports import selectors
from forked_apps.dashboard.reports.selectors import Period
from project.core.observability import response_times
from project.core.spreadsheets import csv_writer

ClassicReportsView = oscar_views.IndexView

DEFAULT_DAYS = 30
MAX_DAYS = 366


EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _date_field(label):
    return forms.DateField(
        required=False,
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[MinValueValidator(EARLIEST), MaxValueValidator(LATEST)],
    )


class PeriodForm(forms.Form):
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if start and end and (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose at most a year."))
        return cleaned

    def period(self) -> Period:
        default = Period.last_days(DEFAULT_DAYS)
        if not self.is_valid():
            return default
        end = self.cleaned_data.get("date_to") or default.end
        start = self.cleaned_data.get("date_from") or date.fromordinal(
            end.toordinal() - DEFAULT_DAYS + 1
        )
        return Period(start, end)


def _csv_rows(name: str, period: Period) -> tuple[list[str], list[list]]:
    if name == "orders_by_day":
        return ["day", "orders", "revenue"], [
            [r["day"], r["orders"], r["revenue"]]
            for r in selectors.orders_by_day(period)
        ]
    if name == "top_products":
        return ["product_slug", "product_name", "units", "revenue"], [
            [r["product_slug"], r["title"], r["units"], r["revenue"]]
            for r in selectors.top_products(period, limit=100)
        ]
    if name == "low_stock":
        return [
            "product_slug",
            "product_name",
            "stock",
            "allocated",
            "available",
            "threshold",
        ], [
            [
                r["product__slug"],
                r["product__title"],
                r["num_in_stock"],
                r["num_allocated"],
                r["available"],
                r["threshold"],
            ]
            for r in selectors.low_stock(limit=1000)
        ]
    if name == "payments_by_day":
        return ["day", "provider", "status", "currency", "payments", "amount"], [
            [
                r["day"],
                r["provider"],
                r["status"],
                r["currency"],
                r["payments"],
                r["amount"],
            ]
            for r in selectors.payments_by_day(period)
        ]
    if name == "kpis":
        data = selectors.kpis(period)
        return ["kpi", "value", "numerator", "denominator"], [
            ["orders", data["orders_total"], "", ""],
            ["revenue", data["revenue_total"], "", ""],
            [
                "payment_success_rate_percent",
                data["payments"]["rate"],
                data["payments"]["succeeded"],
                data["payments"]["succeeded"] + data["payments"]["failed"],
            ],
            [
                "cart_to_order_conversion_percent",
                data["conversion"]["rate"],
                data["conversion"]["ordered"],
                data["conversion"]["baskets"],
            ],
            [
                "order_completion_rate_percent",
                data["completion"]["rate"],
                data["completion"]["delivered"],
                data["completion"]["placed"],
            ],
        ]
    raise KeyError(name)


REPORTS = ["kpis", "orders_by_day", "top_products", "low_stock", "payments_by_day"]


class IndexView(View):
    template_name = "oscar/dashboard/reports/kpis.html"

    def get(self, request):
        form = PeriodForm(request.GET or None)
        period = form.period()
        download = request.GET.get("download")
        if download in REPORTS:
            return self.csv_response(download, period)
        context = {
            "form": form,
            "kpis": selectors.kpis(period),
            "top_products": selectors.top_products(period),
            "low_stock": selectors.low_stock(),
            "payments_by_day": selectors.payments_by_day(period),
            "reports": REPORTS,
            "query": request.GET.urlencode(),
            # The API response-time KPI: the last hour and day, whatever the period.
            "response_times": response_times.summary(),
        }
        context["chart_data"] = chart_data(context["kpis"])
        return TemplateResponse(request, self.template_name, context)

    def csv_response(self, name: str, period: Period) -> HttpResponse:
        header, rows = _csv_rows(name, period)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{period.start}-{period.end}.csv"'
        )
        writer = csv_writer(response)
        writer.writerow(header)
        writer.writerows(rows)
        return response


class ReorderReportView(View):
    """Products at or under their low-stock threshold, their last 30 days'
    sales and a suggested reorder quantity (selectors.reorder_report);
    `?download=csv` for the same rows as CSV."""

    template_name = "oscar/dashboard/reports/reorder.html"
    header = [
        "product_slug",
        "product_name",
        "sku",
        "available",
        "threshold",
        f"sold_last_{selectors.REORDER_SALES_DAYS}_days",
        "suggested_reorder",
        "alert_opened_at",
    ]

    def get(self, request):
        rows = selectors.reorder_report()
        if request.GET.get("download") == "csv":
            return self.csv_response(rows)
        return TemplateResponse(
            request,
            self.template_name,
            {"rows": rows, "days": selectors.REORDER_SALES_DAYS},
        )

    def csv_response(self, rows: list[dict]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="reorder-{timezone.localdate()}.csv"'
        )
        writer = csv_writer(response)
        writer.writerow(self.header)
        writer.writerows(
            [
                row["product__slug"],
                row["product__title"],
                row["partner_sku"],
                row["available"],
                row["threshold"],
                row["sold"],
                row["suggested"],
                row["alert_opened_at"].isoformat() if row["alert_opened_at"] else "",
            ]
            for row in rows
        )
        return response


def chart_data(kpis: dict) -> dict:
    """What the charts (Chart.js, served from our static files) draw."""
    return {
        "days": [row["day"].isoformat() for row in kpis["orders_by_day"]],
        "orders": [row["orders"] for row in kpis["orders_by_day"]],
        "revenue": [float(row["revenue"]) for row in kpis["orders_by_day"]],
        "rates": {
            "Payment success": float(kpis["payments"]["rate"] or 0),
            "Cart to order": float(kpis["conversion"]["rate"] or 0),
            "Order completion": float(kpis["completion"]["rate"] or 0),
        },
    }
