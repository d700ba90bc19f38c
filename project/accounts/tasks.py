"""Account emails, sent by Celery after the transaction commits."""

from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from project.accounts.models import User
from project.accounts.tokens import password_reset_link_params


@shared_task
def send_password_reset_email(user_pk: int) -> None:
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        return
    link = f"{settings.PASSWORD_RESET_URL}?{urlencode(password_reset_link_params(user=user))}"
    context = {"user": user, "link": link, "shop_name": settings.OSCAR_SHOP_NAME}
    send_mail(
        subject=f"Reset your {settings.OSCAR_SHOP_NAME} password",
        message=render_to_string("accounts/password_reset_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
