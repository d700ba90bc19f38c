"""The server basket and the guest cart's quote and merge (docs/api.md "Basket")."""

import pytest

from forked_apps.basket.models import Basket
from forked_apps.partner.models import StockRecord
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.helpers import assert_error, max_statements


@pytest.fixture
def lamp(db):
    return make_product("Lamp", price="19.99", stock=5)


@pytest.fixture
def mug(db):
    return make_product("Mug", price="4.50", stock=100)


def add(client, product="lamp", quantity=1):
    return client.post(
        "/api/v1/basket/lines/",
        {"product": product, "quantity": quantity},
        format="json",
    )


@pytest.mark.django_db
def test_empty_basket(user_client):
    body = user_client.get("/api/v1/basket/").json()

    assert body["lines"] == [] and body["num_items"] == 0
    assert (
        body["subtotal"] == "0.00"
        and body["total"] == "0.00"
        and body["currency"] == "USD"
    )


@pytest.mark.django_db
def test_add_lines_and_server_computed_totals(user_client, lamp, mug):
    assert add(user_client, "lamp", 2).status_code == 201
    response = add(user_client, "mug", 3)

    assert response.status_code == 201
    body = response.json()
    lines = {line["product"]["slug"]: line for line in body["lines"]}
    assert (
        lines["lamp"]["unit_price"] == "19.99"
        and lines["lamp"]["line_total"] == "39.98"
    )
    assert lines["mug"]["line_total"] == "13.50"
    assert (
        body["subtotal"] == "53.48"
        and body["total"] == "53.48"
        and body["num_items"] == 5
    )
    assert user_client.get("/api/v1/basket/").json() == body


@pytest.mark.django_db
def test_adding_the_same_product_adds_up(user_client, lamp):
    add(user_client, "lamp", 2)
    body = add(user_client, "lamp", 1).json()

    assert [(line["product"]["slug"], line["quantity"]) for line in body["lines"]] == [
        ("lamp", 3)
    ]


@pytest.mark.django_db
def test_more_than_available_stock_is_409(user_client, lamp):
    add(user_client, "lamp", 4)
    StockRecord.objects.filter(product=lamp).update(
        num_allocated=1
    )  # someone bought one

    assert_error(add(user_client, "lamp", 1), 409, code="insufficient_stock")
    assert user_client.get("/api/v1/basket/").json()["num_items"] == 4


@pytest.mark.django_db
@pytest.mark.parametrize("quantity", [0, -1, "abc", 10**9, None, 1.5])
def test_bad_quantities_are_400(user_client, lamp, quantity):
    assert_error(add(user_client, "lamp", quantity), 400, attr="quantity")
    assert user_client.get("/api/v1/basket/").json()["lines"] == []


@pytest.mark.django_db
def test_inactive_deleted_or_unknown_products_are_refused(user_client):
    make_product("Hidden", is_active=False)
    make_product("Gone").soft_delete()

    for slug in ("hidden", "gone", "nope"):
        assert_error(add(user_client, slug), 400, attr="product")


@pytest.mark.django_db
def test_basket_needs_sign_in(api_client, lamp):
    assert_error(api_client.get("/api/v1/basket/"), 401)
    assert_error(add(api_client), 401)


@pytest.mark.django_db
def test_each_jwt_user_has_their_own_basket(lamp, mug):
    alice, bob = bearer_client(UserFactory()), bearer_client(UserFactory())
    add(alice, "lamp")
    add(bob, "mug", 2)

    assert [
        line["product"]["slug"] for line in alice.get("/api/v1/basket/").json()["lines"]
    ] == ["lamp"]
    assert [
        line["product"]["slug"] for line in bob.get("/api/v1/basket/").json()["lines"]
    ] == ["mug"]


@pytest.mark.django_db
def test_change_quantity_and_remove(user_client, lamp, mug):
    add(user_client, "lamp")
    body = add(user_client, "mug").json()
    lamp_line = next(
        line["id"] for line in body["lines"] if line["product"]["slug"] == "lamp"
    )
    mug_line = next(
        line["id"] for line in body["lines"] if line["product"]["slug"] == "mug"
    )

    patched = user_client.patch(
        f"/api/v1/basket/lines/{lamp_line}/", {"quantity": 3}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["num_items"] == 4
    assert_error(
        user_client.patch(
            f"/api/v1/basket/lines/{lamp_line}/", {"quantity": 6}, format="json"
        ),
        409,
    )
    zero = user_client.patch(
        f"/api/v1/basket/lines/{lamp_line}/", {"quantity": 0}, format="json"
    )
    assert [line["product"]["slug"] for line in zero.json()["lines"]] == ["mug"]
    assert user_client.delete(f"/api/v1/basket/lines/{mug_line}/").status_code == 204
    assert user_client.get("/api/v1/basket/").json()["lines"] == []


@pytest.mark.django_db
def test_another_users_basket_line_is_404(user_client, lamp):
    other = bearer_client(UserFactory())
    line_id = add(other, "lamp").json()["lines"][0]["id"]

    assert_error(
        user_client.patch(
            f"/api/v1/basket/lines/{line_id}/", {"quantity": 2}, format="json"
        ),
        404,
    )
    assert_error(user_client.delete(f"/api/v1/basket/lines/{line_id}/"), 404)
    assert other.get("/api/v1/basket/").json()["lines"][0]["quantity"] == 1


@pytest.mark.django_db
def test_quote_prices_a_guest_cart_without_saving(api_client, lamp, mug):
    baskets_before = Basket.objects.count()

    response = api_client.post(
        "/api/v1/basket/quote",
        {
            "lines": [
                {"product": "lamp", "quantity": 2},
                {"product": "mug", "quantity": 1},
            ]
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (
        body["subtotal"] == "44.48"
        and body["total"] == "44.48"
        and body["num_items"] == 3
    )
    assert {line["product"]["slug"]: line["line_total"] for line in body["lines"]} == {
        "lamp": "39.98",
        "mug": "4.50",
    }
    assert Basket.objects.count() == baskets_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"lines": []},
        {"lines": [{"product": "nope", "quantity": 1}]},
        {"lines": [{"product": "lamp", "quantity": 0}]},
        {"lines": "x"},
    ],
)
def test_quote_bad_input_is_400(api_client, lamp, payload):
    assert_error(api_client.post("/api/v1/basket/quote", payload, format="json"), 400)


@pytest.mark.django_db
def test_merge_adds_up_and_caps_at_stock(user_client, lamp, mug):
    add(user_client, "lamp", 2)

    response = user_client.post(
        "/api/v1/basket/merge",
        {
            "lines": [
                {"product": "lamp", "quantity": 10},
                {"product": "mug", "quantity": 2},
            ]
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert {line["product"]["slug"]: line["quantity"] for line in body["lines"]} == {
        "lamp": 5,
        "mug": 2,
    }
    assert body["skipped"] == [
        {"product": "lamp", "reason": "capped_at_available_stock"}
    ]


@pytest.mark.django_db
def test_merge_needs_sign_in(api_client, lamp):
    assert_error(
        api_client.post(
            "/api/v1/basket/merge",
            {"lines": [{"product": "lamp", "quantity": 1}]},
            format="json",
        ),
        401,
    )


@pytest.mark.django_db
def test_add_to_basket_is_at_most_12_queries(
    user_client, django_assert_max_num_queries
):
    products = [make_product(f"P{n}", stock=10) for n in range(6)]
    for product in products[:5]:
        add(user_client, product.slug)

    with max_statements(12):
        response = add(user_client, products[5].slug)

    assert response.status_code == 201 and response.json()["num_items"] == 6
