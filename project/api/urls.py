"""The /api/v1 surface (../shared/API.md)."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

from project.api.views import accounts, checkout

urlpatterns = [
    # Auth and accounts
    path("auth/register", accounts.RegisterView.as_view(), name="auth-register"),
    path("auth/login", accounts.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", accounts.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", accounts.LogoutView.as_view(), name="auth-logout"),
    path(
        "auth/password-reset",
        accounts.PasswordResetView.as_view(),
        name="auth-password-reset",
    ),
    path(
        "auth/password-reset/confirm",
        accounts.PasswordResetConfirmView.as_view(),
        name="auth-password-reset-confirm",
    ),
    path(
        "auth/password-change",
        accounts.PasswordChangeView.as_view(),
        name="auth-password-change",
    ),
    path("profile/", accounts.ProfileView.as_view(), name="profile"),
    path("addresses/", checkout.UserAddressList.as_view(), name="address-list"),
    path(
        "addresses/<uuid:id>/",
        checkout.UserAddressDetail.as_view(),
        name="address-detail",
    ),
    # Documentation
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
