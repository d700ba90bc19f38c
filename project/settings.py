"""
Settings for the shop: one module, every value read from the environment.

With no variable set the project runs on embedded defaults (SQLite, local-memory
cache, console email, Celery tasks run inline), so `make serve` needs no service.
`.env.example` lists every variable; the README says what each switches.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.urls import reverse_lazy
from oscar.defaults import *  # noqa: F403  (Oscar's documented way to get its defaults)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # generated files: SQLite db, media, collected static

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

# --- Core -------------------------------------------------------------------

# The default is for local development only; `check --deploy` flags it.
SECRET_KEY = env.str(
    "SECRET_KEY", default="django-insecure-local-development-only-change-me"
)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_ID = 1
# The public host name of this deployment, written into both Site models
# (django.contrib.sites for Oscar, Wagtail's own) after every migrate.
SITE_DOMAIN = env.str("SITE_DOMAIN", default="127.0.0.1:8000")
SITE_NAME = env.str("SITE_NAME", default="Oscar Shop")

AUTH_USER_MODEL = "accounts.User"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    # Our own apps
    "project.core",
    "project.core.effects",
    "project.accounts",
    "project.api",
    "project.payments",
    "project.workflows",
    "project.webhooks",
    "project.demo",
    "project.cms",
    # Oscar, with the apps we customise forked into forked_apps/
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar.apps.checkout.apps.CheckoutConfig",
    "forked_apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "forked_apps.catalogue.apps.CatalogueConfig",
    "forked_apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "forked_apps.partner.apps.PartnerConfig",
    "forked_apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "forked_apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "forked_apps.voucher.apps.VoucherConfig",
    "forked_apps.wishlists.apps.WishlistsConfig",
    "forked_apps.dashboard.apps.DashboardConfig",
    "forked_apps.dashboard.reports.apps.ReportsDashboardConfig",
    "forked_apps.dashboard.users.apps.UsersDashboardConfig",
    "forked_apps.dashboard.orders.apps.OrdersDashboardConfig",
    "forked_apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "forked_apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "forked_apps.dashboard.webhooks.apps.WebhooksDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # The API
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "oscarapi",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "corsheaders",
    "csp",
    # Wagtail (its app labels are wagtail*, so no clash with Oscar's "search")
    "wagtail.contrib.forms",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    # First: the request id, the request's log line, metrics and response
    # times (project/core/observability), timing everything below.
    "project.core.observability.middleware.ObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS for /api/ (browser frontends on another origin), before anything
    # that can answer on its own, so errors carry the headers too.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "project.api.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The API's login limits on the dashboard's, Wagtail's and the admin's forms.
    "project.accounts.middleware.LoginFormLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response, by area (project/core/csp.py).
    "project.core.csp.ContentSecurityPolicyMiddleware",
    # Oscar's plain basket middleware: lazy, so a request that never touches
    # request.basket (API reads, health checks, crawlers) creates no row.
    "oscar.apps.basket.middleware.BasketMiddleware",
]

# Django's ModelBackend, looking users up by the (lower-cased) email and
# hashing a password even for an unknown address (timing does not tell who is
# registered), refusing addresses locked by failed logins on any login page.
AUTHENTICATION_BACKENDS = [
    "project.accounts.backends.EmailBackend",
    # Staff without any role have every permission (see accounts/backends.py).
    "project.accounts.backends.StaffWithoutRoleBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    },
]

# Form widgets render through TEMPLATES, so templates/ can override a widget's
# template (Oscar's image widget, see templates/oscar/forms/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database, cache, tasks, email ------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # gunicorn threads share the file: wait for the write lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["TEST"] = {"NAME": VAR_DIR / "test.sqlite3"}
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="shop"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "shop",
        }
    }
# Public read caches (catalogue) live this long unless a write invalidates them.
CATALOGUE_CACHE_TIMEOUT = env.int("CATALOGUE_CACHE_TIMEOUT", default=300)

# --- Catalogue reads at scale: cache, HTTP caching, read replicas -------------

# The catalogue cache (project/core/cache.py) on or off (off: every read
# queries the database; the bench measures both).
CATALOGUE_CACHE_ENABLED = env.bool("CATALOGUE_CACHE", default=True)
# Readers of a missing entry wait this long for the one process building it.
CATALOGUE_CACHE_LOCK_SECONDS = env.float("CATALOGUE_CACHE_LOCK_SECONDS", default=2.0)
# Public catalogue GETs: `Cache-Control: public, max-age=N` and an ETag, so a
# CDN or nginx may keep them N seconds (stock shown may lag that long; the
# basket and checkout always check the database).
CATALOGUE_HTTP_MAX_AGE = env.int("CATALOGUE_HTTP_MAX_AGE", default=10)
# Read replicas (comma-separated database URLs): catalogue reads go there,
# writes and every read of a request that wrote go to the primary
# (project/core/db_router.py).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), 1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = env.db_url_config(_url)
    DATABASES[_alias]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = True
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["project.core.db_router.CatalogueReplicaRouter"]
# A trivial JSON view at /bench/bare (the bench's yardstick: our whole stack,
# no work); off in production.
BENCH_BARE_VIEW = env.bool("BENCH_BARE_VIEW", default=False)

# Celery: a broker from CELERY_BROKER_URL, else REDIS_URL; with neither,
# tasks run inline in the web process.
CELERY_BROKER_URL = (
    env.str("CELERY_BROKER_URL", default=REDIS_URL) or "memory://localhost/"
)
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="shop@example.com")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Static and media --------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Serve MEDIA_ROOT from Django itself: only in development (DEBUG) unless
# SERVE_MEDIA says so (`make serve` sets it: no web server in front there);
# in production nginx (deploy/) or the object store serves /media/.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Without `collectstatic` (tests, development) fall back to unhashed names.
WHITENOISE_MANIFEST_STRICT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded images (avatars, product images) larger than this are refused.
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=5 * 1024 * 1024)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security ----------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its preview views SAMEORIGIN itself
# Behind TLS, set SECURE_SSL_REDIRECT=1 (and the HSTS/cookie variables).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies (load balancers) in front that append to X-Forwarded-For. 0: the
# client IP is REMOTE_ADDR and X-Forwarded-For is ignored; N: the Nth address
# from the right (project/core/client_ip.py). DRF's NUM_PROXIES follows it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = reverse_lazy("dashboard:login")
LOGIN_REDIRECT_URL = reverse_lazy("dashboard:index")

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Django REST framework, JWT, OpenAPI --------------------------------------

REST_FRAMEWORK = {
    # Bearer tokens only: a dashboard or storefront session does not open
    # the API (their logins are web forms with their own protections).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # SimpleJWT's, refusing tokens older than the user's token version.
        "project.api.authentication.VersionedJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's, refusing NUL characters and deeply nested JSON with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "project.api.parsers.JSONParser",
        "project.api.parsers.MultiPartParser",
        "project.api.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "project.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_standardized_errors.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    # Rates for the throttles on login, register and password reset, per client
    # IP; DRF rate strings such as "20/min".
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("THROTTLE_RATE_LOGIN", default="10/min"),
        "register": env.str("THROTTLE_RATE_REGISTER", default="5/min"),
        "password_reset": env.str("THROTTLE_RATE_PASSWORD_RESET", default="5/min"),
    },
}
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT  # one setting for both
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(
        "rest_framework.renderers.BrowsableAPIRenderer"
    )
# Login failures (every login page): LOGIN_FAILURE_LIMIT per email address and
# client IP together, LOGIN_FAILURE_ACCOUNT_LIMIT per email across all IPs,
# within LOGIN_FAILURE_WINDOW_SECONDS (project/accounts/throttling.py).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_FAILURE_ACCOUNT_LIMIT = env.int("LOGIN_FAILURE_ACCOUNT_LIMIT", default=100)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)

DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "project.api.exceptions.ExceptionHandler",
    "ERROR_SCHEMAS": dict.fromkeys(
        ("400", "401", "403", "404", "405", "406", "415", "429", "500"),
        "project.api.openapi.ErrorResponseSerializer",
    ),
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(
        minutes=env.int("JWT_ACCESS_TOKEN_MINUTES", default=15)
    ),
    "REFRESH_TOKEN_LIFETIME": timedelta(
        days=env.int("JWT_REFRESH_TOKEN_DAYS", default=7)
    ),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Tokens carry the user's public UUID, not the sequential primary key.
    "USER_ID_FIELD": "uuid",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Shop API",
    "DESCRIPTION": "The /api/v1 contract for headless frontends.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["project.api.schema.only_api_v1"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        "ErrorCode401Enum": "drf_standardized_errors.openapi_serializers.ErrorCode401Enum.choices",
        "ErrorCode403Enum": "drf_standardized_errors.openapi_serializers.ErrorCode403Enum.choices",
        "ErrorCode404Enum": "drf_standardized_errors.openapi_serializers.ErrorCode404Enum.choices",
        "ErrorCode405Enum": "drf_standardized_errors.openapi_serializers.ErrorCode405Enum.choices",
        "ErrorCode406Enum": "drf_standardized_errors.openapi_serializers.ErrorCode406Enum.choices",
        "ErrorCode415Enum": "drf_standardized_errors.openapi_serializers.ErrorCode415Enum.choices",
        "ErrorCode429Enum": "drf_standardized_errors.openapi_serializers.ErrorCode429Enum.choices",
        "ErrorCode500Enum": "drf_standardized_errors.openapi_serializers.ErrorCode500Enum.choices",
        # Wish lists, reported reviews, outgoing webhooks
        "WishlistVisibilityEnum": "forked_apps.wishlists.services.VISIBILITY_CHOICES",
        "ReviewReportReasonEnum": "forked_apps.catalogue.reviews.models.REPORT_REASONS",
        "WebhookDeliveryStatusEnum": "project.webhooks.models.DELIVERY_STATUSES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
    ],
}

# The frontend page that finishes a password reset; the email links to
# <PASSWORD_RESET_URL>?uid=<uid>&token=<token>.
PASSWORD_RESET_URL = env.str(
    "PASSWORD_RESET_URL", default="http://localhost:3000/reset-password"
)

# --- Content-Security-Policy ----------------------------------------------------

# Content-Security-Policy (django-csp 4) of every HTML page: nothing from
# another host. project/core/csp.py adds what each back office needs and
# gives API responses default-src 'none'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"

# --- Headless frontend -------------------------------------------------------

# The customer-facing site (another origin). Oscar's storefront is closed:
# /shop/ product, category and account URLs (the dashboard's "View on site"
# links) redirect to <FRONTEND_URL>/products/<slug>/, /categories/<slug>/ and
# /account/; with no FRONTEND_URL every /shop/ URL is a 404.
FRONTEND_URL = env.str("FRONTEND_URL", default="")

# CORS (django-cors-headers), for the API only: closed unless the frontend's
# origins are listed (comma-separated, e.g. https://shop.example.com). Bearer
# tokens, no cookies, so no credentials.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = ("accept", "authorization", "content-type", "idempotency-key")
CORS_EXPOSE_HEADERS = ("Retry-After",)
CORS_ALLOW_CREDENTIALS = False

# --- Oscar -------------------------------------------------------------------

OSCAR_SHOP_NAME = SITE_NAME
OSCAR_DEFAULT_CURRENCY = env.str("DEFAULT_CURRENCY", default="USD")
OSCAR_HOMEPAGE = "/"
OSCAR_ALLOW_ANON_CHECKOUT = False
# New reviews wait for a moderator; only approved ones are public and rated.
OSCAR_MODERATE_REVIEWS = True
# Price and stock come from the stock records of the partner with this code
# (created on demand with DEFAULT_PARTNER_NAME; renaming it changes nothing).
DEFAULT_PARTNER_CODE = env.str("DEFAULT_PARTNER_CODE", default="main-warehouse")
DEFAULT_PARTNER_NAME = env.str("DEFAULT_PARTNER_NAME", default="Main warehouse")
# Order statuses and the only moves allowed between them (docs/api.md "Orders").
OSCAR_INITIAL_ORDER_STATUS = "pending"
OSCAR_INITIAL_LINE_STATUS = "pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "pending": ("paid", "cancelled"),
    "paid": ("shipped", "cancelled"),
    "shipped": ("delivered",),
    "delivered": (),
    "cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE
OSCAR_ORDER_STATUS_CASCADE = {status: status for status in OSCAR_ORDER_STATUS_PIPELINE}
# One name in the OpenAPI schema for the order statuses (orders, staff updates).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["OrderStatusEnum"] = list(
    OSCAR_ORDER_STATUS_PIPELINE
)


def _dashboard_menu_with(url_name):
    """The dashboard menu that links to `url_name` (labels are lazy strings)."""
    return next(
        item
        for item in OSCAR_DASHBOARD_NAVIGATION  # noqa: F405
        if any(child.get("url_name") == url_name for child in item.get("children", []))
    )


_dashboard_menu_with("dashboard:order-list")["children"][1:1] = [
    {"label": "Payments", "url_name": "dashboard:payment-list"},
    {"label": "Payment reconciliation", "url_name": "dashboard:payment-reconcile"},
]
_dashboard_menu_with("dashboard:catalogue-product-list")["children"].insert(
    1,
    {"label": "Import stock & prices", "url_name": "dashboard:catalogue-stock-import"},
)
# Outgoing webhooks: a menu entry of their own, shown to whoever may see them.
OSCAR_DASHBOARD_NAVIGATION.append(  # noqa: F405
    {
        "label": "Webhooks",
        "icon": "fas fa-satellite-dish",
        "url_name": "dashboard:webhook-list",
    }
)
# Stock alerts and what to reorder, next to each other (issue 13).
_catalogue_menu = _dashboard_menu_with("dashboard:stock-alert-list")["children"]
_catalogue_menu.insert(
    next(
        i
        for i, child in enumerate(_catalogue_menu)
        if child.get("url_name") == "dashboard:stock-alert-list"
    )
    + 1,
    {"label": "Reorder report", "url_name": "dashboard:reports-reorder"},
)
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}
}
THUMBNAIL_DEBUG = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

# Payment providers by name (API: POST /payments/ {"provider": name}). The
# sandbox is always there; Stripe joins when its secret key is set.
PAYMENT_PROVIDERS = {
    "sandbox": "project.payments.providers.sandbox.SandboxProvider",
}
PAYMENT_SANDBOX_WEBHOOK_SECRET = env.str(
    "PAYMENT_SANDBOX_WEBHOOK_SECRET", default="sandbox-webhook-secret-for-development"
)
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Seconds to wait for Stripe's answer before the payment is left pending
# (a webhook or reconciliation settles it).
STRIPE_TIMEOUT_SECONDS = env.int("STRIPE_TIMEOUT_SECONDS", default=20)
if STRIPE_SECRET_KEY:
    PAYMENT_PROVIDERS["stripe"] = "project.payments.providers.stripe.StripeProvider"
# A payment pending this long with no charge at its provider never reached
# it: reconciliation marks it failed.
RECONCILE_PENDING_GRACE_MINUTES = env.int("RECONCILE_PENDING_GRACE_MINUTES", default=15)
# A pending (unpaid) order keeps its stock this long, then it is cancelled by
# `manage.py cancel_unpaid_orders` (cron) or the Celery beat schedule below.
UNPAID_ORDER_TTL_MINUTES = env.int("UNPAID_ORDER_TTL_MINUTES", default=60)
CELERY_BEAT_SCHEDULE = {
    "cancel-unpaid-orders": {
        "task": "project.workflows.tasks.cancel_unpaid_orders",
        "schedule": env.float("UNPAID_ORDERS_SWEEP_SECONDS", default=300.0),
    },
    "retry-pending-refunds": {
        "task": "project.workflows.tasks.retry_pending_refunds",
        "schedule": 300.0,
    },
    "reconcile-recent-payments": {
        "task": "project.workflows.tasks.reconcile_recent_payments",
        "schedule": 1800.0,
    },
}
# Idempotency-Key records are kept this long (Stripe keeps them 24 h).
IDEMPOTENCY_KEY_TTL_SECONDS = env.int("IDEMPOTENCY_KEY_TTL_SECONDS", default=24 * 3600)
# A payment request's claim on its key is taken over by a retry after this
# long (the first request died): longer than any gateway call can take.
IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS = env.int(
    "IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS", default=120
)

OSCARAPI_BLOCK_ADMIN_API_ACCESS = True

# --- Wishlists, reported reviews, outgoing webhooks ---------------------------

# A customer gets at most one email per wished product and reason (its price
# dropped, it is back in stock) in this many hours; 0: one per change.
WISHLIST_ALERT_COOLDOWN_HOURS = env.int("WISHLIST_ALERT_COOLDOWN_HOURS", default=24)
# Reports from this many different customers hide a review from public view
# until a moderator decides.
REVIEW_REPORT_HIDE_THRESHOLD = env.int("REVIEW_REPORT_HIDE_THRESHOLD", default=3)
# Webhook endpoints on loopback, private or reserved networks are refused
# (SSRF) unless this is 1 (local receivers in development and tests).
OUTGOING_WEBHOOKS_ALLOW_PRIVATE = env.bool(
    "OUTGOING_WEBHOOKS_ALLOW_PRIVATE", default=False
)
# Seconds to wait for an endpoint's answer (connecting: at most 3).
OUTGOING_WEBHOOKS_TIMEOUT_SECONDS = env.int(
    "OUTGOING_WEBHOOKS_TIMEOUT_SECONDS", default=5
)
# Attempts per delivery, the first retry after BASE seconds, then doubling
# (30 s, 1, 2, 4, 8 min with the defaults).
OUTGOING_WEBHOOKS_MAX_ATTEMPTS = env.int("OUTGOING_WEBHOOKS_MAX_ATTEMPTS", default=6)
OUTGOING_WEBHOOKS_RETRY_BASE_SECONDS = env.int(
    "OUTGOING_WEBHOOKS_RETRY_BASE_SECONDS", default=30
)

# --- Wagtail -----------------------------------------------------------------

WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default=f"http://{SITE_DOMAIN}"
)
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# No call to another host from the admin: no upgrade check (releases.wagtail.org),
# no Gravatar (it would leak a hash of each staff email).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Logging -----------------------------------------------------------------

# json (the default): one JSON object per line, with the request id (and the
# task, in Celery), for a log collector; text: for people at a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "project.core.observability.logs.ContextFilter"},
    },
    "formatters": {
        "json": {"()": "project.core.observability.logs.JsonFormatter"},
        "text": {
            "()": "project.core.observability.logs.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if LOG_FORMAT == "text" else "json",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # sorl logs every missing thumbnail source at ERROR; keep it visible
        # but not noisy.
        "sorl.thumbnail": {"level": "WARNING"},
        # Oscar logs every product-alert run at INFO.
        "oscar.alerts": {"level": "WARNING"},
        # Inline (eager) tasks would log every success at INFO.
        "celery.app.trace": {"level": "WARNING"},
    },
}

# --- Operations: deployment, tasks, media, metrics (deploy/, README) ----------

# /metrics (Prometheus): open when empty; else `Authorization: Bearer <token>`.
# Counts are the host's when PROMETHEUS_MULTIPROC_DIR names a directory every
# gunicorn and Celery process shares (deploy/gunicorn.conf.py, `make up`).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Tasks are acknowledged after they ran (ShopTask in project/celery.py), so a
# worker killed mid-task leaves its message for another. One message at a
# time per worker process: nothing waits behind a long task.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# Redis as broker: an unacknowledged message goes back to the queue after
# this many seconds (longer than any task runs; RabbitMQ redelivers as soon
# as the dead worker's connection closes).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # ...looked for every 10 s (kombu's default looks every 100 s).
    "unacked_restore_throttle": 1,
}
# Workers log through LOGGING (JSON lines with the request id), not Celery's format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A browser frontend may send its own X-Request-ID and read the one returned.
CORS_ALLOW_HEADERS = (*CORS_ALLOW_HEADERS, "x-request-id")
CORS_EXPOSE_HEADERS = (*CORS_EXPOSE_HEADERS, "X-Request-ID")
# Seconds an SMTP conversation may take before the email task fails (and retries).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Media (uploads: product images, avatars) on the filesystem (MEDIA_ROOT) or
# in an S3-compatible bucket (django-storages) with MEDIA_STORAGE=s3.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET", default="shop-media"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            # A public bucket or CDN host (media.example.com) gives plain
            # URLs; without one, URLs are signed and expire.
            "custom_domain": env.str("S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": not env.str("S3_CUSTOM_DOMAIN", default=""),
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    SERVE_MEDIA = False
elif MEDIA_STORAGE != "filesystem":
    raise ValueError(
        f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}"
    )
