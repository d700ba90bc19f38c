"""The /api/v1 surface (../shared/API.md)."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

from project.api.views import accounts, checkout, product, reviews

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
    # Catalogue
    path("categories/", product.CategoryList.as_view(), name="category-list"),
    path(
        "categories/<slug:slug>/",
        product.CategoryDetail.as_view(),
        name="category-detail",
    ),
    path("products/", product.ProductList.as_view(), name="product-list"),
    path(
        "products/<slug:slug>/", product.ProductDetail.as_view(), name="product-detail"
    ),
    path(
        "products/<slug:slug>/restore",
        product.ProductRestore.as_view(),
        name="product-restore",
    ),
    path(
        "products/<slug:slug>/images/",
        product.ProductImageCreate.as_view(),
        name="product-images",
    ),
    path(
        "products/<slug:slug>/reviews/",
        reviews.ProductReviewList.as_view(),
        name="product-reviews",
    ),
    # Reviews
    path("reviews/", reviews.ReviewList.as_view(), name="review-list"),
    path("reviews/<uuid:id>/", reviews.ReviewDetail.as_view(), name="review-detail"),
    # Documentation
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
