"""The inventory (forked_apps/partner/services.py): allocate, release,
consume, set and import; their checks, their query cost, the database's
CHECK constraint, and (on PostgreSQL, with real threads) their races."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from forked_apps.partner.models import StockRecord
from forked_apps.partner.selectors import available_quantity, default_partner
from forked_apps.partner.services import (
    InsufficientStock,
    StockBelowAllocated,
    StockChange,
    stock_allocate,
    stock_consume,
    stock_import,
    stock_record_update,
    stock_release,
    stock_set,
)
from tests.conftest import requires_postgres
from tests.factories import make_product
from tests.helpers import race, stock


def record_of(product) -> StockRecord:
    """The product's default stock record, fresh from the database."""
    return StockRecord.objects.get(product=product, partner=default_partner())


def updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]


def locks(queries) -> list[str]:
    return [q["sql"] for q in queries if "FOR UPDATE" in q["sql"].upper()]


# --- allocate ---------------------------------------------------------------------


@pytest.mark.django_db
def test_allocate_promises_units_and_leaves_the_rest_on_sale():
    # given
    lamp = make_product("Lamp", price="19.99", stock=5)
    mug = make_product("Mug", stock=10)
    lamp_id, mug_id = record_of(lamp).pk, record_of(mug).pk

    # when
    before = stock_allocate(quantities={lamp_id: 2, mug_id: 10})
    stock_allocate(quantities={lamp_id: 1})

    # then
    assert stock(lamp) == (5, 3) and stock(mug) == (10, 10)
    assert available_quantity(record_of(lamp)) == 2
    assert available_quantity(record_of(mug)) == 0
    # The records come back as they were when locked: the order's prices.
    assert before[lamp_id].price == Decimal("19.99")
    assert before[lamp_id].num_allocated == 0


@pytest.mark.django_db
def test_a_short_allocation_names_every_short_line_and_changes_nothing():
    # given: 1 lamp of 5 and no vase are already promised to other orders
    lamp = make_product("Lamp", stock=5)
    mug = make_product("Mug", stock=2)
    vase = make_product("Vase", stock=10)
    ids = {name: record_of(p).pk for name, p in {"lamp": lamp, "mug": mug}.items()}
    ids["vase"] = record_of(vase).pk
    stock_allocate(quantities={ids["lamp"]: 1})

    # when
    with pytest.raises(InsufficientStock) as caught:
        stock_allocate(
            quantities={ids["vase"]: 3, ids["lamp"]: 5, ids["mug"]: 3},
            labels={ids["vase"]: "Vase", ids["lamp"]: "Lamp", ids["mug"]: "Mug"},
        )

    # then
    assert caught.value.code == "insufficient_stock"
    assert sorted(caught.value.short) == ["Lamp (available 4)", "Mug (available 2)"]
    assert "Lamp (available 4)" in caught.value.message
    assert "Mug (available 2)" in caught.value.message
    assert "Vase" not in caught.value.message
    assert stock(lamp) == (5, 1)
    assert stock(mug) == (2, 0)
    assert stock(vase) == (10, 0)  # the line that fitted was not taken either


@pytest.mark.django_db
def test_allocating_a_record_that_does_not_exist_is_short():
    with pytest.raises(InsufficientStock) as caught:
        stock_allocate(quantities={987654: 1})

    assert caught.value.short == ["stock record 987654 (available 0)"]


@pytest.mark.django_db
def test_allocating_20_records_costs_the_queries_of_2(django_assert_num_queries):
    # given
    few = {record_of(make_product(stock=5)).pk: 1 for _ in range(2)}
    many = {record_of(make_product(stock=5)).pk: n % 3 + 1 for n in range(20)}
    with CaptureQueriesContext(connection) as two_lines:
        stock_allocate(quantities=few)

    # when
    with django_assert_num_queries(len(two_lines)) as twenty_lines:
        stock_allocate(quantities=many)

    # then: one lock, one UPDATE, whatever the number of lines
    assert len(two_lines) <= 5  # savepoint, lock, update, release (+ cache bump)
    assert len(updates(twenty_lines.captured_queries)) == 1
    if connection.features.has_select_for_update:
        assert len(locks(twenty_lines.captured_queries)) == 1
    allocated = dict(
        StockRecord.objects.filter(pk__in=many).values_list("pk", "num_allocated")
    )
    assert allocated == many


# --- release and consume ----------------------------------------------------------


@pytest.mark.django_db
def test_release_puts_a_cancelled_orders_units_back_on_sale():
    # given
    lamp, mug, vase = (make_product(stock=s) for s in (5, 10, 8))
    lamp_id, mug_id, vase_id = (record_of(p).pk for p in (lamp, mug, vase))
    stock_allocate(quantities={lamp_id: 3, mug_id: 4, vase_id: 2})

    # when
    stock_release(quantities={lamp_id: 1, mug_id: 4})

    # then
    assert stock(lamp) == (5, 2)
    assert stock(mug) == (10, 0)
    assert stock(vase) == (8, 2)  # not in the release: untouched
    assert available_quantity(record_of(lamp)) == 3


@pytest.mark.django_db
def test_consume_takes_shipped_units_out_of_the_warehouse():
    # given
    lamp, mug, vase = (make_product(stock=s) for s in (5, 10, 8))
    lamp_id, mug_id, vase_id = (record_of(p).pk for p in (lamp, mug, vase))
    stock_allocate(quantities={lamp_id: 3, mug_id: 4, vase_id: 2})

    # when
    stock_consume(quantities={lamp_id: 3, mug_id: 1})

    # then: in stock and allocated both drop; what is on sale does not move
    assert stock(lamp) == (2, 0)
    assert stock(mug) == (9, 3)
    assert stock(vase) == (8, 2)
    assert available_quantity(record_of(lamp)) == 2
    assert available_quantity(record_of(mug)) == 6


# --- a merchandiser's writes ----------------------------------------------------------


@pytest.mark.django_db
def test_stock_cannot_be_set_below_what_orders_hold():
    # given
    lamp = make_product("Lamp", price="10.00", stock=5)
    record = record_of(lamp)
    stock_allocate(quantities={record.pk: 3})

    # when
    with pytest.raises(StockBelowAllocated) as caught:
        stock_record_update(record=record, num_in_stock=2, price=Decimal("1.00"))

    # then
    assert caught.value.code == "stock_below_allocated"
    assert caught.value.allocated == 3 and "3 units" in caught.value.message
    assert stock(lamp) == (5, 3)
    assert record_of(lamp).price == Decimal("10.00")  # nothing of the call was kept

    # exactly what orders hold is allowed, and the caller's record is fresh
    stock_record_update(record=record, num_in_stock=3, price=Decimal("12.00"))
    assert stock(lamp) == (3, 3)
    assert (record.num_in_stock, record.price) == (3, Decimal("12.00"))


@pytest.mark.django_db
def test_stock_cannot_be_cleared_while_orders_hold_units():
    # given
    lamp = make_product("Lamp", stock=5)
    record = record_of(lamp)
    stock_allocate(quantities={record.pk: 3})

    # when: no count (None) is no stock at all, below the 3 units promised
    with pytest.raises(StockBelowAllocated):
        stock_record_update(record=record, num_in_stock=None)

    # then
    assert stock(lamp) == (5, 3)


@pytest.mark.django_db
def test_stock_record_update_refuses_to_write_num_allocated():
    lamp = make_product(stock=5)
    record = record_of(lamp)

    with pytest.raises(ValueError, match="num_allocated"):
        stock_record_update(record=record, num_in_stock=9, num_allocated=4)

    assert stock(lamp) == (5, 0)


@pytest.mark.django_db
def test_stock_set_creates_the_missing_default_record():
    # given: a product whose default stock record is gone
    lamp = make_product("Lamp", stock=5)
    StockRecord.objects.filter(product=lamp).delete()

    # when
    stock_set(product=lamp, price=Decimal("12.50"), currency="EUR", stock=7)

    # then
    record = record_of(lamp)
    assert (record.num_in_stock, record.num_allocated) == (7, 0)
    assert (record.price, record.price_currency) == (Decimal("12.50"), "EUR")
    assert record.partner_sku == str(lamp.uuid)
    assert StockRecord.objects.filter(product=lamp).count() == 1


@pytest.mark.django_db
def test_stock_set_changes_only_what_it_is_given():
    lamp = make_product("Lamp", price="10.00", stock=5)
    stock_allocate(quantities={record_of(lamp).pk: 2})

    stock_set(product=lamp, price=Decimal("11.00"))

    record = record_of(lamp)
    assert (record.price, record.price_currency) == (Decimal("11.00"), "USD")
    assert (record.num_in_stock, record.num_allocated) == (5, 2)
    with pytest.raises(StockBelowAllocated):
        stock_set(product=lamp, stock=1)
    assert stock(lamp) == (5, 2)


# --- import -------------------------------------------------------------------------


@pytest.mark.django_db
def test_stock_import_is_all_or_nothing_and_names_the_refused_product():
    # given: orders hold 4 mugs; the vase has no stock record yet
    lamp = make_product("Lamp", price="10.00", stock=5)
    mug = make_product("Mug", price="4.50", stock=10)
    vase = make_product("Vase", stock=1)
    StockRecord.objects.filter(product=vase).delete()
    stock_allocate(quantities={record_of(mug).pk: 4})

    # when: the mug's row (after rows that would apply) is below what orders hold
    with pytest.raises(StockBelowAllocated) as caught:
        stock_import(
            changes=[
                StockChange(lamp, price=Decimal("11.00"), stock=20),
                StockChange(vase, price=Decimal("3.00"), currency="USD", stock=3),
                StockChange(mug, stock=3),
            ]
        )

    # then
    assert caught.value.message.startswith("Mug: ")
    assert "4 units" in caught.value.message
    lamp_record = record_of(lamp)
    assert (lamp_record.price, lamp_record.num_in_stock) == (Decimal("10.00"), 5)
    assert stock(mug) == (10, 4)
    assert not StockRecord.objects.filter(product=vase).exists()


@pytest.mark.django_db
def test_stock_import_changes_only_the_given_columns():
    # given
    lamp = make_product("Lamp", price="10.00", stock=5)
    mug = make_product("Mug", price="4.50", stock=10)
    cup = make_product("Cup", price="2.00", stock=4)
    vase = make_product("Vase", stock=1)
    StockRecord.objects.filter(product=vase).delete()
    stock_allocate(quantities={record_of(lamp).pk: 2})

    # when
    changed = stock_import(
        changes=[
            StockChange(lamp, price=Decimal("12.00")),
            StockChange(mug, stock=7),
            StockChange(cup, currency="EUR"),
            StockChange(vase, price=Decimal("3.00"), currency="USD", stock=6),
        ]
    )

    # then
    assert changed == 4
    values = ("price", "price_currency", "num_in_stock", "num_allocated")
    assert [
        tuple(getattr(record_of(p), name) for name in values)
        for p in (lamp, mug, cup, vase)
    ] == [
        (Decimal("12.00"), "USD", 5, 2),
        (Decimal("4.50"), "USD", 7, 0),
        (Decimal("2.00"), "EUR", 4, 0),
        (Decimal("3.00"), "USD", 6, 0),
    ]


@pytest.mark.django_db
def test_importing_30_products_runs_the_updates_of_3(django_assert_num_queries):
    # given
    few = [make_product(stock=1) for _ in range(3)]
    many = [make_product(stock=1) for _ in range(30)]

    def changes(products):
        return [
            StockChange(p, price=Decimal(f"{n}.50"), stock=n)
            for n, p in enumerate(products, start=2)
        ]

    with CaptureQueriesContext(connection) as three:
        stock_import(changes=changes(few))

    # when
    with django_assert_num_queries(len(three)) as thirty:
        stock_import(changes=changes(many))

    # then: one UPDATE per changed column (price, stock), whatever the number
    assert len(updates(thirty.captured_queries)) == 2
    assert [stock(p)[0] for p in many] == list(range(2, 32))
    assert record_of(many[-1]).price == Decimal("31.50")


# --- the database's own check -----------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_more_allocated_than_in_stock_even_for_a_raw_update():
    lamp = make_product(stock=5)
    stock_allocate(quantities={record_of(lamp).pk: 3})
    rows = StockRecord.objects.filter(product=lamp)

    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(num_allocated=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(num_in_stock=2)

    assert stock(lamp) == (5, 3)


# --- races (PostgreSQL row locks, real threads) ------------------------------------


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_allocations_in_opposite_orders_never_oversell_nor_deadlock():
    # given: three products of 4 units; 12 checkouts each want one of each,
    # half naming them A, B, C and half C, B, A
    products = [make_product(stock=4) for _ in range(3)]
    ids = [record_of(p).pk for p in products]
    orders = [ids if n % 2 else ids[::-1] for n in range(12)]

    # when
    results = race(
        [
            lambda order=order: stock_allocate(quantities=dict.fromkeys(order, 1))
            for order in orders
        ]
    )

    # then: 4 succeed, the others are told the stock is short (no deadlock,
    # no database error)
    refused = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, InsufficientStock) for r in refused), refused
    assert len(results) - len(refused) == 4
    assert [stock(p) for p in products] == [(4, 4)] * 3


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stock_count_racing_checkouts_leaves_consistent_stock():
    # given: 10 lamps; 6 checkouts of 2 and a merchandiser counting 6 on the shelf
    lamp = make_product("Lamp", stock=10)
    record_id = record_of(lamp).pk
    checkouts = [lambda: stock_allocate(quantities={record_id: 2})] * 6

    # when
    *allocations, count = race([*checkouts, lambda: stock_set(product=lamp, stock=6)])

    # then
    refused = [r for r in allocations if isinstance(r, Exception)]
    assert all(isinstance(r, InsufficientStock) for r in refused), refused
    allocated = 2 * (len(allocations) - len(refused))
    in_stock, num_allocated = stock(lamp)
    assert num_allocated == allocated
    assert in_stock >= num_allocated
    if isinstance(count, Exception):
        # the count came after more than 6 units had been promised
        assert isinstance(count, StockBelowAllocated), count
        assert in_stock == 10
    else:
        assert in_stock == 6


@pytest.mark.django_db
def test_a_movement_of_negative_units_is_refused():
    lamp = make_product("Lamp", stock=5)
    record = StockRecord.objects.get(product=lamp)

    with pytest.raises(ValueError):
        stock_release(quantities={record.pk: -1})

    assert stock(lamp) == (5, 0)


@pytest.mark.django_db
def test_the_database_refuses_a_negative_allocation():
    lamp = make_product("Lamp", stock=5)

    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(product=lamp).update(num_allocated=-1)

    assert stock(lamp) == (5, 0)
