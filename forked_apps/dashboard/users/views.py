"""Oscar's user dashboard, with the customer's profile, roles and account
activation (which also revokes the user's refresh tokens)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from oscar.apps.dashboard.users import views as oscar_views

from forked_apps.dashboard.users.forms import UserRolesForm
from project.accounts.models import User
from project.accounts.services import user_roles_set, user_set_active

MANAGE_PERMISSION = "accounts.change_user"


class IndexView(oscar_views.IndexView):
    def _change_users_active_status(self, users, value):
        if not self.request.user.has_perm(MANAGE_PERMISSION):
            raise PermissionDenied
        for user in users:
            user_set_active(user=user, active=value)
        messages.info(self.request, _("Users' status successfully changed"))
        return redirect("dashboard:users-index")


class UserDetailView(oscar_views.UserDetailView):
    def get_queryset(self):
        return (
            super().get_queryset().select_related("profile").prefetch_related("groups")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        customer = self.object
        ctx["profile"] = getattr(customer, "profile", None)
        ctx["can_manage"] = self.request.user.has_perm(MANAGE_PERMISSION)
        ctx["roles_form"] = UserRolesForm(
            initial={"is_staff": customer.is_staff, "roles": customer.groups.all()}
        )
        return ctx


class UserRolesView(View):
    """POST: set the user's roles and dashboard access."""

    def post(self, request, pk):
        customer = get_object_or_404(User, pk=pk)
        form = UserRolesForm(request.POST)
        if form.is_valid():
            user_roles_set(
                user=customer,
                roles=form.cleaned_data["roles"],
                is_staff=form.cleaned_data["is_staff"],
            )
            messages.success(
                request, _("Roles of %(email)s saved.") % {"email": customer.email}
            )
        else:
            messages.error(request, _("Choose existing roles."))
        return redirect("dashboard:user-detail", pk=customer.pk)


class UserActiveView(View):
    """POST active=0|1: deactivate or reactivate the account."""

    def post(self, request, pk):
        customer = get_object_or_404(User, pk=pk)
        active = request.POST.get("active") == "1"
        user_set_active(user=customer, active=active)
        messages.success(
            request,
            _("%(email)s is now %(state)s.")
            % {
                "email": customer.email,
                "state": _("active") if active else _("deactivated"),
            },
        )
        return redirect("dashboard:user-detail", pk=customer.pk)
