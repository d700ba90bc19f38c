"""Outgoing webhooks: the endpoints (add one: its secret is shown once;
delete one) and each endpoint's deliveries with every attempt."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View, generic

from project.core.exceptions import ShopError
from project.webhooks.models import EVENT_TYPES, WebhookEndpoint
from project.webhooks.selectors import endpoint_deliveries
from project.webhooks.services import webhook_endpoint_create, webhook_endpoint_delete


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(max_length=2000, label=_("URL"), assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=[(event, event) for event in EVENT_TYPES],
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(max_length=255, required=False)


class WebhookListView(generic.ListView):
    """GET: the endpoints with their last deliveries' outcome. POST: add one
    (needs the right to add endpoints); its signing secret is shown once."""

    template_name = "oscar/dashboard/webhooks/endpoint_list.html"
    context_object_name = "endpoints"
    paginate_by = 50

    def get_queryset(self):
        return WebhookEndpoint.objects.order_by("-created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", WebhookEndpointForm())
        ctx["can_add"] = self.request.user.has_perm("webhooks.add_webhookendpoint")
        ctx["new_secret"] = self.request.session.pop("webhook_secret", None)
        return ctx

    def post(self, request):
        if not request.user.has_perm("webhooks.add_webhookendpoint"):
            raise PermissionDenied
        form = WebhookEndpointForm(request.POST)
        if form.is_valid():
            try:
                endpoint = webhook_endpoint_create(by=request.user, **form.cleaned_data)
            except ShopError as error:
                form.add_error(error.field or None, error.message)
            else:
                # Shown on the next page only, then forgotten.
                request.session["webhook_secret"] = {
                    "url": endpoint.url,
                    "secret": endpoint.secret,
                }
                return redirect("dashboard:webhook-list")
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))


class WebhookDeleteView(View):
    def post(self, request, pk):
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        webhook_endpoint_delete(endpoint=endpoint)
        messages.success(request, _("Webhook endpoint deleted."))
        return redirect("dashboard:webhook-list")


class WebhookDeliveriesView(generic.ListView):
    """An endpoint's deliveries, newest first, with each attempt's outcome."""

    template_name = "oscar/dashboard/webhooks/delivery_list.html"
    context_object_name = "deliveries"
    paginate_by = 50

    def get_queryset(self):
        self.endpoint = get_object_or_404(WebhookEndpoint, pk=self.kwargs["pk"])
        return endpoint_deliveries(endpoint=self.endpoint)

    def get_context_data(self, **kwargs):
        return super().get_context_data(endpoint=self.endpoint, **kwargs)
