from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _


class UserRolesForm(forms.Form):
    is_staff = forms.BooleanField(
        label=_("Dashboard access"),
        required=False,
        help_text=_("Staff can log in to the dashboard."),
    )
    roles = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Roles"),
        help_text=_("A staff user without any role has every permission."),
    )
