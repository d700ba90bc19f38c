"""Make sure a superuser exists: from DJANGO_SUPERUSER_EMAIL and
DJANGO_SUPERUSER_PASSWORD when set, else a development one whose password is
printed once."""

import os
import secrets

from django.core.management.base import BaseCommand

from project.accounts.models import User

DEV_EMAIL = "admin@example.com"


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "").strip().lower()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        if email and password:
            user = User.objects.filter(email=email).first()
            if user is None:
                User.objects.create_superuser(email=email, password=password)
                self.stdout.write(f"Created superuser {email}.")
            elif not (user.is_superuser and user.is_staff):
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
                self.stdout.write(f"Made {email} a superuser.")
            return
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "A superuser exists (set DJANGO_SUPERUSER_EMAIL and "
                "DJANGO_SUPERUSER_PASSWORD to add another, or run "
                "`manage.py changepassword <email>`)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(email=DEV_EMAIL, password=password)
        self.stdout.write(
            self.style.WARNING(
                f"Created a development superuser: {DEV_EMAIL} / {password}\n"
                "Log in at /dashboard/, /cms/ or /admin/. This password is shown once."
            )
        )
