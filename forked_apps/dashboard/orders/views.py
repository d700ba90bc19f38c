"""Oscar's order dashboard, acting through the workflows the API uses:
status moves along the pipeline only (with the tracking-number rule),
cancellation returns stock and refunds, a paid order can be refunded, and
payments are reconciled with their providers."""

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.apps.order.processing import EventHandler as OscarEventHandler

from project.core.exceptions import ShopError
from project.core.spreadsheets import csv_safe
from project.payments.models import Payment
from project.workflows.orders import order_set_status, payment_refund
from project.workflows.reconciliation import reconcile


class EventHandler(OscarEventHandler):
    """Oscar's order event handler, moving statuses through the same
    workflow as the API (pipeline, tracking number, stock, refunds, history
    with who)."""

    def handle_order_status_change(
        self, order, new_status, note_msg=None, tracking_number=None
    ):
        order_set_status(
            order=order,
            status=new_status,
            by=self.user,
            tracking_number=tracking_number,
        )
        if note_msg:
            self.create_note(order, note_msg)


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class OrderListView(oscar_views.OrderListView):
    handler_class = EventHandler

    def get_row_values(self, order):
        # Oscar's CSV export: customer-typed text (names, emails) made inert
        # for spreadsheets.
        return {
            column: csv_safe(value)
            for column, value in super().get_row_values(order).items()
        }

    def change_order_status(self, request, order):
        _require(request, "order.change_order")
        new_status = request.POST.get("new_status", "").strip()
        try:
            self.get_handler(user=request.user).handle_order_status_change(
                order, new_status
            )
        except ShopError as exc:
            messages.error(
                request,
                _("Order %(number)s: %(error)s")
                % {"number": order.number, "error": exc.message},
            )
        else:
            messages.info(
                request,
                _("Order %(number)s is now %(status)s.")
                % {"number": order.number, "status": new_status},
            )


class OrderDetailView(oscar_views.OrderDetailView):
    handler_class = EventHandler
    # Payments are recorded by the payments app, not typed in by hand.
    order_actions = (
        "save_note",
        "delete_note",
        "change_order_status",
        "refund_payment",
    )
    # Oscar's line-level shipping and payment events would move stock behind
    # the order's back: statuses change for the whole order only.
    line_actions = ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        payment = Payment.objects.filter(order=self.object).first()
        ctx["payment"] = payment
        ctx["can_change_status"] = self.request.user.has_perm("order.change_order")
        ctx["can_refund"] = bool(
            payment
            and payment.status == Payment.Status.SUCCEEDED
            and self.request.user.has_perm("payments.change_payment")
        )
        return ctx

    def change_order_status(self, request, order):
        _require(request, "order.change_order")
        form = self.get_order_status_form()
        if not form.is_valid():
            return self.reload_page(error=_("Choose one of the allowed statuses."))
        old_status, new_status = order.status, form.cleaned_data["new_status"]
        note = _("Order status changed from '%(old)s' to '%(new)s'") % {
            "old": old_status,
            "new": new_status,
        }
        try:
            self.get_handler(user=request.user).handle_order_status_change(
                order,
                new_status,
                note_msg=note,
                tracking_number=form.cleaned_data["tracking_number"] or None,
            )
        except ShopError as exc:
            return self.reload_page(error=exc.message)
        messages.info(request, note)
        return self.reload_page()

    def refund_payment(self, request, order):
        _require(request, "payments.change_payment")
        payment = Payment.objects.filter(order=order).first()
        if payment is None:
            return self.reload_page(error=_("This order has no payment."))
        try:
            payment_refund(payment=payment, by=request.user)
        except ShopError as exc:
            return self.reload_page(error=exc.message)
        messages.success(
            request,
            _("Refunded %(amount)s %(currency)s.")
            % {"amount": payment.amount, "currency": payment.currency},
        )
        return self.reload_page()


class PaymentListView(ListView):
    """Every payment with status, provider, amount and reference; filtered by
    status and provider, searchable by reference or order number."""

    template_name = "oscar/dashboard/orders/payment_list.html"
    context_object_name = "payments"
    paginate_by = 50

    def get_queryset(self):
        payments = Payment.objects.select_related("order").order_by("-created_at")
        status = self.request.GET.get("status", "")
        if status in Payment.Status.values:
            payments = payments.filter(status=status)
        provider = self.request.GET.get("provider", "")
        if provider:
            payments = payments.filter(provider=provider)
        query = self.request.GET.get("q", "").strip()
        if query:
            payments = payments.filter(
                Q(transaction_reference__icontains=query) | Q(order__number=query)
            )
        return payments

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = Payment.Status.choices
        ctx["providers"] = sorted(
            Payment.objects.values_list("provider", flat=True).distinct()
        )
        ctx["filters"] = {
            name: self.request.GET.get(name, "") for name in ("status", "provider", "q")
        }
        ctx["can_refund"] = self.request.user.has_perm("payments.change_payment")
        return ctx


class PaymentRefundView(View):
    """POST: refund a succeeded payment through its provider."""

    def post(self, request, pk):
        _require(request, "payments.change_payment")
        payment = get_object_or_404(Payment, pk=pk)
        try:
            payment_refund(payment=payment, by=request.user)
        except ShopError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Refunded payment %(reference)s.")
                % {"reference": payment.transaction_reference},
            )
        return redirect(
            reverse("dashboard:payment-list") + "?" + request.GET.urlencode()
        )


class ReconcileForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"), choices=())
    date_from = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    MAX_DAYS = 92

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [
            (name, name) for name in sorted(settings.PAYMENT_PROVIDERS)
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if start and end and (end - start).days >= self.MAX_DAYS:
            raise forms.ValidationError(_("Choose at most three months."))
        return cleaned

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.cleaned_data["date_from"], time.min, tzinfo=tz),
            datetime.combine(
                self.cleaned_data["date_to"] + timedelta(days=1), time.min, tzinfo=tz
            ),
        )


class PaymentReconcileView(View):
    """Our payments against a provider's books for a date range: GET shows
    every mismatch and changes nothing; POST ("Settle the safe ones")
    settles what is safe through the payment services and shows what is
    left for a person."""

    template_name = "oscar/dashboard/orders/payment_reconcile.html"

    def get(self, request):
        today = timezone.localdate()
        form = ReconcileForm(
            request.GET
            or {
                "provider": "sandbox",
                "date_from": today - timedelta(days=7),
                "date_to": today,
            }
        )
        return self.render(request, form, settle=False)

    def post(self, request):
        _require(request, "payments.change_payment")
        return self.render(request, ReconcileForm(request.POST), settle=True)

    def render(self, request, form, settle: bool):
        report = None
        if form.is_valid():
            since, until = form.bounds()
            report = reconcile(
                provider_name=form.cleaned_data["provider"],
                since=since,
                until=until,
                settle=settle,
            )
            if settle:
                messages.info(
                    request,
                    _("%(settled)d mismatches settled, %(left)d left for a person.")
                    % {
                        "settled": len(report.settled),
                        "left": len(report.needs_review),
                    },
                )
        return TemplateResponse(
            request,
            self.template_name,
            {
                "form": form,
                "report": report,
                "can_settle": request.user.has_perm("payments.change_payment"),
            },
        )
