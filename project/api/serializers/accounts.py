from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework_simplejwt.serializers import (
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
)

from project.accounts import services
from project.accounts.models import TOKEN_VERSION_CLAIM, Profile, User
from project.accounts.throttling import login_block, login_failures_clear, request_ip
from project.api.fields import ImageUploadField


def _validate_password(password: str, user: User | None = None) -> str:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(list(exc.messages)) from None
    return password


class RegisterSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, max_length=128, trim_whitespace=False
    )

    def validate_email(self, value):
        email = User.objects.normalize_email(value)
        if User.objects.filter(email=email).exists():
            raise serializers.ValidationError(
                "An account with this email already exists.", code="unique"
            )
        return email

    def validate(self, attrs):
        try:
            _validate_password(attrs["password"], User(email=attrs["email"]))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"password": exc.detail}) from None
        return attrs


class LoginSerializer(TokenObtainPairSerializer):
    """SimpleJWT's pair, answering 429 (with Retry-After) for an email with
    too many recent failures from this client IP, or from everywhere (the
    authentication backend refuses it too; failures are counted by the
    user_login_failed signal, as for every login page). The tokens carry the
    user's token version (`ver`): bumping it ends them all."""

    def validate(self, attrs):
        email = attrs[self.username_field]
        ip = request_ip(self.context.get("request"))
        block = login_block(email=email, ip=ip)
        if block is not None:
            raise Throttled(
                wait=block.retry_after,
                detail="Too many failed logins for this account. Try again later.",
            )
        data = super().validate(attrs)
        login_failures_clear(email=email, ip=ip)
        return data

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        token[TOKEN_VERSION_CLAIM] = user.token_version
        return token


class RefreshSerializer(TokenRefreshSerializer):
    """Rotation through accounts.services.token_refresh (atomic: one winner
    among concurrent refreshes of a token; the token version is checked)."""

    refresh = serializers.CharField(max_length=4096)

    def validate(self, attrs):
        return services.token_refresh(refresh=attrs["refresh"])


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(
        write_only=True, max_length=128, trim_whitespace=False
    )

    def validate(self, attrs):
        try:
            user = services.password_reset_user(uid=attrs["uid"], token=attrs["token"])
        except services.InvalidResetToken:
            raise serializers.ValidationError(
                {"token": ["This password reset link is invalid or has expired."]},
                code="invalid_token",
            ) from None
        try:
            _validate_password(attrs["password"], user)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"password": exc.detail}) from None
        return {**attrs, "user": user}


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)

    def validate_old_password(self, value):
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError(
                "The current password is not correct.", code="wrong_password"
            )
        return value

    def validate_new_password(self, value):
        return _validate_password(value, self.context["request"].user)


class ProfileSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    user_id = serializers.UUIDField(source="user.uuid", read_only=True)
    avatar = ImageUploadField(required=False, allow_null=True)
    phone_number = PhoneNumberField(
        required=False, allow_blank=True, help_text="E.164, e.g. +14155550100"
    )

    class Meta:
        model = Profile
        fields = [
            "id",
            "user_id",
            "email",
            "first_name",
            "last_name",
            "phone_number",
            "avatar",
            "visibility",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "user_id", "email", "created_at", "updated_at"]
