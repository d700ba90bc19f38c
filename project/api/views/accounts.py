"""Auth and accounts (docs/api.md "Auth and accounts"): register, JWT login,
refresh, logout, password reset and change, and the caller's profile."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from project.accounts import services
from project.accounts.rate_limits import (
    LoginRateThrottle,
    PasswordResetRateThrottle,
    RegisterRateThrottle,
)
from project.api import examples as ex
from project.api.openapi import UNAUTHORIZED
from project.api.serializers.accounts import (
    LoginSerializer,
    LogoutSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    ProfileSerializer,
    RefreshSerializer,
    RegisterSerializer,
    TokenPairSerializer,
)


class RegisterView(APIView):
    """Create a customer account. 400 when the email is taken (in any case)
    or the password is rejected by Django's validators."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [RegisterRateThrottle]

    @extend_schema(
        request=RegisterSerializer,
        responses={201: RegisterSerializer},
        examples=[
            ex.request_example(
                "Register", {"email": "ada@example.com", "password": ex.PASSWORD}
            ),
            ex.response_example(
                "Registered", {"id": ex.USER_ID, "email": "ada@example.com"}, 201
            ),
            ex.EMAIL_TAKEN,
        ],
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.user_register(**serializer.validated_data)
        except services.EmailTaken:
            raise ValidationError(
                {"email": ["An account with this email already exists."]}, code="unique"
            ) from None
        return Response(RegisterSerializer(user).data, status=status.HTTP_201_CREATED)


@extend_schema(
    responses={200: TokenPairSerializer, 401: UNAUTHORIZED},
    examples=[
        ex.request_example(
            "Log in", {"email": "ada@example.com", "password": ex.PASSWORD}
        ),
        ex.response_example("Tokens", {"refresh": ex.REFRESH, "access": ex.ACCESS}),
        ex.BAD_CREDENTIALS,
    ],
)
class LoginView(TokenObtainPairView):
    """Exchange email and password for an access and a refresh token. 401 on
    bad credentials; 429 when the client IP or the address has failed too often."""

    serializer_class = LoginSerializer
    throttle_classes = [LoginRateThrottle]


@extend_schema(
    responses={200: TokenPairSerializer, 401: UNAUTHORIZED},
    examples=[
        ex.request_example("Refresh", {"refresh": ex.REFRESH}),
        ex.response_example(
            "New tokens (the old refresh token is spent)",
            {"access": ex.ACCESS, "refresh": ex.REFRESH},
        ),
        ex.TOKEN_NOT_VALID,
    ],
)
class RefreshView(TokenRefreshView):
    """A new access token and a new refresh token; the old refresh token is
    blacklisted and answers 401 from then on. Of concurrent refreshes of one
    token exactly one succeeds."""

    serializer_class = RefreshSerializer


class LogoutView(APIView):
    """Blacklist a refresh token so it can no longer be used."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        request=LogoutSerializer,
        responses={204: None},
        examples=[
            ex.request_example("Log out", {"refresh": ex.REFRESH}),
            ex.REFRESH_NOT_VALID,
        ],
    )
    def post(self, request):
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            RefreshToken(serializer.validated_data["refresh"]).blacklist()
        except TokenError as exc:
            raise ValidationError(
                {"refresh": [str(exc)]}, code="token_not_valid"
            ) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """End every session of the signed-in user: all refresh tokens are
    blacklisted and every access token issued so far (this one included)
    answers 401 from now on."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, examples=[ex.NOT_AUTHENTICATED])
    def post(self, request):
        services.user_logout_everywhere(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetView(APIView):
    """Email a single-use reset link to the address if it is registered.
    Always 202, so the answer does not reveal who has an account."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [PasswordResetRateThrottle]

    @extend_schema(
        request=PasswordResetSerializer,
        responses={202: None},
        examples=[
            ex.request_example("Ask for a reset link", {"email": "ada@example.com"})
        ],
    )
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_request(email=serializer.validated_data["email"])
        return Response(status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(APIView):
    """Set a new password with the link's `uid` and `token`. 400 on a bad,
    expired or used token; the token works once."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [PasswordResetRateThrottle]

    @extend_schema(
        request=PasswordResetConfirmSerializer,
        responses={204: None},
        examples=[
            ex.request_example(
                "From the link's uid and token",
                {
                    "uid": "OGNjZTBiZWMtZDM3Ni00YjdiLTk5YTgtNGM4ZjQ5NWNjYzM0",
                    "token": "cz6b2y-5c0d1e3f0b8a7e2c4d9f",
                    "password": ex.NEW_PASSWORD,
                },
            ),
            ex.RESET_TOKEN_INVALID,
        ],
    )
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_confirm(
            user=serializer.validated_data["user"],
            password=serializer.validated_data["password"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(APIView):
    """Change the signed-in user's password; every session opened before,
    this one included, ends (log in again with the new password)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={204: None},
        examples=[
            ex.request_example(
                "Change",
                {"old_password": ex.PASSWORD, "new_password": ex.NEW_PASSWORD},
            ),
            ex.WRONG_PASSWORD,
        ],
    )
    def post(self, request):
        serializer = PasswordChangeSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        services.user_password_set(
            user=request.user, password=serializer.validated_data["new_password"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(examples=[ex.response_example("Profile", ex.PROFILE)]),
    patch=extend_schema(
        examples=[
            ex.request_example(
                "Names and phone",
                {
                    "first_name": "Ada",
                    "last_name": "Lovelace",
                    "phone_number": "+442079460000",
                },
            ),
            ex.response_example("Profile", ex.PROFILE),
        ]
    ),
)
class ProfileView(generics.RetrieveUpdateAPIView):
    """The signed-in user's profile. Email, staff status and roles are read-only."""

    serializer_class = ProfileSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user.profile

    def perform_update(self, serializer):
        services.profile_update(
            profile=serializer.instance, **serializer.validated_data
        )
