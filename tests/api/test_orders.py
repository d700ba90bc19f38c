"""Checkout, the customer's orders, cancellation and staff status moves
(docs/api.md "Orders")."""

import uuid
from decimal import Decimal

import pytest
from django.core import mail

from forked_apps.address.models import Country
from forked_apps.basket.models import Basket
from forked_apps.catalogue.services import product_update
from forked_apps.order.models import Order, OrderStatusChange
from forked_apps.partner.models import StockRecord
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.helpers import assert_error, stock
from tests.shopping import ADDRESS, checkout, fill_basket, pay, place_order


@pytest.fixture
def products(db):
    return {
        "lamp": make_product("Lamp", price="19.99", stock=5),
        "mug": make_product("Mug", price="4.50", stock=10),
    }


# --- checkout -----------------------------------------------------------------


@pytest.mark.django_db
def test_checkout_places_a_pending_order_and_takes_the_stock(
    user_client, user, products
):
    fill_basket(user_client, {"lamp": 2, "mug": 1})

    response = checkout(user_client)

    assert response.status_code == 201, response.content
    order = response.json()
    assert order["status"] == "pending" and order["number"]
    uuid.UUID(order["id"])
    assert (
        order["subtotal"] == "44.48"
        and order["total"] == "44.48"
        and order["currency"] == "USD"
    )
    assert {
        (
            line["product_slug"],
            line["product_name"],
            line["unit_price"],
            line["quantity"],
            line["line_total"],
        )
        for line in order["lines"]
    } == {
        ("lamp", "Lamp", "19.99", 2, "39.98"),
        ("mug", "Mug", "4.50", 1, "4.50"),
    }
    assert (
        order["shipping_address"]["line1"] == ADDRESS["line1"]
        and order["shipping_address"]["country"] == "GB"
    )
    assert order["tracking_number"] == "" and order["created_at"]
    assert stock(products["lamp"]) == (5, 2)
    assert user_client.get("/api/v1/basket/").json()["lines"] == []
    assert user_client.get("/api/v1/products/lamp/").json()["available_quantity"] == 3


@pytest.mark.django_db
def test_checkout_sends_a_confirmation_email_after_commit(
    user_client, user, products, django_capture_on_commit_callbacks
):
    fill_basket(user_client, {"lamp": 1})

    with django_capture_on_commit_callbacks(execute=True):
        number = checkout(user_client).json()["number"]

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email] and number in mail.outbox[0].subject


@pytest.mark.django_db
def test_checkout_with_an_address_book_entry(user_client, products):
    address_id = user_client.post("/api/v1/addresses/", ADDRESS, format="json").json()[
        "id"
    ]
    fill_basket(user_client, {"mug": 1})

    response = user_client.post(
        "/api/v1/orders/", {"shipping_address_id": address_id}, format="json"
    )

    assert (
        response.status_code == 201
        and response.json()["shipping_address"]["postcode"] == ADDRESS["postcode"]
    )


@pytest.mark.django_db
def test_empty_basket_is_400(user_client, products):
    assert_error(checkout(user_client), 400, code="empty_basket")
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_a_short_line_is_409_and_nothing_changes(user_client, products):
    fill_basket(user_client, {"lamp": 3, "mug": 2})
    StockRecord.objects.filter(product=products["lamp"]).update(
        num_allocated=3
    )  # others bought

    assert_error(checkout(user_client), 409, code="insufficient_stock")

    assert not Order.objects.exists()
    assert stock(products["lamp"]) == (5, 3) and stock(products["mug"]) == (10, 0)
    assert user_client.get("/api/v1/basket/").json()["num_items"] == 5


@pytest.mark.django_db
def test_a_product_deactivated_after_adding_is_409(user_client, products):
    fill_basket(user_client, {"lamp": 1})
    product_update(product=products["lamp"], is_active=False)

    assert_error(checkout(user_client), 409, code="product_unavailable")
    assert not Order.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field",
    [
        ({"shipping_method": "teleport"}, "shipping_method"),
        ({"shipping_address": {**ADDRESS, "country": "XX"}}, "country"),
        ({"shipping_address": {**ADDRESS, "postcode": "NOPE NOPE"}}, "postcode"),
        ({"shipping_address": {**ADDRESS, "line1": ""}}, "line1"),
        ({"shipping_address": None}, "shipping_address"),
        ({"shipping_address_id": str(uuid.uuid4())}, "shipping_address_id"),
    ],
)
def test_checkout_bad_input_is_400_and_nothing_changes(
    user_client, products, payload, field
):
    fill_basket(user_client, {"lamp": 1})
    body = {"shipping_address": ADDRESS, **payload}
    if "shipping_address_id" in payload:
        body.pop("shipping_address")

    body = assert_error(user_client.post("/api/v1/orders/", body, format="json"), 400)

    assert any(field in (error["attr"] or "") for error in body["errors"]), body
    assert not Order.objects.exists() and stock(products["lamp"]) == (5, 0)


@pytest.mark.django_db
def test_we_do_not_ship_to_a_non_shipping_country(user_client, products):
    Country.objects.filter(iso_3166_1_a2="AQ").update(is_shipping_country=False)
    fill_basket(user_client, {"lamp": 1})

    assert_error(
        checkout(
            user_client, shipping_address={**ADDRESS, "country": "AQ", "postcode": ""}
        ),
        400,
    )


@pytest.mark.django_db
def test_a_country_taken_off_shipping_in_the_admin_is_refused_at_once(
    user_client, products
):
    place_order(user_client, {"lamp": 1})  # the countries are now cached
    country = Country.objects.get(iso_3166_1_a2="GB")
    country.is_shipping_country = False
    country.save()  # as the admin saves it
    fill_basket(user_client, {"lamp": 1})

    assert_error(checkout(user_client), 400)
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_another_users_address_id_is_400(user_client, products):
    other_address = (
        bearer_client(UserFactory())
        .post("/api/v1/addresses/", ADDRESS, format="json")
        .json()["id"]
    )
    fill_basket(user_client, {"lamp": 1})

    assert_error(
        user_client.post(
            "/api/v1/orders/", {"shipping_address_id": other_address}, format="json"
        ),
        400,
    )


@pytest.mark.django_db
def test_client_sent_amounts_are_ignored(user_client, products):
    fill_basket(user_client, {"lamp": 1})

    order = checkout(user_client, total="0.01", lines=[{"unit_price": "0.01"}]).json()

    assert order["total"] == "19.99"


@pytest.mark.django_db
def test_checkout_needs_sign_in(api_client):
    assert_error(checkout(api_client), 401)


# --- idempotency ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_retry_with_the_same_key_returns_the_first_order(user_client, products):
    fill_basket(user_client, {"lamp": 1})
    first = checkout(user_client, key="order-1")

    again = checkout(user_client, key="order-1")

    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == 1 and stock(products["lamp"]) == (5, 1)


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_409(user_client, products):
    fill_basket(user_client, {"lamp": 1})
    checkout(user_client, key="order-1")

    assert_error(
        checkout(user_client, key="order-1", shipping_method="free-shipping"),
        409,
        code="idempotency_key_reused",
    )
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_per_user(products):
    alice, bob = bearer_client(UserFactory()), bearer_client(UserFactory())
    fill_basket(alice, {"lamp": 1})
    fill_basket(bob, {"mug": 1})

    assert checkout(alice, key="same").status_code == 201
    assert checkout(bob, key="same").json()["lines"][0]["product_slug"] == "mug"
    assert Order.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_attempt_keeps_no_key(user_client, products):
    fill_basket(user_client, {"lamp": 1})
    StockRecord.objects.filter(product=products["lamp"]).update(num_allocated=5)
    assert checkout(user_client, key="k").status_code == 409

    StockRecord.objects.filter(product=products["lamp"]).update(num_allocated=0)

    assert checkout(user_client, key="k").status_code == 201


@pytest.mark.django_db
def test_an_expired_key_is_a_new_key(user_client, products, settings):
    settings.IDEMPOTENCY_KEY_TTL_SECONDS = -1
    fill_basket(user_client, {"lamp": 1})
    assert checkout(user_client, key="k").status_code == 201

    assert_error(
        checkout(user_client, key="k"), 400, code="empty_basket"
    )  # executed again


# --- reading orders ---------------------------------------------------------------


@pytest.mark.django_db
def test_own_orders_newest_first_and_others_are_404(user_client, products):
    first = place_order(user_client, {"lamp": 1})
    second = place_order(user_client, {"mug": 1})
    stranger = bearer_client(UserFactory())
    theirs = place_order(stranger, {"mug": 2})

    listed = user_client.get("/api/v1/orders/").json()

    assert [order["id"] for order in listed["results"]] == [second["id"], first["id"]]
    assert user_client.get(f"/api/v1/orders/{first['id']}/").json()["id"] == first["id"]
    assert_error(user_client.get(f"/api/v1/orders/{theirs['id']}/"), 404)
    assert_error(user_client.post(f"/api/v1/orders/{theirs['id']}/cancel"), 404)
    assert stranger.get(f"/api/v1/orders/{theirs['id']}/").json()["status"] == "pending"


@pytest.mark.django_db
def test_order_lines_keep_the_moment_of_purchase(user_client, products):
    order = place_order(user_client, {"lamp": 2})
    product_update(
        product=products["lamp"], name="Renamed Lamp", price=Decimal("99.00")
    )
    products["lamp"].soft_delete()

    line = user_client.get(f"/api/v1/orders/{order['id']}/").json()["lines"][0]

    assert (
        line["product_name"],
        line["product_slug"],
        line["unit_price"],
        line["line_total"],
    ) == ("Lamp", "lamp", "19.99", "39.98")


# --- cancellation ---------------------------------------------------------------


@pytest.mark.django_db
def test_owner_cancels_a_pending_order_and_the_stock_returns(user_client, products):
    order = place_order(user_client, {"lamp": 2})

    response = user_client.post(f"/api/v1/orders/{order['id']}/cancel")

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert stock(products["lamp"]) == (5, 0)
    assert_error(user_client.post(f"/api/v1/orders/{order['id']}/cancel"), 409)
    assert stock(products["lamp"]) == (5, 0)


@pytest.mark.django_db
def test_cancelling_a_paid_order_refunds_it(user_client, products):
    order = place_order(user_client, {"lamp": 1})
    payment = pay(user_client, order["id"]).json()

    cancelled = user_client.post(f"/api/v1/orders/{order['id']}/cancel").json()

    assert cancelled["status"] == "cancelled"
    assert (
        user_client.get(f"/api/v1/payments/{payment['id']}/").json()["status"]
        == "refunded"
    )
    assert stock(products["lamp"]) == (5, 0)


@pytest.mark.django_db
def test_a_shipped_order_cannot_be_cancelled(user_client, staff_client, products):
    order = place_order(user_client, {"lamp": 1})
    pay(user_client, order["id"])
    staff_client.patch(
        f"/api/v1/admin/orders/{order['id']}/",
        {"status": "shipped", "tracking_number": "TRK1"},
        format="json",
    )

    assert_error(
        user_client.post(f"/api/v1/orders/{order['id']}/cancel"),
        409,
        code="illegal_status_transition",
    )


# --- staff ------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_lists_all_orders_filtered_by_status(user_client, staff_client, products):
    paid = place_order(user_client, {"lamp": 1})
    pay(user_client, paid["id"])
    pending = place_order(bearer_client(UserFactory()), {"mug": 1})

    everything = staff_client.get("/api/v1/admin/orders/").json()
    only_paid = staff_client.get("/api/v1/admin/orders/?status=paid").json()

    assert {o["id"] for o in everything["results"]} == {paid["id"], pending["id"]}
    assert [o["id"] for o in only_paid["results"]] == [paid["id"]]
    assert_error(
        staff_client.get("/api/v1/admin/orders/?status=lost"), 400, attr="status"
    )


@pytest.mark.django_db
def test_staff_moves_an_order_along_the_pipeline(
    user_client, staff_client, staff_user, products
):
    order = place_order(user_client, {"lamp": 2})
    pay(user_client, order["id"])
    url = f"/api/v1/admin/orders/{order['id']}/"

    assert_error(
        staff_client.patch(url, {"status": "shipped"}, format="json"),
        400,
        attr="tracking_number",
    )
    shipped = staff_client.patch(
        url, {"status": "shipped", "tracking_number": "1Z999"}, format="json"
    )
    assert shipped.status_code == 200 and shipped.json()["status"] == "shipped"
    assert shipped.json()["tracking_number"] == "1Z999"
    assert stock(products["lamp"]) == (3, 0)  # left the warehouse
    assert (
        staff_client.patch(url, {"status": "delivered"}, format="json").json()["status"]
        == "delivered"
    )

    history = list(
        OrderStatusChange.objects.filter(order__uuid=order["id"]).order_by(
            "date_created"
        )
    )
    assert [(h.old_status, h.new_status) for h in history] == [
        ("pending", "paid"),
        ("paid", "shipped"),
        ("shipped", "delivered"),
    ]
    assert history[1].changed_by == staff_user and history[0].date_created


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moves, illegal",
    [
        ([], "shipped"),
        ([], "delivered"),
        (["paid"], "pending"),
        (["paid"], "delivered"),
        (["cancelled"], "paid"),
        (["paid", "shipped"], "cancelled"),
        (["paid", "shipped", "delivered"], "shipped"),
    ],
)
def test_illegal_moves_are_409(user_client, staff_client, products, moves, illegal):
    order = place_order(user_client, {"mug": 1})
    url = f"/api/v1/admin/orders/{order['id']}/"
    for status in moves:
        response = staff_client.patch(
            url, {"status": status, "tracking_number": "T1"}, format="json"
        )
        assert response.status_code == 200, response.content

    body = assert_error(
        staff_client.patch(
            url, {"status": illegal, "tracking_number": "T1"}, format="json"
        ),
        409,
    )

    assert body["errors"][0]["code"] == "illegal_status_transition"
    assert Order.objects.get(uuid=order["id"]).status == (
        moves[-1] if moves else "pending"
    )


@pytest.mark.django_db
def test_staff_cancel_returns_stock(user_client, staff_client, products):
    order = place_order(user_client, {"lamp": 2})

    response = staff_client.patch(
        f"/api/v1/admin/orders/{order['id']}/", {"status": "cancelled"}, format="json"
    )

    assert response.json()["status"] == "cancelled" and stock(products["lamp"]) == (
        5,
        0,
    )


@pytest.mark.django_db
def test_admin_orders_need_staff(user_client, products):
    order = place_order(user_client, {"lamp": 1})

    assert_error(user_client.get("/api/v1/admin/orders/"), 403)
    assert_error(
        user_client.patch(
            f"/api/v1/admin/orders/{order['id']}/", {"status": "paid"}, format="json"
        ),
        403,
    )
    assert Order.objects.get(uuid=order["id"]).status == "pending"


@pytest.mark.django_db
def test_status_change_email(
    user_client, staff_client, user, products, django_capture_on_commit_callbacks
):
    order = place_order(user_client, {"lamp": 1})
    pay(user_client, order["id"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.patch(
            f"/api/v1/admin/orders/{order['id']}/",
            {"status": "shipped", "tracking_number": "TRK-42"},
            format="json",
        )

    assert (
        len(mail.outbox) == 1
        and "shipped" in mail.outbox[0].subject
        and "TRK-42" in mail.outbox[0].body
    )


# --- budget -----------------------------------------------------------------------


@pytest.mark.django_db
def test_checkout_of_5_lines_is_at_most_40_queries(
    user_client, django_assert_max_num_queries
):
    products = [make_product(f"Item {n}", stock=10) for n in range(5)]
    fill_basket(user_client, {product.slug: 1 for product in products})
    user_client.get("/api/v1/basket/")

    with django_assert_max_num_queries(40):
        response = checkout(user_client, key="budget")

    assert response.status_code == 201 and len(response.json()["lines"]) == 5
    assert Basket.objects.filter(status=Basket.SUBMITTED).count() == 1


@pytest.mark.django_db
def test_unpaid_orders_are_cancelled_after_a_while_and_release_stock(
    user_client, products
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    stale = place_order(user_client, {"lamp": 2})
    waiting = place_order(user_client, {"lamp": 1})
    pay(user_client, waiting["id"], token="tok_pending")  # a payment on its way
    paid = place_order(user_client, {"mug": 1})
    pay(user_client, paid["id"])
    fresh = place_order(user_client, {"mug": 2})
    an_hour_ago = timezone.now() - timedelta(minutes=61)
    Order.objects.exclude(uuid=fresh["id"]).update(date_placed=an_hour_ago)

    call_command("cancel_unpaid_orders", verbosity=0)

    statuses = {
        key: Order.objects.get(uuid=o["id"]).status
        for key, o in {
            "stale": stale,
            "waiting": waiting,
            "paid": paid,
            "fresh": fresh,
        }.items()
    }
    assert statuses == {
        "stale": "cancelled",
        "waiting": "pending",
        "paid": "paid",
        "fresh": "pending",
    }
    assert stock(products["lamp"]) == (5, 1)
