"""The /api/v1 surface (docs/api.md)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from project.api.views import (
    accounts,
    admin,
    basket,
    checkout,
    docs,
    payments,
    product,
    reviews,
    stock,
    vouchers,
    webhooks,
    wishlists,
)

urlpatterns = [
    # Auth and accounts
    path("auth/register", accounts.RegisterView.as_view(), name="auth-register"),
    path("auth/login", accounts.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", accounts.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", accounts.LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all", accounts.LogoutAllView.as_view(), name="auth-logout-all"),
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
    path(
        "reviews/<uuid:id>/report",
        reviews.ReviewReportCreate.as_view(),
        name="review-report",
    ),
    path(
        "admin/review-reports/",
        reviews.ReviewReportAdminList.as_view(),
        name="admin-review-reports",
    ),
    path(
        "admin/review-reports/<uuid:id>/resolve",
        reviews.ReviewReportAdminResolve.as_view(),
        name="admin-review-report-resolve",
    ),
    # Wish lists
    path("wishlists/", wishlists.WishlistList.as_view(), name="wishlist-list"),
    path(
        "wishlists/shared/<str:key>/",
        wishlists.SharedWishlist.as_view(),
        name="wishlist-shared",
    ),
    path(
        "wishlists/<uuid:id>/",
        wishlists.WishlistDetail.as_view(),
        name="wishlist-detail",
    ),
    path(
        "wishlists/<uuid:id>/items",
        wishlists.WishlistItemList.as_view(),
        name="wishlist-items",
    ),
    path(
        "wishlists/<uuid:id>/items/<str:product>",
        wishlists.WishlistItemDetail.as_view(),
        name="wishlist-item-detail",
    ),
    # Basket
    path("basket/", basket.BasketView.as_view(), name="basket"),
    path("basket/lines/", basket.LineList.as_view(), name="basket-lines"),
    path(
        "basket/lines/<uuid:id>/",
        basket.BasketLineDetail.as_view(),
        name="basket-line-detail",
    ),
    path("basket/merge", basket.BasketMerge.as_view(), name="basket-merge"),
    path("basket/quote", basket.BasketQuote.as_view(), name="basket-quote"),
    path("basket/vouchers", basket.BasketVoucherList.as_view(), name="basket-vouchers"),
    path(
        "basket/vouchers/<path:code>",
        basket.BasketVoucherDetail.as_view(),
        name="basket-voucher-detail",
    ),
    # Orders
    path("orders/", checkout.OrderList.as_view(), name="order-list"),
    path("orders/<uuid:id>/", checkout.OrderDetail.as_view(), name="order-detail"),
    path(
        "orders/<uuid:id>/cancel", checkout.OrderCancel.as_view(), name="order-cancel"
    ),
    path("admin/orders/", admin.OrderAdminList.as_view(), name="admin-order-list"),
    path(
        "admin/orders/<uuid:id>/",
        admin.OrderAdminDetail.as_view(),
        name="admin-order-detail",
    ),
    # Payments
    path("payments/", payments.PaymentList.as_view(), name="payment-list"),
    path(
        "payments/<uuid:id>/", payments.PaymentDetail.as_view(), name="payment-detail"
    ),
    path(
        "payments/webhooks/<slug:provider>/",
        payments.PaymentWebhook.as_view(),
        name="payment-webhook",
    ),
    path(
        "admin/payments/<uuid:id>/refund",
        admin.PaymentAdminRefund.as_view(),
        name="admin-payment-refund",
    ),
    # Outgoing webhooks
    path(
        "admin/webhooks/",
        webhooks.WebhookEndpointList.as_view(),
        name="admin-webhook-list",
    ),
    path(
        "admin/webhooks/<uuid:id>/",
        webhooks.WebhookEndpointDetail.as_view(),
        name="admin-webhook-detail",
    ),
    path(
        "admin/webhooks/<uuid:id>/deliveries",
        webhooks.WebhookDeliveryList.as_view(),
        name="admin-webhook-deliveries",
    ),
    # Vouchers and stock alerts (staff)
    path(
        "admin/vouchers/",
        vouchers.VoucherAdminList.as_view(),
        name="admin-voucher-list",
    ),
    path(
        "admin/vouchers/<uuid:id>/",
        vouchers.VoucherAdminDetail.as_view(),
        name="admin-voucher-detail",
    ),
    path(
        "admin/stock-alerts/",
        stock.StockAlertAdminList.as_view(),
        name="admin-stock-alert-list",
    ),
    # Documentation
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script is a file of its own (no inline script).
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
    path("redoc/", docs.RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("redoc/redoc.standalone.js", docs.redoc_bundle, name="redoc-bundle"),
]
