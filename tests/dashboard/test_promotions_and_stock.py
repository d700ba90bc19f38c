"""The dashboard's offer, range and voucher pages (Oscar's) with our roles,
their results in the API, the low stock alerts list, the product form's
threshold and the reorder report."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_class

from forked_apps.order.models import Order
from forked_apps.partner.models import StockAlert, StockRecord
from forked_apps.voucher.models import Voucher
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_category, make_product, make_voucher
from tests.helpers import max_statements
from tests.shopping import fill_basket, place_order

ConditionalOffer = get_class("offer.models", "ConditionalOffer")
Range = get_class("offer.models", "Range")


def when(delta: timedelta) -> str:
    return (timezone.localtime() + delta).strftime("%Y-%m-%d %H:%M")


def make_offer_in_dashboard(
    client, *, name, offer_type, products: Range, percent, days=7
) -> ConditionalOffer:
    """Oscar's four-step offer wizard, as a merchandiser fills it in."""
    steps = [
        ("metadata", {"name": name, "description": "", "offer_type": offer_type}),
        ("incentive", {"range": products.pk, "type": "Percentage", "value": percent}),
        ("condition", {"range": products.pk, "type": "Count", "value": "1"}),
        (
            "restrictions",
            {
                "start_datetime": when(-timedelta(hours=1)),
                "end_datetime": when(timedelta(days=days)),
                "priority": "0",
                "exclusive": "on",
            },
        ),
    ]
    for step, data in steps:
        response = client.post(f"/dashboard/offers/new/{step}/", data)
        assert response.status_code == 302, (step, response.content[:2000])
    return ConditionalOffer.objects.get(name=name)


@pytest.fixture
def lamps(db):
    category = make_category("Lamps")
    make_product("Desk Lamp", price="40.00", stock=10, category=category)
    make_product("Mug", price="5.00", stock=10)
    return category


@pytest.mark.django_db
def test_a_site_offer_made_in_the_dashboard_applies_in_the_api(
    merchandiser, lamps, user_client, api_client
):
    # given: a range of the Lamps category, made in the dashboard
    response = merchandiser.post(
        "/dashboard/ranges/create/",
        {"name": "Lamps", "description": "", "included_categories": [lamps.pk]},
    )
    assert response.status_code == 302, response.content[:2000]
    products = Range.objects.get(name="Lamps")

    # when: 25 % off it for a week
    offer = make_offer_in_dashboard(
        merchandiser,
        name="Lamp week",
        offer_type="Site",
        products=products,
        percent="25",
    )

    # then
    assert merchandiser.get(f"/dashboard/offers/{offer.pk}/").status_code == 200
    fill_basket(user_client, {"desk-lamp": 1, "mug": 2})
    basket = user_client.get("/api/v1/basket/").json()
    assert basket["discounts"] == [
        {"code": None, "name": "Lamp week", "amount": "10.00"}
    ]
    assert basket["total"] == "40.00"
    guest = api_client.post(
        "/api/v1/basket/quote",
        {"lines": [{"product": "desk-lamp", "quantity": 1}]},
        format="json",
    ).json()
    assert guest["discounts"] == basket["discounts"] and guest["total"] == "30.00"


@pytest.mark.django_db
def test_a_voucher_made_in_the_dashboard_works_in_the_api(
    merchandiser, lamps, user_client
):
    products = Range.objects.create(name="Everything", includes_all_products=True)
    offer = make_offer_in_dashboard(
        merchandiser,
        name="Spring voucher offer",
        offer_type="Voucher",
        products=products,
        percent="10",
    )

    response = merchandiser.post(
        "/dashboard/vouchers/create/",
        {
            "name": "Spring",
            "code": "spring10",
            "start_datetime": when(-timedelta(hours=1)),
            "end_datetime": when(timedelta(days=30)),
            "usage": Voucher.MULTI_USE,
            "offers": [offer.pk],
        },
    )

    assert response.status_code == 302, response.content[:2000]
    voucher = Voucher.objects.get(code="SPRING10")
    staff = bearer_client(merchandiser.user)
    listed = staff.get("/api/v1/admin/vouchers/").json()["results"][0]
    assert listed["id"] == str(voucher.uuid) and listed["benefit"] == {
        "type": "percentage",
        "value": "10.00",
    }
    fill_basket(user_client, {"desk-lamp": 1})
    body = user_client.post(
        "/api/v1/basket/vouchers", {"code": "Spring10"}, format="json"
    ).json()
    assert body["discounts"] == [
        {"code": "SPRING10", "name": "Spring voucher offer", "amount": "4.00"}
    ]


@pytest.mark.django_db
def test_a_voucher_set_made_in_the_dashboard_gives_codes_of_one_use(
    merchandiser, lamps, user_client
):
    offer = make_voucher("SAVE10").offers.get()

    response = merchandiser.post(
        "/dashboard/vouchers/sets/create/",
        {
            "name": "Newsletter",
            "code_length": 12,
            "description": "One code per subscriber",
            "start_datetime": when(-timedelta(hours=1)),
            "end_datetime": when(timedelta(days=30)),
            "count": 3,
            "usage": Voucher.SINGLE_USE,
            "offers": [offer.pk],
        },
    )

    assert response.status_code == 302, response.content[:2000]
    generated = list(Voucher.objects.filter(voucher_set__name="Newsletter"))
    assert len(generated) == 3 and len({v.uuid for v in generated}) == 3
    fill_basket(user_client, {"desk-lamp": 1})
    code = generated[0].code.lower()  # customers may type it in any case
    body = user_client.post(
        "/api/v1/basket/vouchers", {"code": code}, format="json"
    ).json()
    assert body["total"] == "36.00"


@pytest.mark.django_db
def test_voucher_and_offer_pages_load_for_the_catalogue_manager(merchandiser):
    voucher = make_voucher("SAVE10")
    offer = voucher.offers.get()
    for url in (
        "/dashboard/vouchers/",
        "/dashboard/vouchers/create/",
        f"/dashboard/vouchers/update/{voucher.pk}/",
        f"/dashboard/vouchers/stats/{voucher.pk}/",
        "/dashboard/vouchers/sets/",
        "/dashboard/vouchers/sets/create/",
        "/dashboard/offers/",
        "/dashboard/offers/new/metadata/",
        f"/dashboard/offers/{offer.pk}/",
        f"/dashboard/offers/{offer.pk}/metadata/",
        "/dashboard/ranges/",
        "/dashboard/ranges/create/",
    ):
        assert merchandiser.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_product_forms_threshold_opens_an_alert(
    superuser, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    manager = UserFactory(email="manager@shop.example", is_staff=True)
    manager.groups.add(Group.objects.get(name="Catalogue manager"))
    StockRecordForm = get_class("dashboard.catalogue.forms", "StockRecordForm")
    lamp = make_product("Lamp", stock=4)
    record = StockRecord.objects.get(product=lamp)
    form = StockRecordForm(
        lamp.product_class,
        superuser,
        data={
            "partner": record.partner_id,
            "partner_sku": record.partner_sku,
            "price_currency": "USD",
            "price": "9.00",
            "num_in_stock": 4,
            "low_stock_threshold": 5,
        },
        instance=record,
    )

    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        form.save()

    assert StockAlert.objects.get(stockrecord=record).status == StockAlert.OPEN
    assert [m.to for m in mail.outbox] == [["manager@shop.example"]]


@pytest.mark.django_db
def test_the_stock_alert_list_shows_open_alerts_without_a_query_per_row(
    merchandiser,
):
    for n in range(3):
        make_product(f"Few {n}", stock=1, low_stock_threshold=2)
    with max_statements(40) as few:
        assert merchandiser.get("/dashboard/catalogue/stock-alerts/").status_code == 200
    for n in range(12):
        make_product(f"More {n}", stock=0, low_stock_threshold=2)

    with max_statements(len(few)) as many:
        response = merchandiser.get("/dashboard/catalogue/stock-alerts/?status=Open")

    assert response.status_code == 200 and len(many) == len(few)
    assert b"More 11" in response.content and b"Few 0" in response.content


# --- the reorder report -----------------------------------------------------------


@pytest.fixture
def sales(db):
    """Lamp: 16 in stock, threshold 5; 7 sold in the last 30 days (4 + 3),
    2 more on a cancelled order, 6 on an order of 40 days ago still held:
    3 available."""
    make_product("Lamp", price="10.00", stock=16, low_stock_threshold=5)
    make_product("Vase", price="10.00", stock=2, low_stock_threshold=2)  # no sales
    make_product("Mug", price="10.00", stock=1)  # no threshold
    make_product("Bowl", price="10.00", stock=9, low_stock_threshold=1)  # above
    make_product("Gone", price="10.00", stock=0, low_stock_threshold=3).soft_delete()
    make_product("=HYPERLINK(1)", price="10.00", stock=0, low_stock_threshold=0)
    buyer = bearer_client(UserFactory())
    place_order(buyer, {"lamp": 4})
    place_order(buyer, {"lamp": 3})
    cancelled = place_order(buyer, {"lamp": 2})
    buyer.post(f"/api/v1/orders/{cancelled['id']}/cancel")
    old = place_order(buyer, {"lamp": 6})
    Order.objects.filter(uuid=old["id"]).update(
        date_placed=timezone.now() - timedelta(days=40)
    )


@pytest.mark.django_db
def test_the_reorder_report_suggests_a_months_sales_above_the_threshold(
    merchandiser, sales
):
    response = merchandiser.get("/dashboard/reports/reorder/")

    assert response.status_code == 200
    rows = {row["product__slug"]: row for row in response.context["rows"]}
    assert set(rows) == {"lamp", "vase", "hyperlink1"}
    lamp = rows["lamp"]
    assert (lamp["available"], lamp["threshold"], lamp["sold"]) == (3, 5, 7)
    assert lamp["suggested"] == 5 + 7 - 3
    assert lamp["alert_opened_at"] is not None
    assert rows["vase"]["sold"] == 0 and rows["vase"]["suggested"] == 2 + 1 - 2
    assert b"Suggested reorder" in response.content


@pytest.mark.django_db
def test_the_reorder_report_as_csv(merchandiser, sales):
    response = merchandiser.get("/dashboard/reports/reorder/?download=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "product_slug,product_name,sku,available,threshold,sold_last_30_days,"
        "suggested_reorder,alert_opened_at"
    )
    by_slug = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert by_slug["lamp"][3:7] == ["3", "5", "7", "9"]
    assert by_slug["hyperlink1"][1] == "'=HYPERLINK(1)"  # inert in a spreadsheet


@pytest.mark.django_db
def test_the_reorder_report_is_for_stock_managers(merchandiser, order_manager):
    assert merchandiser.get("/dashboard/reports/reorder/").status_code == 200
    assert order_manager.get("/dashboard/reports/reorder/").status_code == 403
