from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders.forms import OrderStatusForm as OscarOrderStatusForm


class OrderStatusForm(OscarOrderStatusForm):
    """Oscar's, with the tracking number that shipping needs."""

    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=128,
        required=False,
        help_text=_("Required to move the order to 'shipped'."),
    )

    def __init__(self, order, *args, **kwargs):
        super().__init__(order, *args, **kwargs)
        self.fields["tracking_number"].initial = order.tracking_number
