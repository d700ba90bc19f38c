"""Who may do staff work, in one place: Django's permissions.

A staff user (`is_staff`) without any role has every permission, as staff
had in Oscar's dashboard. A user holding roles (permission groups, or
permissions of their own) has exactly those: a Support agent who is staff
still cannot edit products or refund. Superusers can do everything
(Django's ModelBackend). The dashboard, the admin and the API all ask
`user.has_perm()`, so one rule holds everywhere."""

from django.contrib.auth.backends import BaseBackend, ModelBackend

from project.accounts.throttling import login_block, request_ip


class EmailBackend(ModelBackend):
    """Django's ModelBackend (email is the username; an unknown address still
    costs a password hash), refusing an email blocked for this client IP by
    too many recent failures, whichever login page is used: API, dashboard,
    Wagtail, admin (see throttling.py)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username if username is not None else kwargs.get("email")
        if email and login_block(email=email, ip=request_ip(request)):
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


class StaffWithoutRoleBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if not (user_obj.is_active and user_obj.is_staff):
            return False
        if not hasattr(user_obj, "_holds_role"):
            user_obj._holds_role = (
                user_obj.groups.exists() or user_obj.user_permissions.exists()
            )
        return not user_obj._holds_role

    def has_module_perms(self, user_obj, app_label):
        return self.has_perm(user_obj, f"{app_label}.*")
