"""A merchandiser's day in the dashboard, in a real browser (Debian's
Chromium driven by Playwright) against a live server: log in, create a
product with an image, bulk-set stock, ship a paid order with a tracking
number, approve a review, open the reports with their chart. A screenshot of
each step goes to tests/artifacts/ (not committed); `make docs-images` also
writes the ones docs/merchandiser.md shows into docs/images/dashboard/."""

import pytest
from django.contrib.auth.models import Group

from forked_apps.catalogue.models import Product
from forked_apps.catalogue.reviews.models import ProductReview
from forked_apps.catalogue.reviews.services import review_create
from forked_apps.order.models import Order
from forked_apps.partner.models import StockRecord
from forked_apps.partner.selectors import default_partner
from tests.browser.conftest import requires_chromium, screenshot
from tests.conftest import PASSWORD, bearer_client
from tests.factories import UserFactory, make_category, make_product, png_bytes
from tests.shopping import pay, place_order

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    requires_chromium,
]


# The steps docs/merchandiser.md shows (`make docs-images` refreshes them).
DOCS = {
    "01-dashboard": "dashboard/index",
    "02-product-form": "dashboard/product-form",
    "04-bulk-stock": "dashboard/bulk-stock",
    "04b-stock-csv": "dashboard/stock-csv",
    "06-order-shipped": "dashboard/order-shipped",
    "06b-payments": "dashboard/payments",
    "07-review-approved": "dashboard/reviews",
    "08-reports": "dashboard/reports",
}


def shot(page, name: str) -> None:
    screenshot(page, name, docs=DOCS.get(name))


@pytest.fixture
def shop(settings, tmp_path):
    settings.ALLOWED_HOSTS = ["*"]
    merchandiser = UserFactory(
        email="merch@example.com", password=PASSWORD, is_staff=True
    )
    merchandiser.groups.add(
        Group.objects.get(name="Catalogue manager"),
        Group.objects.get(name="Order manager"),
    )
    lamps = make_category("Lamps")
    make_product("Desk Lamp", price="25.00", stock=3, category=lamps)
    make_product("Floor Lamp", price="80.00", stock=2, category=lamps)
    default_partner()
    customer = bearer_client(UserFactory())
    order = place_order(customer, {"desk-lamp": 1})
    pay(customer, order["id"])
    review_create(
        user=UserFactory(),
        product=Product.objects.get(slug="floor-lamp"),
        score=4,
        comment="Bright!",
    )
    image = tmp_path / "lamp.png"
    image.write_bytes(png_bytes(size=(64, 64), colour="orange"))
    return {"order": Order.objects.get(uuid=order["id"]), "image": image}


def test_a_merchandisers_day(browser_page, shop):
    page = browser_page

    # 1. log in to the dashboard
    page.goto("/dashboard/login/")
    page.fill("input[name=username]", "merch@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit][value=Login]")
    page.wait_for_url("**/dashboard/")
    assert page.locator("#kpi-charts").count() == 1
    shot(page, "01-dashboard")

    # 2. create a product with an image
    page.goto("/dashboard/catalogue/products/create/default/")
    page.fill("input[name=title]", "Reading Lamp")
    page.click("a[href='#product_category']")
    page.select_option("select[name=productcategory_set-0-category]", label="Lamps")
    page.click("a[href='#product_stock']")
    page.select_option("select[name=stockrecords-0-partner]", index=1)
    page.fill("input[name=stockrecords-0-partner_sku]", "READ-1")
    page.fill("input[name=stockrecords-0-price_currency]", "USD")
    page.fill("input[name=stockrecords-0-price]", "39.90")
    page.fill("input[name=stockrecords-0-num_in_stock]", "12")
    page.click("a[href='#product_images']")
    page.set_input_files("input[name=images-0-original]", str(shop["image"]))
    shot(page, "02-product-form")
    page.click("button[name=action][value=save]")
    page.wait_for_url("**/dashboard/catalogue/**")
    product = Product.objects.get(title="Reading Lamp")
    assert product.images.count() == 1 and product.categories.get().slug == "lamps"
    assert StockRecord.objects.get(product=product).num_in_stock == 12
    shot(page, "03-product-created")

    # 3. bulk-set stock of two products
    page.goto("/dashboard/catalogue/")
    for title in ("Desk Lamp", "Floor Lamp"):
        pk = Product.objects.get(title=title).pk
        page.check(f"input[name=selected_product][value='{pk}']")
    page.select_option("select[name=action]", "set_product_stock")
    page.get_by_role("button", name="Go", exact=True).click()
    page.wait_for_url("**/bulk-action/**")
    page.fill("input[name=stock]", "50")
    shot(page, "04-bulk-stock")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/dashboard/catalogue/")
    assert set(
        StockRecord.objects.filter(
            product__title__in=["Desk Lamp", "Floor Lamp"]
        ).values_list("num_in_stock", flat=True)
    ) == {50}
    shot(page, "05-stock-set")

    # 3b. stock and prices as CSV: the import page
    page.goto("/dashboard/catalogue/stock/import/")
    assert page.locator("input[type=file]").count() == 1
    shot(page, "04b-stock-csv")

    # 4. ship the paid order with a tracking number
    order = shop["order"]
    page.goto(f"/dashboard/orders/{order.number}/")
    page.select_option("select[name=new_status]", "shipped")
    page.fill("input[name=tracking_number]", "1Z999AA10123456784")
    page.click("#order_status_form button[type=submit]")
    page.wait_for_selector("#status-history")
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("shipped", "1Z999AA10123456784")
    shot(page, "06-order-shipped")

    # 4b. the payments list shows the order's payment, with its refund action
    page.goto("/dashboard/orders/payments/")
    assert page.get_by_text(order.number).count() >= 1
    shot(page, "06b-payments")

    # 5. approve the pending review
    page.goto("/dashboard/reviews/")
    review = ProductReview.objects.get()
    page.check(f"input[name=selected_review][value='{review.pk}']")
    page.select_option("select[name=status]", "1")
    page.locator("input[name=action][value=update_selected_review_status]").locator(
        "xpath=.."
    ).locator("button").first.click()
    page.wait_for_url("**/dashboard/reviews/")
    review.refresh_from_db()
    assert review.status == ProductReview.APPROVED
    shot(page, "07-review-approved")

    # 6. the reports page draws its chart
    page.goto("/dashboard/reports/")
    page.wait_for_selector("#chart-orders-revenue[data-rendered=true]")
    assert page.locator("#kpi-orders").inner_text() == "1"
    shot(page, "08-reports")
