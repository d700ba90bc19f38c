"""Stock alerts (forked_apps/partner/services.py): every movement that takes
a record's available stock to or under its low-stock threshold opens one
alert, and one taking it back above closes it; catalogue managers get one
email and the `stock_low` signal fires once, after commit, never for a
movement that was rolled back."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from forked_apps.partner.models import StockAlert, StockRecord
from forked_apps.partner.selectors import default_partner
from forked_apps.partner.services import (
    StockChange,
    stock_allocate,
    stock_consume,
    stock_import,
    stock_record_update,
    stock_release,
    stock_set,
)
from forked_apps.partner.signals import stock_low
from tests.factories import UserFactory, make_product


def record_of(product) -> StockRecord:
    return StockRecord.objects.get(product=product, partner=default_partner())


def open_alerts(product=None):
    alerts = StockAlert.objects.filter(status=StockAlert.OPEN)
    return alerts.filter(stockrecord__product=product) if product else alerts


@pytest.fixture
def managers(db):
    """Two catalogue managers (one email each), an inactive one and a
    Support agent (none)."""
    role, support = (
        Group.objects.get(name="Catalogue manager"),
        Group.objects.get(name="Support"),
    )
    people = {}
    for name, group, active in [
        ("ann", role, True),
        ("bob", role, True),
        ("gone", role, False),
        ("sue", support, True),
    ]:
        user = UserFactory(
            email=f"{name}@shop.example", is_staff=True, is_active=active
        )
        user.groups.add(group)
        people[name] = user
    return people


@pytest.fixture
def announcements():
    """What the stock_low signal carried, receiver by receiver."""
    heard = []

    def receiver(sender, alert, payload, **kwargs):
        heard.append(payload)

    stock_low.connect(receiver, dispatch_uid="test-stock-low")
    yield heard
    stock_low.disconnect(dispatch_uid="test-stock-low")


def lamp_with_threshold(stock=5, threshold=3):
    lamp = make_product("Lamp", stock=stock)
    stock_set(product=lamp, low_stock_threshold=threshold)
    return lamp


@pytest.mark.django_db
def test_a_checkout_reaching_the_threshold_opens_one_alert_and_one_email_each(
    managers, announcements, django_capture_on_commit_callbacks
):
    # given: 5 in stock, an alert at 3 or less
    lamp = lamp_with_threshold(stock=5, threshold=3)
    record_id = record_of(lamp).pk
    with django_capture_on_commit_callbacks(execute=True):
        stock_allocate(quantities={record_id: 1})  # 4 left: above
    assert not open_alerts().exists() and mail.outbox == []

    # when: 3 left (at the threshold), then 2
    with django_capture_on_commit_callbacks(execute=True):
        stock_allocate(quantities={record_id: 1})
        assert mail.outbox == [] and announcements == []  # not before commit
    with django_capture_on_commit_callbacks(execute=True):
        stock_allocate(quantities={record_id: 1})

    # then
    alert = open_alerts(lamp).get()
    assert alert.threshold == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ann@shop.example",
        "bob@shop.example",
    ]
    assert mail.outbox[0].subject == "Low stock: Lamp"
    assert "Lamp (lamp): 3 available, threshold 3" in mail.outbox[0].body
    assert announcements == [
        {
            "id": str(alert.uuid),
            "product": {"id": str(lamp.uuid), "slug": "lamp", "name": "Lamp"},
            "available": 3,
            "threshold": 3,
            "opened_at": alert.date_created.isoformat(),
        }
    ]


@pytest.mark.django_db
def test_back_above_the_threshold_closes_it_and_a_new_fall_opens_another(
    managers, django_capture_on_commit_callbacks
):
    lamp = lamp_with_threshold(stock=5, threshold=3)
    record_id = record_of(lamp).pk
    with django_capture_on_commit_callbacks(execute=True):
        stock_allocate(quantities={record_id: 3})  # 2 left
    first = open_alerts(lamp).get()

    stock_release(quantities={record_id: 2})  # 4 left: a cancelled order

    first.refresh_from_db()
    assert first.status == StockAlert.CLOSED and first.date_closed is not None
    with django_capture_on_commit_callbacks(execute=True):
        stock_allocate(quantities={record_id: 2})
    assert open_alerts(lamp).get() != first
    assert len(mail.outbox) == 4  # two alerts, two managers


@pytest.mark.django_db
def test_counting_stock_and_changing_the_threshold_open_and_close_alerts(
    managers, django_capture_on_commit_callbacks
):
    lamp = lamp_with_threshold(stock=10, threshold=3)
    record = record_of(lamp)

    with django_capture_on_commit_callbacks(execute=True):
        stock_record_update(record=record, num_in_stock=3)  # a count: at it
    assert open_alerts(lamp).count() == 1
    stock_record_update(record=record, num_in_stock=20)  # a delivery
    assert not open_alerts(lamp).exists()

    with django_capture_on_commit_callbacks(execute=True):
        stock_set(product=lamp, low_stock_threshold=25)  # the reorder point moves up
    assert open_alerts(lamp).get().threshold == 25
    stock_set(product=lamp, low_stock_threshold=None)  # no more alerts for it
    assert not open_alerts(lamp).exists()
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_an_import_opens_and_closes_alerts_in_one_email(
    managers, django_capture_on_commit_callbacks
):
    lamp, vase = lamp_with_threshold(stock=10, threshold=3), make_product("Vase")
    stock_set(product=vase, low_stock_threshold=5)
    mug = make_product("Mug", stock=1)  # no threshold: never alerts

    with django_capture_on_commit_callbacks(execute=True):
        stock_import(
            changes=[
                StockChange(lamp, stock=2),
                StockChange(vase, stock=0),
                StockChange(mug, stock=0),
            ]
        )

    assert {a.stockrecord.product.slug for a in open_alerts()} == {"lamp", "vase"}
    assert len(mail.outbox) == 2 and mail.outbox[0].subject == "Low stock: 2 products"
    stock_import(changes=[StockChange(lamp, stock=50)])
    assert [a.stockrecord.product.slug for a in open_alerts()] == ["vase"]


@pytest.mark.django_db
def test_shipping_changes_nothing_available(managers):
    lamp = lamp_with_threshold(stock=5, threshold=3)
    record_id = record_of(lamp).pk
    stock_allocate(quantities={record_id: 1})

    stock_consume(quantities={record_id: 1})  # 4 in stock, 0 allocated: 4 available

    assert not StockAlert.objects.exists()


@pytest.mark.django_db
def test_a_product_created_at_its_threshold_opens_an_alert(
    managers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lamp = make_product("Lamp", stock=2, low_stock_threshold=2)

    assert open_alerts(lamp).count() == 1 and len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_movement_rolled_back_opens_nothing_and_tells_nobody(
    managers, announcements, django_capture_on_commit_callbacks
):
    lamp = lamp_with_threshold(stock=5, threshold=3)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        stock_allocate(quantities={record_of(lamp).pk: 4})
        raise RuntimeError("the order failed after taking the stock")

    assert not StockAlert.objects.exists()
    assert mail.outbox == [] and announcements == []


@pytest.mark.django_db
def test_a_failing_receiver_neither_stops_the_others_nor_the_email(
    managers, announcements, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **kwargs):
        raise ValueError("webhook queue down")

    stock_low.connect(broken, dispatch_uid="test-broken")
    lamp = lamp_with_threshold(stock=5, threshold=3)
    try:
        with (
            caplog.at_level(logging.ERROR),
            django_capture_on_commit_callbacks(execute=True),
        ):
            stock_allocate(quantities={record_of(lamp).pk: 2})
    finally:
        stock_low.disconnect(dispatch_uid="test-broken")

    assert len(announcements) == 1 and len(mail.outbox) == 2
    assert "stock_low receiver" in caplog.text


@pytest.mark.django_db
def test_movements_that_cross_nothing_cost_no_alert_query():
    plain = make_product("Plain", stock=10)  # no threshold
    watched = lamp_with_threshold(stock=10, threshold=3)

    with CaptureQueriesContext(connection) as queries:
        stock_allocate(quantities={record_of(plain).pk: 1, record_of(watched).pk: 1})
        stock_release(quantities={record_of(plain).pk: 1, record_of(watched).pk: 1})

    assert not any("partner_stockalert" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_the_database_keeps_one_open_alert_per_record():
    lamp = lamp_with_threshold(stock=1, threshold=3)  # opens one
    record = record_of(lamp)

    with pytest.raises(IntegrityError), transaction.atomic():
        StockAlert.objects.create(stockrecord=record, threshold=3)

    StockAlert.objects.filter(stockrecord=record).update(status=StockAlert.CLOSED)
    StockAlert.objects.create(stockrecord=record, threshold=3)  # closed ones pile up
