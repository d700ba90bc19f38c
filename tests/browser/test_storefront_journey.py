"""A customer's visit to the example storefront (examples/storefront/), in a
real browser (Debian's Chromium driven by Playwright). The storefront is
served by its own server (examples/storefront/serve.py) on another origin
than the API (another host and port), so every call it makes is a CORS call,
allowed because CORS_ALLOWED_ORIGINS lists its origin: browse the category
tree, filter and search, a product page with its images, rating and
reviews, a guest cart in localStorage priced by /basket/quote with a voucher
code (a mistyped one refused), log in and merge it into the basket the
customer had on the server with the code, check out with the discount line,
a declined then a successful sandbox payment, the order history with the
tracking number once staff ship, and a review; and a single-use voucher used
by someone else meanwhile, taken out at checkout. A screenshot of each step
goes to tests/artifacts/storefront/ (`make docs-images`: docs/images/storefront/
too)."""

import importlib.util
import threading
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile

from forked_apps.basket.services import (
    basket_for_user,
    basket_line_add,
    basket_voucher_add,
)
from forked_apps.catalogue.models import Product
from forked_apps.catalogue.reviews.models import ProductReview
from forked_apps.catalogue.reviews.services import review_create, review_moderate
from forked_apps.catalogue.services import product_image_add
from forked_apps.order.models import Order
from forked_apps.partner.selectors import default_partner
from project.workflows.orders import order_set_status
from tests.browser.conftest import requires_chromium, screenshot
from tests.conftest import PASSWORD, bearer_client
from tests.factories import (
    UserFactory,
    make_category,
    make_product,
    make_voucher,
    png_bytes,
)
from tests.shopping import checkout, fill_basket

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    requires_chromium,
]

SERVE = Path(__file__).resolve().parents[2] / "examples" / "storefront" / "serve.py"
TRACKING = "1Z999AA10123456784"


def _storefront_server():
    spec = importlib.util.spec_from_file_location("storefront_serve", SERVE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_server


@pytest.fixture
def storefront(live_server, settings):
    """The storefront on 127.0.0.1:<port>, the API on localhost:<port>: two
    origins. Yields the storefront's origin."""
    settings.ALLOWED_HOSTS = ["*"]
    server = _storefront_server()(
        "127.0.0.1", 0, api_url=f"{live_server.url}/api/v1", verbose=False
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    assert urlsplit(origin).netloc != urlsplit(live_server.url).netloc
    settings.CORS_ALLOWED_ORIGINS = [origin]
    yield origin
    server.shutdown()
    server.server_close()


@pytest.fixture
def shop(db):
    default_partner()
    home = make_category("Home")
    lamps = make_category("Lamps", parent=home)
    kitchen = make_category("Kitchen", parent=home)
    lamp = make_product(
        "Brass Desk Lamp",
        price="49.90",
        stock=5,
        category=lamps,
        description="A solid brass lamp with a linen shade.",
    )
    for position, colour in enumerate(["orange", "teal"]):
        product_image_add(
            product=lamp,
            image=ContentFile(png_bytes((240, 180), colour), name=f"lamp-{colour}.png"),
            alt=f"Brass Desk Lamp, view {position + 1}",
        )
    make_product("Linen Lampshade", price="19.50", stock=3, category=lamps)
    make_product("Sold Out Vase", price="30.00", stock=0, category=lamps)
    mug = make_product("Stoneware Mug", price="12.00", stock=10, category=kitchen)
    grace = UserFactory(email="grace@example.com")
    grace.profile.first_name, grace.profile.last_name = "Grace", "Hopper"
    grace.profile.save()
    review = review_create(user=grace, product=lamp, score=5, comment="Warm light.")
    review_moderate(reviews=[review], status="approved")
    ada = UserFactory(email="ada@example.com", password=PASSWORD)
    # Ada put a mug in her basket on another device: the merge adds to it.
    basket_line_add(basket=basket_for_user(ada), product=mug, quantity=1)
    # the shop's welcome voucher, made as the staff API makes one
    make_voucher(
        "WELCOME10",
        name="Welcome: 10% off your first order",
        usage="once_per_customer",
        minimum_spend="20.00",
    )
    return {"ada": ada}


def _watch(page, storefront_origin, api_origin):
    """Record where the page's requests go, the API's refusals (4xx, which
    the browser also logs as failed loads) and what else the browser
    complains about."""
    seen = {"api": 0, "other": [], "errors": [], "cors": [], "refused": []}

    def on_request(request):
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(request.url))
        if origin == api_origin and "/api/v1/" in request.url:
            seen["api"] += 1
        elif origin not in (storefront_origin, api_origin):
            seen["other"].append(request.url)

    def on_response(response):
        if "/api/v1/" in response.url and response.request.method != "OPTIONS":
            seen["cors"].append(response.headers.get("access-control-allow-origin"))
            if response.status >= 400:
                path = urlsplit(response.url).path
                seen["refused"].append((response.request.method, path, response.status))

    def on_console(message):
        refusal = message.text.startswith("Failed to load resource: the server")
        if message.type == "error" and not refusal:
            seen["errors"].append(message.text)

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("console", on_console)
    return seen


def _open(chromium, origin):
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, base_url=origin)
    page.set_default_timeout(15_000)
    return page


def _go(page, path):
    page.goto(path)
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("main[aria-busy=false]")


def _shot(page, name):
    screenshot(page, f"storefront/{name}", docs=f"storefront/{name}")


def _apply_code(page, code):
    page.fill("#voucher input[name=code]", code)
    page.click("#voucher button[type=submit]")


def _log_in(page, email):
    page.wait_for_selector("#login")
    page.fill("#login input[name=email]", email)
    page.fill("#login input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")


def _fill_address(page):
    for name, value in {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "line1": "12 St James's Square",
        "line4": "London",
        "postcode": "SW1Y 4JH",
        "country": "GB",
    }.items():
        page.fill(f"#address input[name={name}]", value)


def test_a_customer_shops_from_another_origin(chromium, storefront, live_server, shop):
    page = _open(chromium, storefront)
    seen = _watch(page, storefront, live_server.url)

    # 1. the home page: the category tree and every product, from the API
    _go(page, "/")
    assert page.locator(".categories").get_by_text("Lamps").count() == 1
    assert page.locator(".card").count() == 4
    _shot(page, "01-home")

    # 2. a category, filtered: in stock only, cheapest first
    page.locator(".categories").get_by_role("link", name="Lamps").click()
    page.wait_for_selector("h1:has-text('Lamps')")
    page.check("#filters input[name=in_stock]")
    page.select_option("#filters select[name=ordering]", "price")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**in_stock=true**")
    page.wait_for_selector("main[aria-busy=false]")
    names = page.locator(".card h3").all_inner_texts()
    assert names == ["Linen Lampshade", "Brass Desk Lamp"]  # no sold-out vase
    assert page.inner_text(".breadcrumb") == "Home › Lamps"
    _shot(page, "02-category-filtered")

    # 3. search from the header
    page.fill("#search input[name=search]", "mug")
    page.press("#search input[name=search]", "Enter")
    page.wait_for_url("**search=mug**")
    page.wait_for_selector("main[aria-busy=false]")
    assert page.locator(".card h3").all_inner_texts() == ["Stoneware Mug"]

    # 4. the product page: images (loaded), rating, the approved review
    _go(page, "/products/brass-desk-lamp/")
    page.wait_for_function(
        "document.querySelector('.main-image') && "
        "document.querySelector('.main-image').naturalWidth > 0"
    )
    assert page.locator(".thumbs img").count() == 2
    assert "5.0 from 1 reviews" in page.inner_text("#rating")
    assert "Warm light." in page.inner_text("#reviews")
    assert "Grace H." in page.inner_text("#reviews")
    _shot(page, "03-product")

    # 5. a guest cart: two lamps and a shade, kept in localStorage only
    page.fill("#add-to-cart input[name=quantity]", "2")
    page.click("#add-to-cart button[type=submit]")
    page.wait_for_selector("#add-to-cart .notice.success")
    _go(page, "/products/linen-lampshade/")
    page.click("#add-to-cart button[type=submit]")
    page.wait_for_selector("#add-to-cart .notice.success")
    assert page.inner_text("#cart-count") == "3"
    stored = page.evaluate("JSON.parse(localStorage.getItem('shop.cart'))")
    assert stored == [
        {"product": "brass-desk-lamp", "quantity": 2},
        {"product": "linen-lampshade", "quantity": 1},
    ]

    # 6. the cart, priced by POST /basket/quote; a mistyped voucher code is
    # refused with the shop's reason, the right one (any case) is kept with
    # the guest cart and priced as a discount line
    _go(page, "/cart/")
    assert "119.30 USD" in page.inner_text("#cart-total")  # 2 x 49.90 + 19.50
    _apply_code(page, "WELC0ME10")
    page.wait_for_selector(".cart .notice.error")
    assert "No voucher has the code 'WELC0ME10'" in page.inner_text(".cart")
    _apply_code(page, "welcome10")
    page.wait_for_selector(".totals tr.discount[data-code=WELCOME10]")
    discount = page.inner_text(".totals tr.discount")
    assert "Welcome: 10% off your first order" in discount
    assert "−11.93 USD" in discount  # 9.98 + 1.95, each line rounded down
    assert "107.37 USD" in page.inner_text("#cart-total")
    codes = page.evaluate("JSON.parse(localStorage.getItem('shop.vouchers'))")
    assert codes == ["WELCOME10"]
    # removed, then applied again
    page.click(".totals tr.discount button")
    page.wait_for_selector("main[aria-busy=false] #cart-total:has-text('119.30')")
    assert page.locator(".totals tr.discount").count() == 0
    assert page.evaluate("localStorage.getItem('shop.vouchers')") is None
    _apply_code(page, "WELCOME10")
    page.wait_for_selector(".totals tr.discount[data-code=WELCOME10]")
    _shot(page, "04-guest-cart")

    # 7. log in: the guest cart merges into the mug already on the server,
    # and the code goes into the basket with it
    page.click("text=Log in to check out")
    _log_in(page, "ada@example.com")
    page.wait_for_selector("#address")
    assert "4 items" in page.inner_text("#address .items")
    # 131.30 - (9.98 + 1.95 + 1.20)
    assert "118.17 USD" in page.inner_text("#checkout-total")
    assert "−13.13 USD" in page.inner_text("#address .totals tr.discount")
    assert page.evaluate("localStorage.getItem('shop.cart')") is None
    assert page.evaluate("localStorage.getItem('shop.vouchers')") is None
    basket = basket_for_user(shop["ada"])
    assert sorted(
        (line.product.title, line.quantity) for line in basket.all_lines()
    ) == [("Brass Desk Lamp", 2), ("Linen Lampshade", 1), ("Stoneware Mug", 1)]
    assert [voucher.code for voucher in basket.vouchers.all()] == ["WELCOME10"]

    # 8. checkout: the address, the order with its discount
    _fill_address(page)
    _shot(page, "05-checkout")
    page.click("#address button[type=submit]")
    page.wait_for_selector("#payment")
    order = Order.objects.get(user=shop["ada"])
    assert (order.status, order.total_incl_tax) == ("pending", Decimal("118.17"))
    [kept] = order.discounts.all()
    assert (kept.voucher_code, kept.amount) == ("WELCOME10", Decimal("13.13"))
    assert "Pay 118.17 USD" in page.inner_text("#payment")

    # 9. a declined card, then one that works
    page.select_option("#payment select[name=token]", "tok_fail")
    page.click("#payment button[type=submit]")
    page.wait_for_selector("#payment .notice.error")
    assert "card_declined" in page.inner_text("#payment")
    page.select_option("#payment select[name=token]", "tok_success")
    page.click("#payment button[type=submit]")
    page.wait_for_selector("#order-status")
    assert "Status: paid" in page.inner_text("#order-status")
    assert "−13.13 USD" in page.inner_text(".totals tr.discount")
    assert "118.17 USD" in page.inner_text("#order-total")
    _shot(page, "06-paid")

    # 10. staff ship it; the order history shows the tracking number
    order.refresh_from_db()
    order_set_status(
        order=order,
        by=UserFactory(is_staff=True),
        status="shipped",
        tracking_number=TRACKING,
    )
    _go(page, "/account/")
    row = page.locator(f"#orders tr[data-number='{order.number}']")
    assert row.locator(".status").inner_text() == "shipped"
    assert row.locator(".tracking").inner_text() == TRACKING
    _shot(page, "07-orders")

    # 11. a review of the lampshade, pending moderation
    _go(page, "/products/linen-lampshade/")
    page.select_option("#review-form select[name=rating]", "4")
    page.fill("#review-form textarea[name=comment]", "Soft light, good fit.")
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#review-form .notice.success")
    review = ProductReview.objects.get(user=shop["ada"])
    assert (review.product.slug, review.score, review.status) == (
        "linen-lampshade",
        4,
        ProductReview.FOR_MODERATION,
    )
    _shot(page, "08-review")

    # every API call crossed origins, was allowed for the storefront's, and
    # nothing went to a third host or failed in the browser
    assert seen["api"] > 20
    assert set(seen["cors"]) == {storefront}
    assert seen["other"] == []
    assert seen["errors"] == []
    # the one refusal: the mistyped code, checked by a quote
    assert seen["refused"] == [("POST", "/api/v1/basket/quote", 400)]
    # and the two lamps left the shop's stock when the order shipped
    lamp_stock = Product.objects.get(slug="brass-desk-lamp").stockrecords.get()
    assert (lamp_stock.num_in_stock, lamp_stock.num_allocated) == (3, 0)


def test_a_voucher_used_meanwhile_is_taken_out_at_checkout(
    chromium, storefront, live_server, shop
):
    # given: Ada's basket (her mug) holds a single-use voucher
    ada = shop["ada"]
    make_voucher(
        "SORRY-5",
        name="Sorry for the delay",
        benefit_type="fixed",
        value="5",
        usage="single_use",
    )
    basket_voucher_add(basket=basket_for_user(ada), user=ada, code="sorry-5")
    page = _open(chromium, storefront)
    seen = _watch(page, storefront, live_server.url)
    _go(page, "/login/?next=/checkout/")
    _log_in(page, "ada@example.com")
    page.wait_for_selector("#address .totals tr.discount[data-code=SORRY-5]")
    assert "7.00 USD" in page.inner_text("#checkout-total")
    _fill_address(page)

    # when: another customer's order uses it first, then Ada places hers
    alan = bearer_client(UserFactory(email="alan@example.com"))
    fill_basket(alan, {"stoneware-mug": 1})
    applied = alan.post("/api/v1/basket/vouchers", {"code": "SORRY-5"}, format="json")
    assert applied.status_code == 200, applied.content
    assert checkout(alan).status_code == 201
    page.click("#address button[type=submit]")

    # then: nothing was ordered; the storefront took the voucher out, says
    # so, and shows the full price; placing the order again works
    page.wait_for_selector("main > .notice.info")
    assert "SORRY-5 can no longer be used" in page.inner_text("main > .notice.info")
    assert not Order.objects.filter(user=ada).exists()
    assert "12.00 USD" in page.inner_text("#checkout-total")
    assert page.locator("#address .totals tr.discount").count() == 0
    _fill_address(page)
    page.click("#address button[type=submit]")
    page.wait_for_selector("#payment")
    order = Order.objects.get(user=ada)
    assert order.total_incl_tax == Decimal("12.00") and not order.discounts.exists()
    assert seen["errors"] == []
    assert seen["refused"] == [("POST", "/api/v1/orders/", 409)]


def test_an_origin_the_shop_does_not_list_is_refused_by_the_browser(
    chromium, storefront, settings, shop
):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example"]
    page = _open(chromium, storefront)
    blocked = []
    page.on(
        "console",
        lambda message: "CORS policy" in message.text and blocked.append(message.text),
    )

    _go(page, "/")

    assert page.locator(".card").count() == 0
    assert "Something went wrong" in page.inner_text("main")
    assert blocked  # the browser, not the API, refused the answers
