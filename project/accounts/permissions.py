"""Who may do staff work.

A staff user (`is_staff`) without any role has every staff right, as in
Oscar's dashboard. A user holding roles (permission groups) has exactly the
permissions of those roles, with or without `is_staff`: a Support agent who
is staff still cannot edit products. Superusers can do everything."""

from django.contrib.auth.models import AnonymousUser

from project.accounts.models import User


def staff_can(user: User | AnonymousUser, perm: str) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.has_perm(perm):
        return True
    return user.is_staff and not user.groups.exists()


def is_staff_member(user: User | AnonymousUser) -> bool:
    """Staff by flag or by role: may use staff-only reads."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or user.is_superuser or user.groups.exists()
