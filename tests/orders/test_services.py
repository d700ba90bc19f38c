"""Orders at service level (forked_apps/order/services.py): checkout
(order_place) and the status machine of settings.OSCAR_ORDER_STATUS_PIPELINE,
with the stock each move takes or gives back. The API's own tests
(tests/api/test_orders.py) check the HTTP contract on top of these."""

import threading
from collections import deque
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction

from forked_apps.address.models import Country
from forked_apps.basket.models import Basket
from forked_apps.basket.services import basket_for_user, basket_line_add
from forked_apps.catalogue.services import product_soft_delete, product_update
from forked_apps.order.models import Line, Order, ShippingAddress
from forked_apps.order.services import (
    order_cancel,
    order_mark_paid,
    order_place,
    order_status_change,
)
from forked_apps.partner.models import StockRecord
from forked_apps.partner.services import InsufficientStock, stock_allocate, stock_set
from project.core.exceptions import Conflict, InvalidInput
from project.payments.models import Payment, Refund
from tests.conftest import requires_postgres
from tests.factories import UserFactory, make_product
from tests.helpers import stock
from tests.shopping import ADDRESS

PIPELINE = settings.OSCAR_ORDER_STATUS_PIPELINE
STATUSES = Order.all_statuses()
ALLOWED_MOVES = [(old, new) for old in STATUSES for new in PIPELINE[old]]
ILLEGAL_MOVES = [
    (old, new)
    for old in STATUSES
    for new in STATUSES
    if new != old and new not in PIPELINE[old]
]


def path_to(status: str) -> list[str]:
    """The moves that take a new order to `status`, shortest first."""
    paths = {settings.OSCAR_INITIAL_ORDER_STATUS: []}
    queue = deque(paths)
    while queue:
        current = queue.popleft()
        for following in PIPELINE[current]:
            if following not in paths:
                paths[following] = [*paths[current], following]
                queue.append(following)
    return paths[status]  # a KeyError: a status no order can reach


def move_id(move) -> str:
    return "->".join(move) if isinstance(move, tuple) else str(move)


@pytest.fixture
def customer(db):
    return UserFactory()


@pytest.fixture
def products(db):
    return {
        "lamp": make_product("Lamp", price="19.99", stock=5),
        "mug": make_product("Mug", price="4.50", stock=10),
    }


def shipping_address() -> dict:
    return {**ADDRESS, "country": Country.objects.get(iso_3166_1_a2="GB")}


def fill_basket(user, quantities) -> Basket:
    basket = basket_for_user(user)
    for product, quantity in quantities.items():
        basket_line_add(basket=basket, product=product, quantity=quantity)
    return basket


def place(user, quantities) -> Order:
    fill_basket(user, quantities)
    return order_place(user=user, shipping_address=shipping_address())


def order_at(status: str, user, products) -> Order:
    """An order of 2 lamps and 1 mug, moved (by nobody in particular) to
    `status` along the pipeline."""
    order = place(user, {products["lamp"]: 2, products["mug"]: 1})
    for following in path_to(status):
        order = order_status_change(
            order=order,
            status=following,
            tracking_number="TRK-1" if following == Order.SHIPPED else None,
        )
    assert order.status == status
    return order


def state(order, products) -> tuple:
    """What anyone looking at the order or the shelves would see."""
    fresh = Order.objects.get(pk=order.pk)
    return (
        fresh.status,
        fresh.tracking_number,
        sorted(fresh.lines.values_list("status", flat=True)),
        fresh.status_changes.count(),
        [stock(product) for product in products.values()],
    )


# --- the pipeline -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), ALLOWED_MOVES, ids=move_id)
def test_every_allowed_move_is_made_and_records_who_made_it(
    old, new, customer, staff_user, products
):
    # given
    order = order_at(old, customer, products)
    changes_before = order.status_changes.count()

    # when
    moved = order_status_change(
        order=order,
        status=new,
        by=staff_user,
        tracking_number="TRK-2" if new == Order.SHIPPED else None,
    )

    # then
    assert moved.status == Order.objects.get(pk=order.pk).status == new
    assert order.status_changes.count() == changes_before + 1
    last = order.status_changes.order_by("pk").last()
    assert (last.old_status, last.new_status, last.changed_by) == (
        old,
        new,
        staff_user,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), ILLEGAL_MOVES, ids=move_id)
def test_every_illegal_move_is_a_conflict_and_changes_nothing(
    old, new, customer, staff_user, products
):
    # given
    order = order_at(old, customer, products)
    before = state(order, products)

    # when
    with pytest.raises(Conflict) as caught:
        order_status_change(
            order=order, status=new, by=staff_user, tracking_number="TRK-NEW"
        )

    # then: not even the tracking number sent with the move is kept
    assert caught.value.code == "illegal_status_transition"
    assert state(order, products) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "old",
    [
        old
        for old, new in ILLEGAL_MOVES
        if new == Order.SHIPPED and Order.SHIPPED not in path_to(old)
    ],
)
def test_an_illegal_move_to_shipped_is_a_conflict_even_without_a_tracking_number(
    old, customer, staff_user, products
):
    # given: an order that never had a tracking number (pending, cancelled)
    order = order_at(old, customer, products)
    before = state(order, products)

    # when: the staff member is told the move is illegal, not to add a number
    with pytest.raises(Conflict) as caught:
        order_status_change(order=order, status=Order.SHIPPED, by=staff_user)

    # then
    assert caught.value.code == "illegal_status_transition"
    assert state(order, products) == before


@pytest.mark.django_db
def test_an_unknown_status_is_a_conflict(customer, products):
    order = order_at(Order.PENDING, customer, products)
    before = state(order, products)

    with pytest.raises(Conflict) as caught:
        order_status_change(order=order, status="lost")

    assert caught.value.code == "illegal_status_transition"
    assert state(order, products) == before


# --- shipping -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("tracking_number", [None, "", "   "])
def test_shipping_needs_a_tracking_number(
    tracking_number, customer, staff_user, products
):
    order = order_at(Order.PAID, customer, products)
    before = state(order, products)

    with pytest.raises(InvalidInput) as caught:
        order_status_change(
            order=order,
            status=Order.SHIPPED,
            by=staff_user,
            tracking_number=tracking_number,
        )

    assert (caught.value.code, caught.value.field) == (
        "tracking_number_required",
        "tracking_number",
    )
    assert state(order, products) == before


@pytest.mark.django_db
def test_shipping_takes_the_units_out_of_the_warehouse(customer, staff_user, products):
    # given: 2 lamps and 1 mug allocated to a paid order
    order = order_at(Order.PAID, customer, products)
    assert stock(products["lamp"]) == (5, 2) and stock(products["mug"]) == (10, 1)

    # when
    shipped = order_status_change(
        order=order, status=Order.SHIPPED, by=staff_user, tracking_number=" 1Z999 "
    )

    # then: in stock and allocated both drop, what is on sale does not move
    assert (shipped.status, shipped.tracking_number) == (Order.SHIPPED, "1Z999")
    assert stock(products["lamp"]) == (3, 0) and stock(products["mug"]) == (9, 0)
    # delivery moves no stock
    order_status_change(order=order, status=Order.DELIVERED, by=staff_user)
    assert stock(products["lamp"]) == (3, 0) and stock(products["mug"]) == (9, 0)


@pytest.mark.django_db
def test_a_tracking_number_given_before_shipping_is_enough(
    customer, staff_user, products
):
    order = order_at(Order.PAID, customer, products)

    noted = order_status_change(order=order, tracking_number="1Z999", by=staff_user)
    assert (noted.status, stock(products["lamp"])) == (Order.PAID, (5, 2))
    shipped = order_status_change(order=order, status=Order.SHIPPED, by=staff_user)

    assert (shipped.status, shipped.tracking_number) == (Order.SHIPPED, "1Z999")
    assert stock(products["lamp"]) == (3, 0)


# --- cancelling -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Order.PENDING, Order.PAID])
def test_cancelling_a_pending_or_paid_order_returns_its_stock(
    status, customer, products
):
    # given
    order = order_at(status, customer, products)
    assert stock(products["lamp"]) == (5, 2) and stock(products["mug"]) == (10, 1)

    # when
    cancelled = order_cancel(order=order, by=customer)

    # then
    assert cancelled.status == Order.objects.get(pk=order.pk).status == "cancelled"
    assert stock(products["lamp"]) == (5, 0) and stock(products["mug"]) == (10, 0)
    last = order.status_changes.order_by("pk").last()
    assert (last.old_status, last.new_status, last.changed_by) == (
        status,
        Order.CANCELLED,
        customer,
    )


@pytest.mark.django_db
def test_order_cancel_leaves_a_paid_orders_payment_alone(customer, products):
    # given: the money is the workflows' business, not the order's
    order = order_at(Order.PAID, customer, products)
    payment = Payment.objects.create(
        order=order,
        provider="sandbox",
        amount=order.total_incl_tax,
        currency=order.currency,
        status=Payment.Status.SUCCEEDED,
        transaction_reference="sbx_paid_1",
    )

    # when
    order_cancel(order=order, by=customer)

    # then
    payment.refresh_from_db()
    assert (payment.status, payment.amount) == (
        Payment.Status.SUCCEEDED,
        order.total_incl_tax,
    )
    assert not Refund.objects.filter(payment=payment).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [s for s in STATUSES if Order.CANCELLED not in PIPELINE[s]],
    ids=move_id,
)
def test_an_order_that_cannot_be_cancelled_is_a_conflict_and_keeps_its_stock(
    status, customer, products
):
    # given (a cancelled order: its stock came back once, never twice)
    order = order_at(status, customer, products)
    before = state(order, products)

    # when
    with pytest.raises(Conflict) as caught:
        order_cancel(order=order, by=customer)

    # then
    assert caught.value.code == "illegal_status_transition"
    assert state(order, products) == before


# --- paying -------------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_paid_moves_a_pending_order_to_paid(customer, staff_user, products):
    order = order_at(Order.PENDING, customer, products)

    paid = order_mark_paid(order=order, by=staff_user)

    assert paid.status == Order.objects.get(pk=order.pk).status == Order.PAID
    last = order.status_changes.get()
    assert (last.old_status, last.new_status, last.changed_by) == (
        Order.PENDING,
        Order.PAID,
        staff_user,
    )
    assert stock(products["lamp"]) == (5, 2)  # paying moves no stock


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [s for s in STATUSES if s != Order.PENDING], ids=move_id
)
def test_mark_paid_leaves_any_other_status_alone(status, customer, products):
    order = order_at(status, customer, products)
    before = state(order, products)

    returned = order_mark_paid(order=order)

    assert returned.status == status
    assert state(order, products) == before


# --- checkout -------------------------------------------------------------------------


@pytest.mark.django_db
def test_placing_an_order_snapshots_its_lines_and_takes_the_stock(customer, products):
    # given
    basket = fill_basket(customer, {products["lamp"]: 2, products["mug"]: 1})

    # when
    order = order_place(user=customer, shipping_address=shipping_address())
    product_update(
        product=products["lamp"],
        name="Renamed Lamp",
        slug="renamed-lamp",
        price=Decimal("99.00"),
    )
    product_soft_delete(product=products["mug"])

    # then: the lines keep what the customer bought, at the price paid
    order = Order.objects.get(pk=order.pk)
    assert (order.status, order.user, order.currency) == ("pending", customer, "USD")
    assert order.total_incl_tax == Decimal("44.48")
    assert order.shipping_address.line1 == ADDRESS["line1"]
    assert [
        (
            line.title,
            line.product_slug,
            line.unit_price_incl_tax,
            line.quantity,
            line.line_price_incl_tax,
        )
        for line in order.lines.order_by("pk")
    ] == [
        ("Lamp", "lamp", Decimal("19.99"), 2, Decimal("39.98")),
        ("Mug", "mug", Decimal("4.50"), 1, Decimal("4.50")),
    ]
    assert stock(products["lamp"]) == (5, 2) and stock(products["mug"]) == (10, 1)
    # the basket is spent; the customer's next one is empty
    assert Basket.objects.get(pk=basket.pk).status == Basket.SUBMITTED
    next_basket = basket_for_user(customer)
    assert next_basket.pk != basket.pk and next_basket.num_lines == 0


@pytest.mark.django_db
def test_placing_an_order_of_5_lines_writes_them_in_bulk(
    customer, django_assert_max_num_queries
):
    # given
    five = [make_product(f"Item {n}", price=f"{n}.00", stock=10) for n in range(1, 6)]
    fill_basket(customer, dict.fromkeys(five, 2))
    address = shipping_address()

    # when
    with django_assert_max_num_queries(20) as captured:
        order = order_place(user=customer, shipping_address=address)

    # then
    inserts = [
        q["sql"].split("(")[0].strip()
        for q in captured.captured_queries
        if q["sql"].startswith("INSERT")
    ]
    assert inserts.count('INSERT INTO "order_line"') == 1
    assert inserts.count('INSERT INTO "order_lineprice"') == 1
    assert order.lines.count() == 5 and order.total_incl_tax == Decimal("30.00")
    assert all(stock(product) == (10, 2) for product in five)


@pytest.mark.django_db
def test_a_short_line_is_insufficient_stock_and_nothing_is_created(customer, products):
    # given: since the customer filled the basket, others took lamps and mugs
    basket = fill_basket(customer, {products["lamp"]: 3, products["mug"]: 2})
    taken = {
        StockRecord.objects.get(product=products["lamp"]).pk: 3,
        StockRecord.objects.get(product=products["mug"]).pk: 9,
    }
    stock_allocate(quantities=taken)

    # when
    with pytest.raises(InsufficientStock) as caught:
        order_place(user=customer, shipping_address=shipping_address())

    # then: both short lines are named
    assert sorted(caught.value.short) == ["Lamp (available 2)", "Mug (available 1)"]
    assert not Order.objects.exists() and not Line.objects.exists()
    assert not ShippingAddress.objects.exists()
    assert stock(products["lamp"]) == (5, 3) and stock(products["mug"]) == (10, 9)
    basket = Basket.objects.get(pk=basket.pk)
    assert basket.status == Basket.OPEN and basket.num_items == 5


@pytest.mark.django_db
@pytest.mark.parametrize("has_basket", [False, True])
def test_an_empty_basket_is_invalid_input(has_basket, customer, products):
    if has_basket:
        basket_for_user(customer)

    with pytest.raises(InvalidInput) as caught:
        order_place(user=customer, shipping_address=shipping_address())

    assert caught.value.code == "empty_basket"
    assert not Order.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("withdraw", ["deactivate", "soft_delete"])
def test_a_product_withdrawn_after_adding_is_a_conflict(withdraw, customer, products):
    # given
    basket = fill_basket(customer, {products["mug"]: 1, products["lamp"]: 2})
    if withdraw == "deactivate":
        product_update(product=products["lamp"], is_active=False)
    else:
        product_soft_delete(product=products["lamp"])

    # when
    with pytest.raises(Conflict) as caught:
        order_place(user=customer, shipping_address=shipping_address())

    # then
    assert caught.value.code == "product_unavailable"
    assert "Lamp" in caught.value.message
    assert not Order.objects.exists()
    assert stock(products["lamp"]) == (5, 0) and stock(products["mug"]) == (10, 0)
    assert Basket.objects.get(pk=basket.pk).status == Basket.OPEN


@pytest.mark.django_db
def test_prices_come_from_the_stock_record_not_the_basket(customer, products):
    # given: the lamp costs more since it went into the basket at 19.99
    fill_basket(customer, {products["lamp"]: 2})
    stock_set(product=products["lamp"], price=Decimal("24.00"))

    # when
    order = order_place(user=customer, shipping_address=shipping_address())

    # then
    line = order.lines.get()
    assert (line.unit_price_incl_tax, line.line_price_incl_tax) == (
        Decimal("24.00"),
        Decimal("48.00"),
    )
    assert order.total_incl_tax == Decimal("48.00")


def wait_for_a_lock_waiter(timeout: float = 20) -> None:
    """Return once another session of this database waits on a lock."""
    with connection.cursor() as cursor:
        for _ in range(int(timeout / 0.01)):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                "current_database() AND wait_event_type = 'Lock' AND pid <> "
                "pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            threading.Event().wait(0.01)
    raise AssertionError("no checkout ever waited for the stock record's lock")


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_price_changed_while_checkout_waits_for_the_lock_is_the_price_paid():
    # given: a merchandiser reprices the lamp and holds its row until a
    # checkout that read the old price (19.99) waits for that row
    lamp = make_product("Lamp", price="19.99", stock=5)
    customer = UserFactory()
    fill_basket(customer, {lamp: 2})
    address = shipping_address()
    repriced = threading.Event()
    failures = []

    def merchandiser():
        try:
            with transaction.atomic():
                stock_set(product=lamp, price=Decimal("24.00"))
                repriced.set()
                wait_for_a_lock_waiter()
        except Exception as exc:  # reported below
            failures.append(exc)
            repriced.set()
        finally:
            connection.close()

    thread = threading.Thread(target=merchandiser)
    thread.start()
    repriced.wait(timeout=20)

    # when
    order = order_place(user=customer, shipping_address=address)
    thread.join(timeout=30)

    # then: the order is priced from the record it locked
    assert failures == []
    line = order.lines.get()
    assert (line.unit_price_incl_tax, line.line_price_incl_tax) == (
        Decimal("24.00"),
        Decimal("48.00"),
    )
    assert order.total_incl_tax == Decimal("48.00")


@pytest.mark.django_db
def test_a_currency_changed_after_adding_is_a_conflict_and_takes_no_stock(
    customer, products
):
    fill_basket(customer, {products["lamp"]: 1, products["mug"]: 1})
    stock_set(product=products["mug"], currency="EUR")

    with pytest.raises(Conflict) as caught:
        order_place(user=customer, shipping_address=shipping_address())

    assert caught.value.code == "currency_mismatch"
    assert not Order.objects.exists()
    assert stock(products["lamp"]) == (5, 0) and stock(products["mug"]) == (10, 0)


@pytest.mark.django_db
def test_an_unknown_shipping_method_is_invalid_input_and_takes_no_stock(
    customer, products
):
    basket = fill_basket(customer, {products["lamp"]: 2})

    with pytest.raises(InvalidInput) as caught:
        order_place(
            user=customer,
            shipping_address=shipping_address(),
            shipping_method_code="teleport",
        )

    assert caught.value.field == "shipping_method"
    assert not Order.objects.exists()
    assert stock(products["lamp"]) == (5, 0)
    assert Basket.objects.get(pk=basket.pk).status == Basket.OPEN
