"""Account operations: registration, passwords and the profile."""

import uuid

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import (
    BlacklistedToken,
    OutstandingToken,
)
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from project.accounts.models import TOKEN_VERSION_CLAIM, Profile, User
from project.accounts.tasks import send_password_reset_email


class EmailTaken(Exception):
    """Another account already uses this email address (in any case)."""


class InvalidResetToken(Exception):
    """The password reset link is malformed, expired or already used."""


def user_register(*, email: str, password: str) -> User:
    """Create a customer account (no roles, not staff); its Profile is created
    by the post_save signal in the same transaction."""
    email = User.objects.normalize_email(email)
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise EmailTaken(email) from exc


def user_refresh_tokens_revoke(*, user: User) -> None:
    """Blacklist every refresh token issued to the user (after a password
    change or reset, all other sessions end)."""
    outstanding = OutstandingToken.objects.filter(user=user).exclude(
        blacklistedtoken__isnull=False
    )
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


def user_password_set(*, user: User, password: str) -> None:
    """Set a new password and end every session opened before: refresh tokens
    are blacklisted and the token version moves on (User.save), so older
    access tokens are refused at once too."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        user_refresh_tokens_revoke(user=user)


def user_logout_everywhere(*, user: User) -> None:
    """End every session of the user, on every device: each refresh token is
    blacklisted and every access token issued so far is refused at once."""
    with transaction.atomic():
        user.token_version_bump()
        user_refresh_tokens_revoke(user=user)


def token_refresh(*, refresh: str) -> dict[str, str]:
    """Rotate a refresh token: a new access and refresh token, the old refresh
    token blacklisted. Of concurrent refreshes of one token exactly one
    succeeds: the blacklist row is inserted in this transaction, so the others
    wait on its unique index and then fail. Raises TokenError for a bad,
    expired, used or revoked token, or an inactive user."""
    with transaction.atomic():
        token = RefreshToken(refresh)  # signature, expiry, blacklist
        user = User.objects.filter(
            **{jwt_settings.USER_ID_FIELD: token.get(jwt_settings.USER_ID_CLAIM)}
        ).first()
        if user is None or not user.is_active:
            raise TokenError("No active account found for the given token.")
        if token.get(TOKEN_VERSION_CLAIM, 0) != user.token_version:
            raise TokenError("Token is no longer valid.")
        outstanding, _ = OutstandingToken.objects.get_or_create(
            jti=token[jwt_settings.JTI_CLAIM],
            defaults={
                "user": user,
                "token": refresh,
                "expires_at": datetime_from_epoch(token["exp"]),
            },
        )
        try:
            with transaction.atomic():
                BlacklistedToken.objects.create(token=outstanding)
        except IntegrityError:  # a concurrent refresh of this token won
            raise TokenError("Token is blacklisted") from None
        access = str(token.access_token)
        token.set_jti()
        token.set_exp()
        token.set_iat()
        token.outstand()
        return {"access": access, "refresh": str(token)}


def password_reset_request(*, email: str) -> None:
    """Email a reset link to an active account with this address, if any.
    Says nothing about whether the address is registered."""
    user = (
        User.objects.filter(email=User.objects.normalize_email(email), is_active=True)
        .only("pk", "password")
        .first()
    )
    if user is not None and user.has_usable_password():
        transaction.on_commit(lambda: send_password_reset_email.delay(user.pk))


def password_reset_user(*, uid: str, token: str) -> User:
    """The user a reset link was made for, or InvalidResetToken."""
    try:
        public_id = uuid.UUID(hex=force_str(urlsafe_base64_decode(uid)))
        user = User.objects.get(uuid=public_id, is_active=True)
    except (TypeError, ValueError, UnicodeDecodeError, User.DoesNotExist):
        raise InvalidResetToken from None
    if not default_token_generator.check_token(user, token):
        raise InvalidResetToken
    return user


def password_reset_confirm(*, user: User, password: str) -> None:
    user_password_set(user=user, password=password)


def profile_update(*, profile: Profile, **fields) -> Profile:
    """Change the profile's own fields; email, staff status and roles are
    not among them."""
    allowed = {"first_name", "last_name", "phone_number", "avatar", "visibility"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"{name} cannot be changed through the profile")
        setattr(profile, name, value)
    profile.save()
    return profile


def user_roles_set(*, user: User, roles, is_staff: bool) -> User:
    """Give a user exactly these roles (groups) and dashboard access.
    Superusers keep theirs: roles do not apply to them."""
    with transaction.atomic():
        user.groups.set(roles)
        if not user.is_superuser:
            user.is_staff = is_staff
            user.save(update_fields=["is_staff"])
    return user


def user_set_active(*, user: User, active: bool) -> User:
    """Activate or deactivate an account; a deactivated user's tokens, access
    and refresh, stop working at once (and stay dead if the account is
    activated again). Superusers cannot be deactivated here."""
    if user.is_superuser:
        return user
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            user_logout_everywhere(user=user)
    return user
