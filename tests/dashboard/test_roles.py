"""Every dashboard page listed in the backoffice issue loads for its role and
refuses the wrong one."""

import pytest

from tests.dashboard.conftest import role_client
from tests.factories import make_product

PAGES = {
    "/dashboard/": {"Catalogue manager", "Order manager", "Support"},
    "/dashboard/catalogue/": {"Catalogue manager"},
    "/dashboard/catalogue/stock/import/": {"Catalogue manager"},
    "/dashboard/catalogue/stock/export/": {"Catalogue manager"},
    "/dashboard/orders/": {"Order manager", "Support"},
    "/dashboard/orders/payments/": {"Order manager", "Support"},
    "/dashboard/reviews/": {"Catalogue manager", "Support"},
    "/dashboard/users/": {"Order manager", "Support"},
    "/dashboard/reports/": {"Order manager", "Support"},
    # promotions and stock (issue 13)
    "/dashboard/offers/": {"Catalogue manager"},
    "/dashboard/ranges/": {"Catalogue manager"},
    "/dashboard/vouchers/": {"Catalogue manager"},
    "/dashboard/vouchers/sets/": {"Catalogue manager"},
    "/dashboard/catalogue/stock-alerts/": {"Catalogue manager"},
    "/dashboard/reports/reorder/": {"Catalogue manager"},
}
ROLES = ["Catalogue manager", "Order manager", "Support"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_pages_load_for_the_right_role_only(role):
    make_product("Lamp")
    client = role_client(role)

    for url, allowed in PAGES.items():
        status = client.get(url).status_code
        assert status == (200 if role in allowed else 403), (role, url, status)


@pytest.mark.django_db
def test_customers_and_anonymous_users_are_kept_out(client, user):
    for url in PAGES:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "login" in anonymous["Location"], url
    client.force_login(user)
    for url in PAGES:
        assert client.get(url).status_code in (302, 403), url
