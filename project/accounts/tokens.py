"""Password reset links: the `uid` and single-use `token` they carry."""

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from project.accounts.models import User


def password_reset_link_params(*, user: User) -> dict[str, str]:
    """The `uid` and single-use `token` for a reset link. The token stops
    working once the password changes (Django's token generator)."""
    return {
        # The public UUID, so the link does not reveal a sequential id.
        "uid": urlsafe_base64_encode(force_bytes(user.uuid.hex)),
        "token": default_token_generator.make_token(user),
    }
