"""Every new user gets a Profile at once, whichever way the user was created
(API, dashboard, admin, createsuperuser); every failed login, whichever the
page, counts against the address and client IP (see throttling.py)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from project.accounts.models import Profile, User
from project.accounts.throttling import (
    login_failure_record,
    login_failures_clear,
    request_ip,
)


@receiver(post_save, sender=User, dispatch_uid="accounts.create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(user_login_failed, dispatch_uid="accounts.count_login_failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    email = credentials.get("email") or credentials.get("username")
    if email:
        login_failure_record(email=str(email), ip=request_ip(request))


@receiver(user_logged_in, dispatch_uid="accounts.clear_login_failures")
def clear_login_failures(sender, request, user, **kwargs):
    login_failures_clear(email=user.email, ip=request_ip(request))
