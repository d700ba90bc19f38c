"""Every new user gets a Profile at once, whichever way the user was created
(API, dashboard, admin, createsuperuser)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from project.accounts.models import Profile, User


@receiver(post_save, sender=User, dispatch_uid="accounts.create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)
