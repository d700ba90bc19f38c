"""Where events come from: the order, payment, catalogue and inventory
services; each after the commit only, once per subject and transaction."""

import hashlib
import hmac
import json
from decimal import Decimal

import pytest
from django.db import transaction
from oscar.core.loading import get_model

from forked_apps.catalogue.services import product_update
from forked_apps.order.services import order_cancel, order_status_change
from forked_apps.partner.services import StockChange, stock_import, stock_set
from project.webhooks.events import stock_low
from project.webhooks.models import WebhookEvent
from project.webhooks.services import webhook_endpoint_create
from project.workflows.orders import payment_refund
from tests.factories import make_product
from tests.shopping import pay, place_order

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture
def listen(receiver):
    def listen(*events):
        return webhook_endpoint_create(url=receiver.url, events=list(events))

    return listen


def types(receiver):
    return [body["type"] for body in receiver.bodies()]


def test_an_orders_life(
    listen, receiver, user_client, staff_user, django_capture_on_commit_callbacks
):
    listen(
        "order.placed",
        "order.paid",
        "order.shipped",
        "order.delivered",
        "payment.refunded",
    )
    make_product("Lamp")

    # each step is a transaction of its own, whose event says what it did
    with django_capture_on_commit_callbacks(execute=True):
        placed = place_order(user_client, {"lamp": 1})
    with django_capture_on_commit_callbacks(execute=True):
        assert pay(user_client, placed["id"]).status_code == 201
    order = Order.objects.get(uuid=placed["id"])
    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(
            order=order, status="shipped", tracking_number="TRK1", by=staff_user
        )
    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(order=order, status="delivered", by=staff_user)

    assert types(receiver) == [
        "order.placed",
        "order.paid",
        "order.shipped",
        "order.delivered",
    ]
    assert receiver.bodies()[2]["data"]["tracking_number"] == "TRK1"
    assert [body["data"]["status"] for body in receiver.bodies()] == [
        "pending",
        "paid",
        "shipped",
        "delivered",
    ]


def test_cancelled_and_refunded(
    listen, receiver, user_client, staff_user, django_capture_on_commit_callbacks
):
    listen("order.cancelled", "payment.refunded")
    make_product("Lamp")
    with django_capture_on_commit_callbacks(execute=True):
        placed = place_order(user_client, {"lamp": 1})
        pay(user_client, placed["id"])

    with django_capture_on_commit_callbacks(execute=True):
        order = Order.objects.get(uuid=placed["id"])
        payment_refund(payment=order.payment, by=staff_user)

    assert sorted(types(receiver)) == ["order.cancelled", "payment.refunded"]
    refunded = next(b for b in receiver.bodies() if b["type"] == "payment.refunded")
    assert refunded["data"]["order"]["id"] == placed["id"]
    assert refunded["data"]["payment"]["status"] == "refunded"


def test_endpoints_get_only_their_types(
    listen, receiver, user_client, django_capture_on_commit_callbacks
):
    listen("order.cancelled")
    make_product("Lamp")

    with django_capture_on_commit_callbacks(execute=True):
        placed = place_order(user_client, {"lamp": 1})
        order_cancel(order=Order.objects.get(uuid=placed["id"]))

    assert types(receiver) == ["order.cancelled"]


def test_nothing_is_sent_when_the_transaction_rolls_back(
    listen, receiver, django_capture_on_commit_callbacks
):
    listen("product.updated")
    lamp = make_product("Lamp")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        product_update(product=lamp, name="Lamp two")
        raise RuntimeError

    assert receiver.requests == []
    assert not WebhookEvent.objects.exists()


def test_a_product_saved_many_times_in_one_transaction_is_one_event(
    listen, receiver, django_capture_on_commit_callbacks
):
    listen("product.updated")
    lamp = make_product("Lamp", price="10.00")

    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=lamp, name="Desk lamp", price=Decimal("8.00"), stock=3)

    [body] = receiver.bodies()
    assert body["type"] == "product.updated"
    assert body["data"]["name"] == "Desk lamp"
    assert body["data"]["price"] == "8.00"
    assert body["data"]["available_quantity"] == 3


def test_stock_and_prices_set_by_staff_are_updates_but_orders_are_not(
    listen, receiver, user_client, django_capture_on_commit_callbacks
):
    listen("product.updated")
    lamp, mug = make_product("Lamp"), make_product("Mug")

    with django_capture_on_commit_callbacks(execute=True):
        stock_import(
            changes=[
                StockChange(lamp, price=Decimal("3.00")),
                StockChange(mug, stock=50),
            ]
        )
    assert sorted(b["data"]["slug"] for b in receiver.bodies()) == ["lamp", "mug"]

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})
    assert len(receiver.requests) == 2  # a checkout is not a product update


def test_the_stock_low_hook(listen, receiver, django_capture_on_commit_callbacks):
    listen("stock.low")
    lamp = make_product("Lamp", stock=2)

    with django_capture_on_commit_callbacks(execute=True):
        stock_low(product=lamp, available=2, threshold=5)

    [body] = receiver.bodies()
    assert body["type"] == "stock.low"
    assert body["data"] == {
        "product": {"id": str(lamp.uuid), "slug": "lamp", "name": "Lamp"},
        "available": 2,
        "threshold": 5,
    }


def test_a_stock_alert_opening_delivers_stock_low_once(
    listen, receiver, user_client, django_capture_on_commit_callbacks
):
    endpoint = listen("stock.low")
    lamp = make_product("Lamp", stock=5, low_stock_threshold=2)
    expected_data = {
        "product": {"id": str(lamp.uuid), "slug": "lamp", "name": "Lamp"},
        "available": 2,
        "threshold": 2,
    }

    # a checkout leaves 2 available: the alert opens, one signed delivery
    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 3})
    # another sale while the alert is open tells nobody again
    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    [delivered] = receiver.requests
    body = json.loads(delivered["body"])
    assert (body["type"], body["data"]) == ("stock.low", expected_data)
    header = dict(
        part.split("=", 1) for part in delivered["headers"]["Shop-Signature"].split(",")
    )
    signed = header["t"].encode() + b"." + delivered["body"]
    assert (
        header["v1"]
        == hmac.new(endpoint.secret.encode(), signed, hashlib.sha256).hexdigest()
    )

    # a delivery counted in closes the alert; the next fall opens another
    with django_capture_on_commit_callbacks(execute=True):
        stock_set(product=lamp, stock=20)  # 16 available
    assert len(receiver.requests) == 1
    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 15})
    assert [b["type"] for b in receiver.bodies()] == ["stock.low", "stock.low"]
    assert receiver.bodies()[1]["data"] == {**expected_data, "available": 1}


def test_no_endpoint_no_event(user_client, django_capture_on_commit_callbacks):
    make_product("Lamp")

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    assert not WebhookEvent.objects.exists()
