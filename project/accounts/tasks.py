"""Account emails, sent by Celery after the transaction commits."""

from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from project.accounts.models import User
from project.accounts.tokens import password_reset_link_params
from project.core.effects.services import side_effect_once


@shared_task(bind=True)
def send_password_reset_email(self, user_pk: int) -> None:
    """One email per request for a reset: a second run of the same message
    (redelivered, retried) sends nothing more."""
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        return
    link = f"{settings.PASSWORD_RESET_URL}?{urlencode(password_reset_link_params(user=user))}"
    context = {"user": user, "link": link, "shop_name": settings.OSCAR_SHOP_NAME}

    def send():
        send_mail(
            subject=f"Reset your {settings.OSCAR_SHOP_NAME} password",
            message=render_to_string("accounts/password_reset_email.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )

    if self.request.id is None:  # called as a plain function
        send()
    else:
        side_effect_once(key=f"password-reset-email:{self.request.id}", effect=send)
