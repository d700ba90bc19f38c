"""Bearer JWT authentication that honours the user's token version."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication

from project.accounts.models import TOKEN_VERSION_CLAIM


class VersionedJWTAuthentication(JWTAuthentication):
    """SimpleJWT's authentication, refusing a token issued before the user's
    token version moved on (password change or reset, logout everywhere,
    deactivation): 401 at once, not when the token expires.

    The version is compared with the user row that SimpleJWT loads for every
    request anyway, so the check costs no query and no cache round trip, and
    no process can hold a stale copy of it."""

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if validated_token.get(TOKEN_VERSION_CLAIM, 0) != user.token_version:
            raise AuthenticationFailed(
                "This token was issued before the account's sessions were ended.",
                code="token_not_valid",
            )
        return user


class VersionedJWTScheme(SimpleJWTScheme):
    """Documents VersionedJWTAuthentication as SimpleJWT's bearer scheme."""

    target_class = "project.api.authentication.VersionedJWTAuthentication"
