"""Races, with real threads on separate database connections (PostgreSQL:
the row locks are the thing under test; SQLite has none to test)."""

import json
import time
import uuid
from collections import Counter

import pytest
from rest_framework.test import APIClient

from forked_apps.order.models import Order
from forked_apps.partner.models import StockRecord
from project.payments.models import Payment, WebhookEvent
from project.payments.providers.sandbox import sign
from tests.conftest import bearer_client, requires_postgres
from tests.factories import UserFactory, make_product
from tests.helpers import race
from tests.shopping import checkout, fill_basket, pay, place_order

pytestmark = [
    requires_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_20_buyers_racing_for_the_last_5_units_get_5_orders():
    product = make_product("Last Lamps", stock=5)
    buyers = [bearer_client(UserFactory()) for _ in range(20)]
    for buyer in buyers:
        fill_basket(buyer, {"last-lamps": 1})

    responses = race(
        [lambda buyer=buyer: checkout(buyer, key=uuid.uuid4().hex) for buyer in buyers]
    )

    statuses = Counter(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses == {201: 5, 409: 15}, statuses
    assert all(
        r.json()["errors"][0]["code"] == "insufficient_stock"
        for r in responses
        if r.status_code == 409
    )
    record = StockRecord.objects.get(product=product)
    assert record.num_in_stock - record.num_allocated == 0
    assert Order.objects.count() == 5


def test_buyers_of_several_products_never_oversell_nor_deadlock():
    make_product("A", stock=3)
    make_product("B", stock=3)
    buyers = [bearer_client(UserFactory()) for _ in range(8)]
    for n, buyer in enumerate(buyers):
        # half buy A then B, half B then A: opposite orders in their baskets
        fill_basket(buyer, {"a": 1, "b": 1} if n % 2 else {"b": 1, "a": 1})

    responses = race([lambda buyer=buyer: checkout(buyer) for buyer in buyers])

    statuses = Counter(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses == {201: 3, 409: 5}, statuses
    for record in StockRecord.objects.all():
        assert record.num_allocated == record.num_in_stock == 3


def test_10_concurrent_retries_with_one_key_create_one_order():
    make_product("Lamp", stock=50)
    buyer = bearer_client(UserFactory())
    fill_basket(buyer, {"lamp": 2})

    responses = race([lambda: checkout(buyer, key="the-one-key") for _ in range(10)])

    assert all(getattr(r, "status_code", None) == 201 for r in responses), responses
    assert len({r.json()["id"] for r in responses}) == 1
    assert Order.objects.count() == 1
    assert StockRecord.objects.get().num_allocated == 2


def test_two_concurrent_payments_for_one_order_make_one_success():
    make_product("Lamp", stock=5)
    buyer = bearer_client(UserFactory())
    order = place_order(buyer, {"lamp": 1})

    responses = race([lambda: pay(buyer, order["id"]) for _ in range(2)])

    assert sorted(r.status_code for r in responses) == [201, 409]
    assert Payment.objects.filter(status="succeeded").count() == 1
    assert Order.objects.get(uuid=order["id"]).status == "paid"


def test_a_webhook_delivered_twice_at_once_has_one_effect():
    make_product("Lamp", stock=5)
    buyer = bearer_client(UserFactory())
    order = place_order(buyer, {"lamp": 1})
    payment = pay(buyer, order["id"], token="tok_pending").json()
    body = json.dumps(
        {
            "id": "evt_race",
            "type": "payment.succeeded",
            "transaction_reference": payment["transaction_reference"],
            "created": int(time.time()),
        }
    ).encode()

    def deliver():
        return APIClient().post(
            "/api/v1/payments/webhooks/sandbox/",
            body,
            content_type="application/json",
            HTTP_SANDBOX_SIGNATURE=sign(body),
        )

    responses = race([deliver, deliver])

    assert sorted(r.json()["result"] for r in responses) == ["duplicate", "processed"]
    assert WebhookEvent.objects.count() == 1
    assert Payment.objects.get(id=payment["id"]).status == "succeeded"
    assert (
        Order.objects.get(uuid=order["id"])
        .status_changes.filter(new_status="paid")
        .count()
        == 1
    )


def test_a_double_click_on_add_to_basket_adds_both():
    make_product("Lamp", stock=10)
    buyer = bearer_client(UserFactory())
    buyer.get("/api/v1/basket/")  # the basket exists; its line does not

    responses = race(
        [
            lambda: buyer.post(
                "/api/v1/basket/lines/",
                {"product": "lamp", "quantity": 1},
                format="json",
            )
            for _ in range(4)
        ]
    )

    assert [r.status_code for r in responses] == [201] * 4
    assert buyer.get("/api/v1/basket/").json()["num_items"] == 4


def test_5_customers_racing_for_a_single_use_voucher_make_one_discounted_order():
    # given: each buys a product of their own (no stock row in common, so
    # only the voucher's lock stands between them), the voucher in each basket
    from forked_apps.voucher.models import Voucher
    from tests.factories import make_voucher

    make_voucher("ONLYONCE", usage="single_use", value="50")
    buyers = []
    for n in range(5):
        make_product(f"Vase {n}", price="10.00", stock=3)
        buyer = bearer_client(UserFactory())
        fill_basket(buyer, {f"vase-{n}": 1})
        response = buyer.post(
            "/api/v1/basket/vouchers", {"code": "onlyonce"}, format="json"
        )
        assert response.json()["total"] == "5.00", response.content
        buyers.append(buyer)

    # when
    responses = race(
        [lambda buyer=buyer: checkout(buyer, key=uuid.uuid4().hex) for buyer in buyers]
    )

    # then: one order at half price; four clean 409s that created nothing
    statuses = Counter(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses == {201: 1, 409: 4}, statuses
    assert all(
        r.json()["errors"][0]["code"] == "voucher_unavailable"
        for r in responses
        if r.status_code == 409
    )
    order = Order.objects.get()
    assert (
        order.total_incl_tax == 5 and order.discounts.get().voucher_code == "ONLYONCE"
    )
    voucher = Voucher.objects.get()
    assert voucher.applications.count() == 1 and voucher.num_orders == 1
    assert sorted(StockRecord.objects.values_list("num_allocated", flat=True)) == [
        0,
        0,
        0,
        0,
        1,
    ]
    # the others still hold their basket and can check out without it
    loser = next(
        buyer
        for buyer, r in zip(buyers, responses, strict=True)
        if r.status_code == 409
    )
    loser.delete("/api/v1/basket/vouchers/ONLYONCE")
    assert checkout(loser).json()["total"] == "10.00"


def test_buyers_racing_past_a_threshold_open_one_alert_and_one_email():
    from django.contrib.auth.models import Group
    from django.core import mail

    from forked_apps.partner.models import StockAlert

    manager = UserFactory(email="manager@shop.example", is_staff=True)
    manager.groups.add(Group.objects.get(name="Catalogue manager"))
    make_product("Lamp", stock=10, low_stock_threshold=6)
    buyers = [bearer_client(UserFactory()) for _ in range(6)]
    for buyer in buyers:
        fill_basket(buyer, {"lamp": 1})
    mail.outbox.clear()

    responses = race([lambda buyer=buyer: checkout(buyer) for buyer in buyers])

    assert [getattr(r, "status_code", r) for r in responses] == [201] * 6
    assert StockAlert.objects.filter(status=StockAlert.OPEN).count() == 1
    assert StockAlert.objects.count() == 1
    assert [m.to for m in mail.outbox if m.subject.startswith("Low stock")] == [
        ["manager@shop.example"]
    ]
