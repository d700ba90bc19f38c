"""The report numbers, checked against a hand computation on known orders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from forked_apps.dashboard.reports import selectors
from forked_apps.dashboard.reports.selectors import Period
from forked_apps.order.models import Order
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.shopping import fill_basket, pay, place_order


@pytest.fixture
def known_shop(staff_client):
    """Four orders over two days:
    day 1 - A: 2 x lamp (20.00) paid, then shipped and delivered -> 40.00
            B: 1 x mug (5.00), payment failed once then succeeded -> 5.00
    day 2 - C: 1 x lamp, cancelled before payment
            D: 3 x mug, pending (not paid)
    Plus one abandoned basket with a line (no order)."""
    make_product("Lamp", price="20.00", stock=10)
    make_product("Mug", price="5.00", stock=10)
    make_product("Vase", price="9.00", stock=2)  # low stock
    buyers = [bearer_client(UserFactory()) for _ in range(5)]
    a = place_order(buyers[0], {"lamp": 2})
    pay(buyers[0], a["id"])
    staff_client.patch(
        f"/api/v1/admin/orders/{a['id']}/",
        {"status": "shipped", "tracking_number": "T"},
        format="json",
    )
    staff_client.patch(
        f"/api/v1/admin/orders/{a['id']}/", {"status": "delivered"}, format="json"
    )
    b = place_order(buyers[1], {"mug": 1})
    pay(buyers[1], b["id"], token="tok_fail")
    pay(buyers[1], b["id"], token="tok_success")
    c = place_order(buyers[2], {"lamp": 1})
    buyers[2].post(f"/api/v1/orders/{c['id']}/cancel")
    d = place_order(buyers[3], {"mug": 3})
    fill_basket(buyers[4], {"mug": 1})  # abandoned

    today = timezone.localdate()
    day1 = timezone.make_aware(
        timezone.datetime.combine(
            today - timedelta(days=1), timezone.datetime.min.time()
        )
    ) + timedelta(hours=10)
    Order.objects.filter(uuid__in=[a["id"], b["id"]]).update(date_placed=day1)
    return {
        "today": today,
        "ids": {"a": a["id"], "b": b["id"], "c": c["id"], "d": d["id"]},
    }


@pytest.mark.django_db
def test_kpis_match_a_hand_computation(known_shop):
    today = known_shop["today"]
    period = Period(today - timedelta(days=1), today)

    kpis = selectors.kpis(period)

    assert [(r["orders"], r["revenue"]) for r in kpis["orders_by_day"]] == [
        (2, Decimal("45.00")),
        (2, Decimal("0.00")),
    ]
    assert kpis["orders_total"] == 4 and kpis["revenue_total"] == Decimal("45.00")
    # payments: A succeeded, B failed once then succeeded -> 2 of 3 attempts
    assert kpis["payments"] == {"succeeded": 2, "failed": 1, "rate": Decimal("66.7")}
    # baskets with lines: 4 ordered + 1 abandoned -> 80 %
    assert kpis["conversion"] == {"baskets": 5, "ordered": 4, "rate": Decimal("80.0")}
    # 1 of 4 orders delivered
    assert kpis["completion"] == {"placed": 4, "delivered": 1, "rate": Decimal("25.0")}


@pytest.mark.django_db
def test_top_products_and_low_stock(known_shop):
    today = known_shop["today"]

    top = selectors.top_products(Period(today - timedelta(days=1), today))
    low = selectors.low_stock()

    # paid lines only: lamp 2 (A), mug 1 (B); C cancelled and D pending don't count
    assert [(r["product_slug"], r["units"], r["revenue"]) for r in top] == [
        ("lamp", 2, Decimal("40.00")),
        ("mug", 1, Decimal("5.00")),
    ]
    # vase: 2 available <= 5; mug: 10 - 3 (D) - 1 (B) = 6 is fine
    assert [(r["product__slug"], r["available"]) for r in low] == [("vase", 2)]


@pytest.mark.django_db
def test_a_period_without_orders(known_shop):
    far = known_shop["today"] - timedelta(days=100)

    kpis = selectors.kpis(Period(far, far))

    assert (
        kpis["orders_total"] == 0
        and kpis["completion"]["rate"] is None
        and kpis["payments"]["rate"] is None
    )


@pytest.mark.django_db
def test_reports_page_csv_and_charts(admin_client_, known_shop):
    today = known_shop["today"]
    query = f"date_from={today - timedelta(days=1)}&date_to={today}"

    page = admin_client_.get(f"/dashboard/reports/?{query}")
    csv = admin_client_.get(f"/dashboard/reports/?{query}&download=orders_by_day")
    kpi_csv = admin_client_.get(
        f"/dashboard/reports/?{query}&download=kpis"
    ).content.decode()

    assert page.status_code == 200
    assert (
        b"chart-orders-revenue" in page.content
        and b"vendor/chartjs/chart.umd.min.js" in page.content
    )
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines() == [
        "day,orders,revenue",
        f"{today - timedelta(days=1)},2,45.00",
        f"{today},2,0.00",
    ]
    assert "payment_success_rate_percent,66.7,2,3" in kpi_csv
    for name in ("top_products", "low_stock"):
        assert (
            admin_client_.get(
                f"/dashboard/reports/?{query}&download={name}"
            ).status_code
            == 200
        )


@pytest.mark.django_db
def test_index_page_draws_the_charts(admin_client_, known_shop):
    content = admin_client_.get("/dashboard/").content

    assert b"kpi-chart-data" in content and b"chart-rates" in content


@pytest.mark.django_db
def test_reports_need_order_access(merchandiser, support):
    assert support.get("/dashboard/reports/").status_code == 200
    assert merchandiser.get("/dashboard/reports/").status_code == 403


@pytest.mark.django_db
def test_an_inverted_period_falls_back_to_the_last_30_days(admin_client_):
    response = admin_client_.get(
        "/dashboard/reports/?date_from=2026-12-01&date_to=2026-01-01"
    )

    assert response.status_code == 200 and b"start date is after" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=abc"]
)
def test_out_of_range_dates_fall_back_instead_of_failing(admin_client_, query):
    assert admin_client_.get(f"/dashboard/reports/?{query}").status_code == 200
