"""No page of the back offices or the API docs calls another host, and none
breaks its own Content-Security-Policy: Chromium walks the dashboard, the
Wagtail admin, the Django admin and the API docs against a live server and
records every request that leaves the server's host (aborted, so the test
needs no network) and every CSP violation the pages report."""

from urllib.parse import urlsplit

import pytest
from wagtail.models import Page

from tests.browser.conftest import ARTIFACTS, requires_chromium
from tests.conftest import PASSWORD
from tests.factories import UserFactory, make_category, make_product, make_voucher
from tests.shopping import pay, place_order

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    requires_chromium,
]

# Records CSP violations in the page (Playwright's init scripts are not
# subject to the page's policy).
REPORT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || location.href}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def shop(settings):
    settings.ALLOWED_HOSTS = ["*"]
    admin = UserFactory(
        email="admin@example.com",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    product = make_product("Desk Lamp", stock=3, category=make_category("Lamps"))
    make_product("Vase", stock=1, low_stock_threshold=2)  # an open stock alert
    voucher = make_voucher("SAVE10")
    from tests.conftest import bearer_client

    customer = bearer_client(UserFactory())
    order = place_order(customer, {"desk-lamp": 1})
    pay(customer, order["id"])
    return {
        "admin": admin,
        "product": product,
        "order_number": order["number"],
        "home_page_id": Page.objects.get(depth=2).pk,
        "voucher": voucher,
    }


def test_no_page_calls_another_host_or_breaks_its_policy(browser_page, shop):
    page = browser_page
    own_host = urlsplit(page.context.pages[0].url or "http://127.0.0.1").hostname
    leaks, violations, console_errors = [], [], []

    def route(route, request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")) or host in (
            "127.0.0.1",
            "localhost",
            own_host,
        ):
            route.continue_()
        else:
            leaks.append(f"{page.url} -> {request.url}")
            route.abort()

    page.context.route("**/*", route)
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console_errors.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )

    def visit(path, wait_for=None):
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response)
        page.wait_for_load_state("networkidle")
        if wait_for:
            page.wait_for_selector(wait_for)
        violations.extend(page.evaluate("window.__cspViolations || []"))

    # the dashboard
    page.goto("/dashboard/login/")
    page.fill("input[name=username]", "admin@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit][value=Login]")
    page.wait_for_url("**/dashboard/")
    product, order_number = shop["product"], shop["order_number"]
    for path in (
        "/dashboard/",
        "/dashboard/catalogue/",
        "/dashboard/catalogue/products/create/default/",
        f"/dashboard/catalogue/products/{product.pk}/",
        "/dashboard/catalogue/categories/",
        "/dashboard/orders/",
        f"/dashboard/orders/{order_number}/",
        "/dashboard/orders/payments/",
        "/dashboard/users/",
        "/dashboard/reviews/",
        "/dashboard/reports/",
        "/dashboard/reports/classic/",
        "/dashboard/offers/",
        # promotions and stock (issue 13)
        "/dashboard/offers/new/metadata/",
        f"/dashboard/offers/{shop['voucher'].offers.get().pk}/",
        f"/dashboard/offers/{shop['voucher'].offers.get().pk}/restrictions/",
        "/dashboard/ranges/",
        "/dashboard/ranges/create/",
        "/dashboard/vouchers/",
        "/dashboard/vouchers/create/",
        f"/dashboard/vouchers/update/{shop['voucher'].pk}/",
        f"/dashboard/vouchers/stats/{shop['voucher'].pk}/",
        "/dashboard/catalogue/stock-alerts/",
        "/dashboard/reports/reorder/",
    ):
        visit(path)
    page.screenshot(path=str(ARTIFACTS / "csp-dashboard.png"), full_page=True)

    # Wagtail's admin (the same staff session)
    home_page_id = shop["home_page_id"]
    for path in (
        "/cms/",
        "/cms/pages/",
        f"/cms/pages/{home_page_id}/",
        f"/cms/pages/{home_page_id}/edit/",
        "/cms/images/",
        "/cms/documents/",
        "/cms/users/",
        "/cms/account/",
    ):
        visit(path)
    page.screenshot(path=str(ARTIFACTS / "csp-wagtail.png"), full_page=True)

    # Django's admin
    for path in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"):
        visit(path)

    # the API docs render (their content is drawn by scripts)
    visit("/api/v1/docs/", wait_for=".opblock")
    page.screenshot(path=str(ARTIFACTS / "csp-swagger.png"), full_page=True)
    visit("/api/v1/redoc/", wait_for="[role=menu] li")
    page.screenshot(path=str(ARTIFACTS / "csp-redoc.png"), full_page=True)

    assert leaks == []
    assert violations == [], "\n".join(violations)
    assert console_errors == [], "\n".join(console_errors)
