"""Request and response examples for the OpenAPI schema, so Swagger UI and
ReDoc (and code generated from the schema) show real payloads for every
operation. Values are what the API answers (taken from a real run), on one
small shop: a "Lighting" category with "Desk lamps" under it, a brass desk
lamp and a linen lampshade, a customer Ada and her order 100001, her wish
list, a review reported as spam, the shop's ERP listening to webhooks, the
voucher WELCOME10 (10 % off from 20.00), a site offer on lighting, and a
low-stock alert on the lampshade.

Each view's `extend_schema(examples=[...])` picks from here; a test
(tests/api/test_schema_examples.py) fails on any operation without an
example and validates each one against the schema it illustrates."""

from drf_spectacular.utils import OpenApiExample

# -- ids -----------------------------------------------------------------------

USER_ID = "8cce0bec-d376-4b7b-99a8-4c8f495ccc34"
PROFILE_ID = "607374cf-4ac2-4e65-90f0-1daa12f3e290"
ADDRESS_ID = "6ccca513-41bb-4135-bc25-e5ec7f4a7b91"
LIGHTING_ID = "0e30b20a-f385-4f54-9f5e-6d5e28cba81c"
DESK_LAMPS_ID = "31efd214-75b4-4b69-b987-eb75e2517f91"
LAMP_ID = "dc0e11a3-2cab-409d-aab9-4f3201ced226"
SHADE_ID = "06b36fcf-d623-4ea1-9b86-2cddccb9ebd4"
IMAGE_ID = "48a4d095-4219-44cd-9c88-31f90ffad671"
REVIEW_ID = "b5b6bb43-7252-444f-b9db-3bbc32eee181"
BASKET_ID = "77484ff6-0953-46f5-a77e-4450006323ed"
BASKET_LINE_ID = "eaffa779-3ef5-47ad-96fc-a7628303ff38"
ORDER_ID = "e8f6fe5a-98ad-4883-b162-195b14ed0e10"
PAYMENT_ID = "180f57e1-3191-49bd-acaf-8bacc0b80bc8"
REFUND_ID = "402e739e-12fe-447f-b897-bd08e813d53b"
WISHLIST_ID = "f913800e-96e5-4ec7-9af8-5fee50447924"
WISHLIST_KEY = "zs3ulw9yoedwn0a0r28xfe7npqyfnc3j"
REPORTED_REVIEW_ID = "970cbfdd-1cb0-4a6d-abfe-01e4f40337a0"
REVIEW_REPORT_ID = "591df7d0-2cf6-4925-8d76-f26188b092d5"
WEBHOOK_ENDPOINT_ID = "cb816308-a729-4e35-ba1c-7b803065adba"
WEBHOOK_DELIVERY_ID = "d3d4ef96-f551-49f8-b18c-d3d1b0e836b5"
WEBHOOK_EVENT_ID = "9cb95684-b4ed-4f3f-904a-6df71e3aac13"
VOUCHER_ID = "7d02e909-0c71-4b8a-bb82-20d329462cec"
STOCK_ALERT_ID = "92773e7b-0785-43a8-9f89-871f71ea74ec"
CREATED = "2026-11-27T16:45:52.223598Z"
UPDATED = "2026-11-27T16:45:52.320170Z"

# JWTs are long; these are shortened, real ones are three base64url parts.
ACCESS = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.XfQVLs8b"
REFRESH = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.LubLHKML"
)
PASSWORD = "correct-Horse-battery-9"
NEW_PASSWORD = "new-Horse-battery-10"


def _paginated(*results) -> dict:
    return {"count": len(results), "next": None, "previous": None, "results": results}


def _error(code: str, detail: str, attr: str | None = None, kind="client_error"):
    return {"type": kind, "errors": [{"code": code, "detail": detail, "attr": attr}]}


def request_example(
    name: str, value, summary: str = "", media_type: str | None = None
) -> OpenApiExample:
    return OpenApiExample(
        name, value=value, summary=summary, request_only=True, media_type=media_type
    )


def response_example(
    name: str, value, status: int = 200, summary: str = ""
) -> OpenApiExample:
    return OpenApiExample(
        name,
        value=value,
        summary=summary,
        response_only=True,
        status_codes=[str(status)],
    )


# -- values --------------------------------------------------------------------

LIGHTING = {
    "id": LIGHTING_ID,
    "name": "Lighting",
    "slug": "lighting",
    "description": "Lamps and bulbs.",
    "image": None,
    "parent": None,
}
DESK_LAMPS = {
    "id": DESK_LAMPS_ID,
    "name": "Desk lamps",
    "slug": "desk-lamps",
    "description": "",
    "image": None,
    "parent": "lighting",
}
CATEGORY = {**LIGHTING, "children": [{**DESK_LAMPS, "children": []}]}
CATEGORY_DETAIL = {
    **DESK_LAMPS,
    "children": [],
    "ancestors": [{"id": LIGHTING_ID, "name": "Lighting", "slug": "lighting"}],
}
IMAGE = {
    "id": IMAGE_ID,
    "url": "http://127.0.0.1:8000/media/images/products/2026/11/brass-lamp.png",
    "alt": "The lamp, lit",
    "position": 0,
}
PRODUCT = {
    "id": LAMP_ID,
    "name": "Brass desk lamp",
    "slug": "brass-desk-lamp",
    "price": "49.90",
    "currency": "USD",
    "category": {"slug": "desk-lamps", "name": "Desk lamps"},
    "images": [IMAGE],
    "in_stock": True,
    "available_quantity": 12,
    "rating": {"average": 5.0, "count": 1},
    "is_active": True,
    "created_at": "2026-11-27T16:45:51.395390Z",
    "updated_at": "2026-11-27T16:45:51.395402Z",
}
PRODUCT_DETAIL = {
    **PRODUCT,
    "description": "A solid brass lamp with a linen shade.",
    "stock": 12,
    "deleted_at": None,
}
PRODUCT_WRITE = {
    "name": "Brass desk lamp",
    "description": "A solid brass lamp with a linen shade.",
    "price": "49.90",
    "currency": "USD",
    "category": "desk-lamps",
    "stock": 12,
    "low_stock_threshold": 5,
    "is_active": True,
}
# What staff see of a product (create, update, restore): its reorder point too.
STAFF_PRODUCT_DETAIL = {**PRODUCT_DETAIL, "low_stock_threshold": 5}
PUBLIC_REVIEW = {
    "id": "2f23e7c6-be83-4e73-a9d9-edc5290f4d3f",
    "rating": 5,
    "comment": "Warm light, heavy base.",
    "reviewer": "Grace H.",
    "created_at": "2026-11-27T16:45:51.895109Z",
}
REVIEW = {
    "id": REVIEW_ID,
    "product": "brass-desk-lamp",
    "rating": 4,
    "comment": "Good lamp.",
    "status": "pending",
    "created_at": "2026-11-27T16:45:52.436655Z",
}
GUEST_CART = {
    "lines": [
        {"product": "brass-desk-lamp", "quantity": 2},
        {"product": "linen-lampshade", "quantity": 1},
    ]
}
QUOTE = {
    "id": None,
    "lines": [
        {
            "product": {"slug": "brass-desk-lamp", "name": "Brass desk lamp"},
            "quantity": 2,
            "unit_price": "49.90",
            "line_total": "99.80",
            "available_quantity": 12,
        },
        {
            "product": {"slug": "linen-lampshade", "name": "Linen lampshade"},
            "quantity": 1,
            "unit_price": "19.50",
            "line_total": "19.50",
            "available_quantity": 3,
        },
    ],
    "subtotal": "119.30",
    "discount": "0.00",
    "discounts": [],
    "vouchers": [],
    "total": "119.30",
    "currency": "USD",
    "num_items": 3,
}
BASKET = {
    "id": BASKET_ID,
    "lines": [
        {
            "id": BASKET_LINE_ID,
            "product": {"slug": "linen-lampshade", "name": "Linen lampshade"},
            "quantity": 1,
            "unit_price": "19.50",
            "line_total": "19.50",
        },
        {
            "id": "725ebed5-1888-4c29-9679-90803f0c5c73",
            "product": {"slug": "brass-desk-lamp", "name": "Brass desk lamp"},
            "quantity": 2,
            "unit_price": "49.90",
            "line_total": "99.80",
        },
    ],
    "subtotal": "119.30",
    "discount": "0.00",
    "discounts": [],
    "vouchers": [],
    "total": "119.30",
    "currency": "USD",
    "num_items": 3,
}
MERGED_BASKET = {
    **BASKET,
    "lines": [{**BASKET["lines"][0], "quantity": 3, "line_total": "58.50"}]
    + BASKET["lines"][1:],
    "subtotal": "158.30",
    "total": "158.30",
    "num_items": 5,
    "skipped": [{"product": "linen-lampshade", "reason": "capped_at_available_stock"}],
}

# -- vouchers and offers -------------------------------------------------------

WELCOME10 = {"code": "WELCOME10", "name": "Welcome: 10% off your first order"}
# 10 % of each line, rounded down to the cent: 9.98 + 1.95
WELCOME10_DISCOUNT = {**WELCOME10, "amount": "11.93"}
# A site offer made in the dashboard: no code, it applies by itself.
LIGHTING_WEEK_DISCOUNT = {
    "code": None,
    "name": "Lighting week: 5% off lamps",
    "amount": "5.96",
}
GUEST_CART_WITH_VOUCHER = {**GUEST_CART, "voucher_codes": ["welcome10"]}
QUOTE_WITH_VOUCHER = {
    **QUOTE,
    "discount": "11.93",
    "discounts": [WELCOME10_DISCOUNT],
    "vouchers": [WELCOME10],
    "total": "107.37",
}
QUOTE_WITH_OFFER = {
    **QUOTE,
    "discount": "5.96",
    "discounts": [LIGHTING_WEEK_DISCOUNT],
    "total": "113.34",
}
BASKET_WITH_VOUCHER = {
    **BASKET,
    "discount": "11.93",
    "discounts": [WELCOME10_DISCOUNT],
    "vouchers": [WELCOME10],
    "total": "107.37",
}
VOUCHER_WRITE = {
    "code": "welcome10",
    "name": "Welcome: 10% off your first order",
    "benefit": {"type": "percentage", "value": "10"},
    "usage": "once_per_customer",
    "start_datetime": "2026-11-01T00:00:00Z",
    "end_datetime": "2027-11-01T00:00:00Z",
    "minimum_spend": "20.00",
}
VOUCHER = {
    "id": VOUCHER_ID,
    "code": "WELCOME10",
    "name": "Welcome: 10% off your first order",
    "benefit": {"type": "percentage", "value": "10.00"},
    "usage": "once_per_customer",
    "start_datetime": "2026-11-01T00:00:00Z",
    "end_datetime": "2027-11-01T00:00:00Z",
    "minimum_spend": "20.00",
    "is_active": True,
    "num_basket_additions": 0,
    "num_orders": 0,
    "total_discount": "0.00",
    "created_at": "2026-11-27T18:07:42.694006Z",
}
VOUCHER_USED = {
    **VOUCHER,
    "num_basket_additions": 1,
    "num_orders": 1,
    "total_discount": "11.93",
}
STOCK_ALERT = {
    "id": STOCK_ALERT_ID,
    "product": {"id": SHADE_ID, "slug": "linen-lampshade", "name": "Linen lampshade"},
    "available": 2,
    "threshold": 2,
    "opened_at": "2026-11-27T18:07:42.953178Z",
}
ADDRESS_FIELDS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "line1": "12 St James's Square",
    "line4": "London",
    "postcode": "SW1Y 4JH",
    "country": "GB",
}
ORDER_ADDRESS = {
    "title": "",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "line1": "12 St James's Square",
    "line2": "",
    "line3": "",
    "line4": "London",
    "state": "",
    "postcode": "SW1Y 4JH",
    "country": "GB",
    "phone_number": "",
    "notes": "",
}
ADDRESS = {
    "id": ADDRESS_ID,
    **ORDER_ADDRESS,
    "is_default_for_shipping": False,
    "is_default_for_billing": False,
    "date_created": "2026-11-27T16:45:52.108556Z",
}
ORDER = {
    "id": ORDER_ID,
    "number": "100001",
    "status": "pending",
    "lines": [
        {
            "id": "9d64aa1d-1e53-4ef9-bb55-1ad29100a0bf",
            "product_name": "Linen lampshade",
            "product_slug": "linen-lampshade",
            "unit_price": "19.50",
            "quantity": 1,
            "line_total": "19.50",
        },
        {
            "id": "03b2b5e1-b054-4f38-ae87-576613361422",
            "product_name": "Brass desk lamp",
            "product_slug": "brass-desk-lamp",
            "unit_price": "49.90",
            "quantity": 2,
            "line_total": "99.80",
        },
    ],
    "subtotal": "119.30",
    "discount": "0.00",
    "discounts": [],
    "shipping": "0.00",
    "total": "119.30",
    "currency": "USD",
    "shipping_address": ORDER_ADDRESS,
    "shipping_method": "Free shipping",
    "tracking_number": "",
    "payment": None,
    "created_at": CREATED,
}
# Placed with WELCOME10 in the basket: the discount is part of the snapshot.
ORDER_WITH_VOUCHER = {
    **ORDER,
    "discount": "11.93",
    "discounts": [WELCOME10_DISCOUNT],
    "total": "107.37",
}
PAYMENT_SUMMARY = {"id": PAYMENT_ID, "status": "succeeded", "provider": "sandbox"}
ORDER_SHIPPED = {
    **ORDER,
    "status": "shipped",
    "tracking_number": "1Z999AA10123456784",
    "payment": PAYMENT_SUMMARY,
}
ADMIN_ORDER = {**ORDER_SHIPPED, "customer_email": "ada@example.com"}
PAYMENT = {
    "id": PAYMENT_ID,
    "order": ORDER_ID,
    "provider": "sandbox",
    "amount": "119.30",
    "currency": "USD",
    "status": "succeeded",
    "transaction_reference": "sbx_5e58d99e23be4e4fbfd4ab21ee0d79af",
    "failure_code": "",
    "client_secret": None,
    "refunds": [],
    "created_at": CREATED,
    "updated_at": UPDATED,
}
PAYMENT_DECLINED = {**PAYMENT, "status": "failed", "failure_code": "card_declined"}
PAYMENT_STRIPE_PENDING = {
    **PAYMENT,
    "provider": "stripe",
    "status": "pending",
    "transaction_reference": "pi_3QeXampleIntent",
    "client_secret": "pi_3QeXampleIntent_secret_Xy12",
}
PAYMENT_REFUNDED = {
    **PAYMENT,
    "status": "refunded",
    "refunds": [
        {
            "id": REFUND_ID,
            "amount": "119.30",
            "currency": "USD",
            "status": "succeeded",
            "reference": "sbx_re_dc394d7c69e34896a4159e31e06fdf5d",
            "created_at": "2026-11-27T16:45:52.474857Z",
        }
    ],
}
PROFILE = {
    "id": PROFILE_ID,
    "user_id": USER_ID,
    "email": "ada@example.com",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "phone_number": "+442079460000",
    "avatar": None,
    "visibility": "public",
    "created_at": "2026-11-27T16:45:52.029750Z",
    "updated_at": "2026-11-27T16:45:52.103681Z",
}

# -- wish lists, reported reviews, webhooks ------------------------------------

WISHLIST_LAMP = {
    "product": {
        "id": LAMP_ID,
        "slug": "brass-desk-lamp",
        "name": "Brass desk lamp",
        "price": "49.90",
        "currency": "USD",
        "in_stock": True,
    },
    "added_at": "2026-11-27T17:35:33.562796Z",
}
WISHLIST_SHADE = {
    "product": {
        "id": SHADE_ID,
        "slug": "linen-lampshade",
        "name": "Linen lampshade",
        "price": "19.50",
        "currency": "USD",
        "in_stock": True,
    },
    "added_at": "2026-11-27T17:35:33.586885Z",
}
WISHLIST_EMPTY = {
    "id": WISHLIST_ID,
    "name": "Birthday ideas",
    "visibility": "private",
    "key": WISHLIST_KEY,
    "items": [],
    "created_at": "2026-11-27T17:35:33.529163Z",
}
WISHLIST = {**WISHLIST_EMPTY, "items": [WISHLIST_LAMP, WISHLIST_SHADE]}
WISHLIST_SHARED = {**WISHLIST, "visibility": "shared"}
SHARED_WISHLIST = {
    "name": "Birthday ideas",
    "key": WISHLIST_KEY,
    "items": [WISHLIST_LAMP, WISHLIST_SHADE],
    "created_at": "2026-11-27T17:35:33.529163Z",
}
REVIEW_REPORT = {
    "id": REVIEW_REPORT_ID,
    "review": REPORTED_REVIEW_ID,
    "reason": "spam",
    "note": "Links to another shop.",
    "created_at": "2026-11-27T17:35:33.671897Z",
}
SPAM_REVIEW = {
    "id": REPORTED_REVIEW_ID,
    "product": "brass-desk-lamp",
    "rating": 1,
    "comment": "Cheaper lamps at lamps.example!",
    "status": "approved",
    "created_at": "2026-11-27T17:30:12.104512Z",
}
REPORTED_REVIEW = {
    "review": SPAM_REVIEW,
    "author": "lamps@lamps.example",
    "hidden": True,
    "open_reports": 3,
    "reasons": {"spam": 2, "offensive": 0, "off_topic": 1, "other": 0},
    "reports": [
        {
            "id": "70ab9d50-8e69-4d8a-8679-67adb514da5f",
            "reason": "off_topic",
            "note": "",
            "reporter": "grace@example.com",
            "created_at": "2026-11-27T17:41:02.558817Z",
        },
        {
            "id": "c5a11de8-fb62-4da7-8014-35e6fa2aff49",
            "reason": "spam",
            "note": "",
            "reporter": "alan@example.com",
            "created_at": "2026-11-27T17:38:45.019304Z",
        },
        {
            "id": REVIEW_REPORT_ID,
            "reason": "spam",
            "note": "Links to another shop.",
            "reporter": "ada@example.com",
            "created_at": "2026-11-27T17:35:33.671897Z",
        },
    ],
    "last_reported_at": "2026-11-27T17:41:02.558817Z",
}
WEBHOOK_ENDPOINT = {
    "id": WEBHOOK_ENDPOINT_ID,
    "url": "https://erp.example.com/shop-events",
    "events": ["order.paid", "order.cancelled", "payment.refunded"],
    "description": "ERP: invoices and credit notes",
    "is_active": True,
    "created_at": "2026-11-27T17:35:33.778366Z",
}
WEBHOOK_ENDPOINT_CREATED = {
    **WEBHOOK_ENDPOINT,
    "secret": "whsec_qxaYqtHb0YQNctSYDJ0az-7CzRSKb8iStUY8Q9HoS38",
}
WEBHOOK_DELIVERY = {
    "id": WEBHOOK_DELIVERY_ID,
    "event": {
        "id": WEBHOOK_EVENT_ID,
        "type": "order.paid",
        "created_at": "2026-11-27T17:52:10.318842Z",
    },
    "status": "succeeded",
    "attempt_count": 2,
    "next_attempt_at": None,
    "attempts": [
        {
            "number": 1,
            "succeeded": False,
            "status_code": 503,
            "error": "HTTP 503",
            "duration_ms": 87,
            "created_at": "2026-11-27T17:52:10.442107Z",
        },
        {
            "number": 2,
            "succeeded": True,
            "status_code": 200,
            "error": "",
            "duration_ms": 64,
            "created_at": "2026-11-27T17:52:40.515376Z",
        },
    ],
    "created_at": "2026-11-27T17:52:10.320144Z",
}

# -- errors --------------------------------------------------------------------

INSUFFICIENT_STOCK = response_example(
    "Not enough stock",
    _error("insufficient_stock", "Only 3 of 'Linen lampshade' available."),
    409,
)
NOT_FOUND = response_example(
    "Absent or not yours", _error("not_found", "Not found."), 404
)
NOT_AUTHENTICATED = response_example(
    "No bearer token",
    _error("not_authenticated", "Authentication credentials were not provided."),
    401,
)
BAD_CREDENTIALS = response_example(
    "Wrong email or password",
    _error("no_active_account", "No active account found with the given credentials"),
    401,
)
TOKEN_NOT_VALID = response_example(
    "Used, expired or revoked refresh token",
    _error("token_not_valid", "Token is blacklisted"),
    401,
)
REFRESH_NOT_VALID = response_example(
    "Used or expired refresh token",
    _error("token_not_valid", "Token is blacklisted", "refresh", "validation_error"),
    400,
)
EMAIL_TAKEN = response_example(
    "Email taken",
    _error(
        "unique",
        "An account with this email already exists.",
        "email",
        "validation_error",
    ),
    400,
)
RESET_TOKEN_INVALID = response_example(
    "Used or expired link",
    _error(
        "invalid_token",
        "This password reset link is invalid or has expired.",
        "token",
        "validation_error",
    ),
    400,
)
WRONG_PASSWORD = response_example(
    "Wrong current password",
    _error(
        "wrong_password",
        "The current password is not correct.",
        "old_password",
        "validation_error",
    ),
    400,
)
UNKNOWN_CATEGORY = response_example(
    "Unknown category",
    _error("invalid", "Unknown category 'lamps'.", "category", "validation_error"),
    400,
)
PRODUCT_NAME_TAKEN = response_example(
    "Name taken",
    _error(
        "unique",
        "A product with this name already exists.",
        "name",
        "validation_error",
    ),
    400,
)
INVALID_IMAGE = response_example(
    "Not an image",
    _error(
        "invalid_image",
        "Upload a valid image: JPEG, PNG or WebP.",
        "image",
        "validation_error",
    ),
    400,
)
CATEGORY_NOT_EMPTY = response_example(
    "Category not empty",
    _error("category_not_empty", "Delete or move the subcategories first."),
    409,
)
RATING_OUT_OF_RANGE = response_example(
    "Rating out of 1-5",
    _error(
        "max_value",
        "Ensure this value is less than or equal to 5.",
        "rating",
        "validation_error",
    ),
    400,
)
DUPLICATE_REVIEW = response_example(
    "Reviewed before",
    _error("duplicate_review", "You have already reviewed this product."),
    409,
)
CURRENCY_MISMATCH = response_example(
    "Two currencies",
    _error("currency_mismatch", "A basket holds products of one currency only."),
    409,
)
DUPLICATE_ADDRESS = response_example(
    "Already saved",
    _error("duplicate_address", "This address is already in your address book."),
    409,
)
EMPTY_BASKET = response_example(
    "Empty basket",
    _error("empty_basket", "The basket is empty.", kind="validation_error"),
    400,
)
IDEMPOTENCY_KEY_REUSED = response_example(
    "Key reused with another body",
    _error(
        "idempotency_key_reused",
        "This Idempotency-Key was used with a different request body.",
    ),
    409,
)
IDEMPOTENCY_IN_PROGRESS = response_example(
    "Same key still running (Retry-After: 1)",
    _error(
        "idempotency_request_in_progress",
        "A request with this Idempotency-Key is still running; retry shortly.",
    ),
    409,
)
ILLEGAL_TRANSITION = response_example(
    "Not allowed in this status",
    _error(
        "illegal_status_transition",
        "An order that is 'shipped' cannot be cancelled.",
    ),
    409,
)
TRACKING_NUMBER_REQUIRED = response_example(
    "Shipping without a tracking number",
    _error(
        "tracking_number_required",
        "Shipping an order needs a tracking number.",
        "tracking_number",
        "validation_error",
    ),
    400,
)
INVALID_PAYMENT_TOKEN = response_example(
    "Token refused",
    _error(
        "invalid_token",
        "Unknown sandbox token 'nope'; use tok_success, tok_fail, tok_pending or "
        "tok_timeout.",
        "token",
        "validation_error",
    ),
    400,
)
PAYMENT_EXISTS = response_example(
    "Paid already",
    _error("payment_exists", "This order already has a succeeded payment."),
    409,
)
INVALID_SIGNATURE = response_example(
    "Bad signature",
    _error(
        "invalid_signature",
        "Invalid webhook signature: Invalid or missing Sandbox-Signature.",
        kind="validation_error",
    ),
    400,
)
PARTIAL_REFUND = response_example(
    "Partial amount",
    _error(
        "partial_refund_unsupported",
        "Only full refunds are supported: 119.30 USD.",
        "amount",
        "validation_error",
    ),
    400,
)
NOT_REFUNDABLE = response_example(
    "Not refundable",
    _error("not_refundable", "A failed payment cannot be refunded."),
    409,
)

PAGE_TOO_DEEP = response_example(
    "Past the first 10,000 results",
    _error(
        "page_too_deep",
        "Only the first 10000 results can be paged through; narrow the list with "
        "filters.",
        "page",
        "validation_error",
    ),
    400,
)
WISHLIST_NOT_FOUND = response_example(
    "Absent or not yours", _error("not_found", "No such wish list."), 404
)
SHARED_WISHLIST_NOT_FOUND = response_example(
    "Private again, or no such key", _error("not_found", "No such wish list."), 404
)
NOT_ON_WISHLIST = response_example(
    "Not on the list",
    _error("not_found", "This product is not on the wish list."),
    404,
)
ALREADY_IN_WISHLIST = response_example(
    "On the list already",
    _error("already_in_wishlist", "This product is already on the wish list."),
    409,
)
UNKNOWN_PRODUCT = response_example(
    "No such product",
    _error("does_not_exist", "No such product.", "product", "validation_error"),
    400,
)
INVALID_VISIBILITY = response_example(
    "Unknown visibility",
    _error(
        "invalid_choice",
        '"public" is not a valid choice.',
        "visibility",
        "validation_error",
    ),
    400,
)
ALREADY_REPORTED = response_example(
    "Reported before",
    _error("already_reported", "You have already reported this review."),
    409,
)
OWN_REVIEW = response_example(
    "One's own review",
    _error(
        "own_review",
        "You cannot report your own review.",
        "review",
        "validation_error",
    ),
    400,
)
REVIEW_NOT_REPORTABLE = response_example(
    "No such approved review", _error("not_found", "Not found."), 404
)
NO_OPEN_REPORTS = response_example(
    "Decided already",
    _error("no_open_reports", "This review has no open reports."),
    409,
)
DEACTIVATE_NEEDS_USERS_RIGHT = response_example(
    "Deactivating without the users right",
    _error("permission_denied", "Deactivating an author needs the users right."),
    403,
)
UNSAFE_URL = response_example(
    "Private or loopback address",
    _error(
        "unsafe_url",
        "The host 127.0.0.1 resolves to a private, loopback or reserved address.",
        "url",
        "validation_error",
    ),
    400,
)
UNKNOWN_EVENT_TYPE = response_example(
    "Unknown event type",
    _error(
        "invalid_choice",
        '"order.lost" is not a valid choice.',
        "events.0",
        "validation_error",
    ),
    400,
)


def _voucher_refused(name: str, code: str, detail: str, attr: str = "code"):
    return response_example(name, _error(code, detail, attr, "validation_error"), 400)


VOUCHER_NOT_FOUND = _voucher_refused(
    "Unknown code", "voucher_not_found", "No voucher has the code 'NOPE'."
)
VOUCHER_EXPIRED = _voucher_refused(
    "Expired", "voucher_expired", "The voucher 'SPRING5' has expired."
)
VOUCHER_NOT_YET_VALID = _voucher_refused(
    "Not yet valid",
    "voucher_not_yet_valid",
    "The voucher 'SUMMER20' is valid from 2027-01-26 18:07 UTC.",
)
VOUCHER_ALREADY_USED = _voucher_refused(
    "Used already",
    "voucher_unavailable",
    "You have already used the voucher 'WELCOME10'.",
)
VOUCHER_MINIMUM_SPEND = _voucher_refused(
    "Under the minimum spend",
    "voucher_minimum_spend_not_met",
    "The voucher 'WELCOME10' needs a basket of at least 20.00 USD of eligible "
    "products.",
)
VOUCHER_NOT_APPLICABLE = _voucher_refused(
    "Nothing eligible",
    "voucher_not_applicable",
    "Nothing in the basket is eligible for the voucher 'WELCOME10'.",
)
VOUCHER_NOT_COMBINABLE = _voucher_refused(
    "Does not combine",
    "voucher_not_combinable",
    "The voucher 'ONCE' does not combine with the other discounts of this basket.",
)
QUOTE_VOUCHER_NOT_FOUND = _voucher_refused(
    "Unknown code",
    "voucher_not_found",
    "No voucher has the code 'NOPE'.",
    "voucher_codes",
)
QUOTE_VOUCHER_MINIMUM_SPEND = _voucher_refused(
    "Under the minimum spend",
    "voucher_minimum_spend_not_met",
    "The voucher 'WELCOME10' needs a basket of at least 20.00 USD of eligible "
    "products.",
    "voucher_codes",
)
VOUCHER_NOT_IN_BASKET = response_example(
    "Not in the basket",
    _error("not_found", "The basket holds no voucher 'SUMMER20'."),
    404,
)
VOUCHER_UNAVAILABLE_AT_CHECKOUT = response_example(
    "Voucher used meanwhile",
    _error(
        "voucher_unavailable",
        "The voucher 'ONCE' has already been used. Remove it from the basket to "
        "check out.",
    ),
    409,
)
VOUCHER_CODE_TAKEN = response_example(
    "Code taken",
    _error(
        "unique",
        "A voucher with this code already exists.",
        "code",
        "validation_error",
    ),
    400,
)
PERCENTAGE_OVER_100 = response_example(
    "Percentage over 100",
    _error(
        "max_value",
        "A percentage is at most 100.",
        "benefit.value",
        "validation_error",
    ),
    400,
)
STAFF_ONLY = response_example(
    "Not staff",
    _error("permission_denied", "You do not have permission to perform this action."),
    403,
)
