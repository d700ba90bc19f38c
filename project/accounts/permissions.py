"""Staff rights, asked of Django's permission system (see accounts/backends.py:
staff without a role have every permission, role holders their roles')."""

from django.contrib.auth.models import AnonymousUser

from project.accounts.models import User


def staff_can(user: User | AnonymousUser, perm: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(perm))
