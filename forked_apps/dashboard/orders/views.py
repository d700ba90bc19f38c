"""Oscar's order dashboard, acting through our order and payment services:
status moves along the pipeline only (with the tracking-number rule),
cancellation returns stock and refunds, and a paid order can be refunded."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.apps.dashboard.orders.views import *  # noqa: F403  (Oscar loads every view from here)

from project.core.exceptions import ShopError
from project.core.spreadsheets import csv_safe
from project.payments.models import Payment
from project.payments.services import payment_refund_by_staff


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class OrderListView(oscar_views.OrderListView):
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
            payment_refund_by_staff(payment=payment, by=request.user)
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
            payment_refund_by_staff(payment=payment, by=request.user)
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
