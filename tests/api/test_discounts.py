"""Vouchers in the basket, the quote and the order, and site offers that
apply by themselves (docs/api.md "Vouchers and offers"): discount lines,
totals to the cent in the basket, the quote and the order, each refusal's
reason, and what checkout keeps."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from forked_apps.basket.models import Basket
from forked_apps.order.models import Order
from forked_apps.partner.models import StockRecord
from forked_apps.voucher.models import Voucher
from tests.conftest import bearer_client
from tests.factories import (
    UserFactory,
    make_category,
    make_product,
    make_site_offer,
    make_voucher,
)
from tests.helpers import assert_error, max_statements
from tests.shopping import checkout, fill_basket

VOUCHERS = "/api/v1/basket/vouchers"


@pytest.fixture
def lamp(db):
    return make_product("Lamp", price="19.99", stock=50)


@pytest.fixture
def mug(db):
    return make_product("Mug", price="4.50", stock=50)


def apply(client, code):
    return client.post(VOUCHERS, {"code": code}, format="json")


def quote(client, lines: dict[str, int], codes=None):
    body = {"lines": [{"product": s, "quantity": q} for s, q in lines.items()]}
    if codes is not None:
        body["voucher_codes"] = codes
    return client.post("/api/v1/basket/quote", body, format="json")


def money(value: str) -> Decimal:
    return Decimal(value)


def assert_adds_up(body: dict) -> None:
    """subtotal = sum of line totals; total = subtotal - discount (+ shipping)."""
    lines = sum(money(line["line_total"]) for line in body["lines"])
    discounts = sum(money(d["amount"]) for d in body["discounts"])
    assert money(body["subtotal"]) == lines, body
    assert money(body["discount"]) == discounts, body
    shipping = money(body.get("shipping", "0"))
    assert money(body["total"]) == lines - discounts + shipping, body


# --- applying a voucher to the basket -------------------------------------------


@pytest.mark.django_db
def test_a_voucher_lowers_the_total_with_a_discount_line(user_client, lamp, mug):
    make_voucher("SAVE10", name="Ten percent off", value="10")
    fill_basket(user_client, {"lamp": 2, "mug": 1})  # 39.98 + 4.50

    response = apply(user_client, "save10")  # any case

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["discounts"] == [
        {"code": "SAVE10", "name": "Ten percent off", "amount": "4.44"}
    ]
    assert body["vouchers"] == [{"code": "SAVE10", "name": "Ten percent off"}]
    assert body["subtotal"] == "44.48" and body["total"] == "40.04"
    assert_adds_up(body)
    assert user_client.get("/api/v1/basket/").json() == body
    assert Voucher.objects.get(code="SAVE10").num_basket_additions == 1


@pytest.mark.django_db
def test_a_fixed_voucher_takes_its_amount_off(user_client, lamp, mug):
    make_voucher("FIVE", benefit_type="fixed", value="5.00")
    fill_basket(user_client, {"lamp": 1, "mug": 1})

    body = apply(user_client, "FIVE").json()

    assert body["discounts"][0]["amount"] == "5.00" and body["total"] == "19.49"
    assert_adds_up(body)


@pytest.mark.django_db
def test_a_fixed_voucher_never_takes_more_than_the_basket(user_client, mug):
    make_voucher("BIG", benefit_type="fixed", value="100.00")
    fill_basket(user_client, {"mug": 1})

    body = apply(user_client, "BIG").json()

    assert body["discounts"][0]["amount"] == "4.50" and body["total"] == "0.00"


@pytest.mark.django_db
def test_percentages_are_whole_cents_and_add_up(user_client):
    # 15 % of 9.99 is 1.4985 per unit: each line's share is rounded down to
    # the cent and the discount line is their sum, so nothing is off by one.
    for name in ("A", "B", "C"):
        make_product(name, price="9.99", stock=10)
    make_voucher("ODD15", value="15")
    fill_basket(user_client, {"a": 1, "b": 1, "c": 3})

    body = apply(user_client, "ODD15").json()

    assert body["subtotal"] == "49.95"
    assert body["discounts"][0]["amount"] == "7.47"  # 1.49 + 1.49 + 4.49
    assert body["total"] == "42.48"
    assert_adds_up(body)


@pytest.mark.django_db
def test_applying_the_same_voucher_twice_changes_nothing(user_client, lamp):
    make_voucher("SAVE10")
    fill_basket(user_client, {"lamp": 1})
    first = apply(user_client, "SAVE10").json()

    second = apply(user_client, "Save10")

    assert second.status_code == 200 and second.json() == first
    assert Voucher.objects.get().num_basket_additions == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("voucher", "code"),
    [
        ({}, "NOPE"),
        ({"ends": timezone.now() - timedelta(minutes=1)}, "voucher_expired"),
        ({"starts": timezone.now() + timedelta(days=1)}, "voucher_not_yet_valid"),
        ({"minimum_spend": "50.00"}, "voucher_minimum_spend_not_met"),
    ],
)
def test_a_voucher_that_cannot_be_used_is_400_with_its_reason(
    user_client, lamp, voucher, code
):
    if voucher:
        make_voucher(
            "CODE",
            starts=voucher.get("starts"),
            ends=voucher.get("ends"),
            minimum_spend=voucher.get("minimum_spend"),
        )
        if "ends" in voucher:  # made expired: valid from before its end
            Voucher.objects.update(start_datetime=voucher["ends"] - timedelta(days=1))
    fill_basket(user_client, {"lamp": 1})  # 19.99

    response = apply(user_client, "CODE")

    expected = "voucher_not_found" if code == "NOPE" else code
    body = assert_error(response, 400, code=expected, attr="code")
    assert "CODE" in body["errors"][0]["detail"]
    basket = Basket.objects.get(owner__isnull=False)
    assert not basket.vouchers.exists()
    assert user_client.get("/api/v1/basket/").json()["discounts"] == []


@pytest.mark.django_db
def test_the_minimum_spend_counts_the_basket_as_it_is(user_client, lamp):
    make_voucher("SPEND50", minimum_spend="50.00", value="20")
    fill_basket(user_client, {"lamp": 2})  # 39.98
    assert_error(apply(user_client, "SPEND50"), 400, "voucher_minimum_spend_not_met")

    fill_basket(user_client, {"lamp": 1})  # 59.97
    body = apply(user_client, "SPEND50").json()

    assert body["discounts"][0]["amount"] == "11.99" and body["total"] == "47.98"


@pytest.mark.django_db
def test_an_empty_basket_qualifies_for_nothing(user_client):
    make_voucher("SAVE10")

    assert_error(apply(user_client, "SAVE10"), 400, "voucher_not_applicable", "code")


@pytest.mark.django_db
def test_a_used_single_use_voucher_is_refused(user_client, lamp):
    make_voucher("ONCE", usage="single_use")
    other = bearer_client(UserFactory())
    fill_basket(other, {"lamp": 1})
    assert apply(other, "ONCE").status_code == 200
    assert checkout(other).status_code == 201
    fill_basket(user_client, {"lamp": 1})

    body = assert_error(apply(user_client, "ONCE"), 400, "voucher_unavailable")

    assert "already been used" in body["errors"][0]["detail"]


@pytest.mark.django_db
def test_once_per_customer_means_once_for_each(user_client, lamp):
    make_voucher("WELCOME", usage="once_per_customer")
    fill_basket(user_client, {"lamp": 1})
    assert apply(user_client, "WELCOME").status_code == 200
    assert checkout(user_client).status_code == 201

    fill_basket(user_client, {"lamp": 1})
    assert_error(apply(user_client, "WELCOME"), 400, "voucher_unavailable")
    other = bearer_client(UserFactory())
    fill_basket(other, {"lamp": 1})
    assert apply(other, "WELCOME").status_code == 200


@pytest.mark.django_db
def test_a_voucher_whose_offer_is_suspended_gives_nothing(user_client, lamp):
    voucher = make_voucher("SAVE10")
    fill_basket(user_client, {"lamp": 1})
    assert apply(user_client, "SAVE10").status_code == 200

    voucher.offers.get().suspend()  # the dashboard's "Suspend" button

    assert user_client.get("/api/v1/basket/").json()["total"] == "19.99"
    user_client.delete(f"{VOUCHERS}/SAVE10")
    assert_error(apply(user_client, "SAVE10"), 400, "voucher_unavailable", "code")


@pytest.mark.django_db
def test_two_exclusive_vouchers_do_not_stack(user_client, lamp):
    make_voucher("FIRST", value="10")
    make_voucher("SECOND", value="20")
    fill_basket(user_client, {"lamp": 1})
    assert apply(user_client, "FIRST").status_code == 200

    assert_error(apply(user_client, "SECOND"), 400, "voucher_not_combinable", "code")
    assert user_client.get("/api/v1/basket/").json()["vouchers"] == [
        {"code": "FIRST", "name": "Voucher FIRST"}
    ]


@pytest.mark.django_db
def test_remove_a_voucher(user_client, lamp):
    make_voucher("SAVE10")
    fill_basket(user_client, {"lamp": 1})
    apply(user_client, "SAVE10")

    response = user_client.delete(f"{VOUCHERS}/save10")

    assert response.status_code == 200
    body = response.json()
    assert body["discounts"] == [] and body["vouchers"] == []
    assert body["total"] == body["subtotal"] == "19.99"
    assert Voucher.objects.get().num_basket_additions == 0
    assert_error(user_client.delete(f"{VOUCHERS}/SAVE10"), 404)


@pytest.mark.django_db
def test_a_code_with_a_slash_made_in_the_dashboard_can_be_removed(user_client, lamp):
    make_voucher("SUMMER10")
    # The dashboard's coupon form allows a slash (only strip and upper-case).
    Voucher.objects.filter(code="SUMMER10").update(code="SUMMER/10")
    fill_basket(user_client, {"lamp": 1})
    assert apply(user_client, "summer/10").status_code == 200

    response = user_client.delete(f"{VOUCHERS}/SUMMER%2F10")

    assert response.status_code == 200 and response.json()["vouchers"] == []


@pytest.mark.django_db
def test_vouchers_need_sign_in(api_client):
    make_voucher("SAVE10")

    assert_error(apply(api_client, "SAVE10"), 401)
    assert_error(api_client.delete(f"{VOUCHERS}/SAVE10"), 401)


@pytest.mark.django_db
def test_another_customers_voucher_is_not_in_my_basket(user_client, lamp):
    make_voucher("SAVE10")
    other = bearer_client(UserFactory())
    fill_basket(other, {"lamp": 1})
    apply(other, "SAVE10")
    fill_basket(user_client, {"lamp": 1})

    assert_error(user_client.delete(f"{VOUCHERS}/SAVE10"), 404)
    assert other.get("/api/v1/basket/").json()["vouchers"] != []


@pytest.mark.django_db
def test_bad_input(user_client):
    assert_error(user_client.post(VOUCHERS, {}, format="json"), 400, attr="code")
    assert_error(apply(user_client, "x" * 129), 400, attr="code")


# --- the quote -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_quote_shows_the_same_discounts_as_the_basket(
    api_client, user_client, lamp, mug
):
    make_voucher("SAVE10", name="Ten percent off")
    fill_basket(user_client, {"lamp": 2, "mug": 1})
    basket = apply(user_client, "SAVE10").json()

    response = quote(api_client, {"lamp": 2, "mug": 1}, ["save10"])

    assert response.status_code == 200, response.content
    body = response.json()
    for key in ("subtotal", "discount", "discounts", "vouchers", "total", "currency"):
        assert body[key] == basket[key], key
    assert body["id"] is None
    assert_adds_up(body)


@pytest.mark.django_db
def test_the_quote_saves_nothing(api_client, lamp):
    make_voucher("SAVE10")
    baskets = Basket.objects.count()

    assert quote(api_client, {"lamp": 1}, ["SAVE10"]).status_code == 200

    assert Basket.objects.count() == baskets
    voucher = Voucher.objects.get()
    assert voucher.num_basket_additions == 0 and not voucher.applications.exists()


@pytest.mark.django_db
def test_without_codes_the_quote_is_as_before(api_client, lamp):
    body = quote(api_client, {"lamp": 2}).json()

    assert body["discounts"] == [] and body["vouchers"] == []
    assert body["subtotal"] == body["total"] == "39.98" and body["discount"] == "0.00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("codes", "error"),
    [
        (["NOPE"], "voucher_not_found"),
        (["SPEND50"], "voucher_minimum_spend_not_met"),
        (["OLD"], "voucher_expired"),
        (["SAVE10", "NOPE"], "voucher_not_found"),
    ],
)
def test_the_quote_refuses_codes_as_the_basket_does(api_client, lamp, codes, error):
    make_voucher("SAVE10")
    make_voucher("SPEND50", minimum_spend="50")
    make_voucher(
        "OLD",
        starts=timezone.now() - timedelta(days=10),
        ends=timezone.now() - timedelta(days=1),
    )

    assert_error(quote(api_client, {"lamp": 1}, codes), 400, error, "voucher_codes")


@pytest.mark.django_db
def test_the_quote_takes_at_most_10_codes(api_client, lamp):
    codes = [f"C{n}" for n in range(11)]

    assert_error(quote(api_client, {"lamp": 1}, codes), 400, attr="voucher_codes")


# --- site offers ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_category_offer_for_a_date_range_applies_by_itself(api_client, user_client):
    lamps = make_category("Lamps")
    make_product("Desk Lamp", price="20.00", stock=10, category=lamps)
    make_product("Mug", price="4.50", stock=10)
    now = timezone.now()
    make_site_offer(
        "Lamp week",
        percent="25",
        category=lamps,
        starts=now - timedelta(days=1),
        ends=now + timedelta(days=6),
    )
    fill_basket(user_client, {"desk-lamp": 2, "mug": 1})

    basket = user_client.get("/api/v1/basket/").json()
    guest = quote(api_client, {"desk-lamp": 2, "mug": 1}).json()

    assert basket["discounts"] == [
        {"code": None, "name": "Lamp week", "amount": "10.00"}
    ]
    assert basket["total"] == "34.50" and basket["vouchers"] == []
    assert guest["discounts"] == basket["discounts"]
    assert guest["total"] == basket["total"]
    assert_adds_up(basket)


@pytest.mark.django_db
def test_an_offer_outside_its_dates_gives_nothing(user_client, lamp):
    now = timezone.now()
    make_site_offer(
        "Past", starts=now - timedelta(days=9), ends=now - timedelta(days=2)
    )
    make_site_offer("Future", starts=now + timedelta(days=1))
    fill_basket(user_client, {"lamp": 1})

    body = user_client.get("/api/v1/basket/").json()

    assert body["discounts"] == [] and body["total"] == "19.99"


@pytest.mark.django_db
def test_buy_3_get_10_percent_off(api_client, user_client, mug):
    make_site_offer(
        "Buy 3, get 10% off", percent="10", min_items=3, max_affected_items=3
    )
    fill_basket(user_client, {"mug": 2})
    assert user_client.get("/api/v1/basket/").json()["discounts"] == []

    fill_basket(user_client, {"mug": 1})
    body = user_client.get("/api/v1/basket/").json()

    assert body["discounts"] == [
        {"code": None, "name": "Buy 3, get 10% off", "amount": "1.35"}
    ]
    assert body["total"] == "12.15"
    assert quote(api_client, {"mug": 3}).json()["discounts"] == body["discounts"]


# --- checkout ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_order_keeps_its_discounts(user_client, user, lamp, mug):
    make_voucher("SAVE10", name="Ten percent off", usage="single_use")
    fill_basket(user_client, {"lamp": 2, "mug": 1})
    basket = apply(user_client, "SAVE10").json()

    response = checkout(user_client)

    assert response.status_code == 201, response.content
    order = response.json()
    assert order["discounts"] == basket["discounts"]
    assert order["subtotal"] == basket["subtotal"] == "44.48"
    assert order["discount"] == "4.44" and order["total"] == basket["total"] == "40.04"
    assert_adds_up(order)
    voucher = Voucher.objects.get()
    assert voucher.applications.get().user == user
    assert voucher.num_orders == 1 and voucher.total_discount == Decimal("4.44")
    # a snapshot: renaming the offer later does not change the order
    voucher.offers.update(name="Renamed")
    again = user_client.get(f"/api/v1/orders/{order['id']}/").json()
    assert again["discounts"] == order["discounts"] and again["total"] == "40.04"


@pytest.mark.django_db
def test_site_offer_and_rounding_agree_in_basket_quote_and_order(
    api_client, user_client
):
    for name in ("A", "B"):
        make_product(name, price="9.99", stock=10)
    make_site_offer("Fifteen", percent="15")
    fill_basket(user_client, {"a": 1, "b": 3})
    basket = user_client.get("/api/v1/basket/").json()
    guest = quote(api_client, {"a": 1, "b": 3}).json()

    order = checkout(user_client).json()

    assert basket["discounts"][0]["amount"] == "5.98"  # 1.49 + 4.49
    for key in ("subtotal", "discount", "discounts", "total"):
        assert basket[key] == guest[key] == order[key], key
    stored = Order.objects.get(uuid=order["id"])
    assert stored.total_incl_tax == Decimal(order["total"])
    assert sum(line.line_price_incl_tax for line in stored.lines.all()) == Decimal(
        order["total"]
    )


@pytest.mark.django_db
def test_a_voucher_that_expired_in_the_basket_stops_checkout(user_client, lamp):
    voucher = make_voucher("SAVE10")
    fill_basket(user_client, {"lamp": 1})
    apply(user_client, "SAVE10")
    Voucher.objects.filter(pk=voucher.pk).update(
        end_datetime=timezone.now() - timedelta(seconds=1)
    )

    body = assert_error(checkout(user_client), 409, "voucher_unavailable")

    assert "expired" in body["errors"][0]["detail"]
    assert not Order.objects.exists()
    assert StockRecord.objects.get().num_allocated == 0
    # removing it lets the customer check out at the full price
    user_client.delete(f"{VOUCHERS}/SAVE10")
    assert checkout(user_client).json()["total"] == "19.99"


@pytest.mark.django_db
def test_a_voucher_under_its_minimum_spend_is_not_used_up(user_client, lamp):
    make_voucher("SPEND30", minimum_spend="30", usage="single_use")
    fill_basket(user_client, {"lamp": 2})
    apply(user_client, "SPEND30")
    line = user_client.get("/api/v1/basket/").json()["lines"][0]
    user_client.patch(
        f"/api/v1/basket/lines/{line['id']}/", {"quantity": 1}, format="json"
    )

    order = checkout(user_client).json()

    assert order["discounts"] == [] and order["total"] == "19.99"
    assert not Voucher.objects.get().applications.exists()


# --- budgets ----------------------------------------------------------------------


@pytest.mark.django_db
def test_voucher_and_basket_reads_are_a_fixed_number_of_queries(
    api_client, user_client
):
    products = [make_product(f"P{n}", stock=10) for n in range(5)]
    make_voucher("SAVE10")
    make_site_offer("Site", percent="5", min_items=10)  # not met: tried, no discount
    fill_basket(user_client, {product.slug: 1 for product in products})

    # Oscar's offers, as they come, ask each range about each line with a
    # query of its own: here each range is read once whatever the lines.
    with max_statements(17):
        assert apply(user_client, "SAVE10").status_code == 200
    with max_statements(11):
        assert user_client.get("/api/v1/basket/").status_code == 200
    with max_statements(13):  # 5 of them find the lines' products by slug
        response = quote(api_client, {p.slug: 1 for p in products}, ["SAVE10"])
    assert response.status_code == 200
    with max_statements(12):
        assert user_client.delete(f"{VOUCHERS}/SAVE10").status_code == 200


@pytest.mark.django_db
def test_checkout_with_a_voucher_keeps_the_checkout_budget_of_40_queries(
    user_client, django_assert_max_num_queries
):
    products = [make_product(f"Item {n}", stock=10) for n in range(5)]
    make_voucher("SAVE10", usage="single_use")
    fill_basket(user_client, {product.slug: 1 for product in products})
    apply(user_client, "SAVE10")

    with django_assert_max_num_queries(40):
        response = checkout(user_client, key="budget")

    assert response.status_code == 201 and response.json()["discount"] == "5.00"
