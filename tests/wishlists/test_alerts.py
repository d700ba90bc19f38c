"""Owners of a wished product hear once when its price drops or it comes
back in stock, whatever path changed it (forked_apps/wishlists/notifications.py)."""

from decimal import Decimal

import pytest
from django.db import transaction

from forked_apps.catalogue.services import product_update
from forked_apps.partner.services import StockChange, stock_import, stock_set
from forked_apps.wishlists.services import wishlist_create, wishlist_item_add
from tests.factories import UserFactory, make_product

pytestmark = pytest.mark.django_db


def wish(owner, *products, name="Ideas"):
    wishlist = wishlist_create(owner=owner, name=name)
    for product in products:
        wishlist_item_add(wishlist=wishlist, product=product)
    return wishlist


def test_a_price_drop_emails_each_owner_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    lamp = make_product("Lamp", price="20.00")
    ada, bob = (
        UserFactory(email="ada@example.com"),
        UserFactory(email="bob@example.com"),
    )
    wish(ada, lamp, name="One")
    wish(ada, lamp, name="Two")  # the same owner, twice
    wish(bob, lamp)

    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=lamp, price=Decimal("15.00"))

    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "ada@example.com",
        "bob@example.com",
    ]
    assert mailoutbox[0].subject == "Lamp is now 15.00 USD"
    assert "was 20.00 USD" in mailoutbox[0].body


def test_many_saves_in_one_transaction_are_one_change(
    mailoutbox, django_capture_on_commit_callbacks
):
    lamp = make_product("Lamp", price="20.00")
    wish(UserFactory(), lamp)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for price in ("19.00", "18.00", "17.00"):
            stock_set(product=lamp, price=Decimal(price))

    assert len(mailoutbox) == 1
    assert "now 17.00 USD (was 20.00 USD)" in mailoutbox[0].body


def test_a_drop_taken_back_in_the_same_transaction_is_no_news(
    mailoutbox, django_capture_on_commit_callbacks
):
    lamp = make_product("Lamp", price="20.00", stock=0)
    wish(UserFactory(), lamp)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        stock_set(product=lamp, price=Decimal("10.00"), stock=5)
        stock_set(product=lamp, price=Decimal("20.00"), stock=0)

    assert mailoutbox == []


def test_later_saves_within_the_cooldown_send_nothing_more(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.WISHLIST_ALERT_COOLDOWN_HOURS = 24
    lamp = make_product("Lamp", price="20.00")
    wish(UserFactory(), lamp)

    for price in ("18.00", "16.00"):
        with django_capture_on_commit_callbacks(execute=True):
            stock_set(product=lamp, price=Decimal(price))

    assert len(mailoutbox) == 1

    settings.WISHLIST_ALERT_COOLDOWN_HOURS = 0
    with django_capture_on_commit_callbacks(execute=True):
        stock_set(product=lamp, price=Decimal("14.00"))
    assert len(mailoutbox) == 2


def test_back_in_stock_from_an_import(mailoutbox, django_capture_on_commit_callbacks):
    lamp = make_product("Lamp", stock=0)
    mug = make_product("Mug", stock=0)
    owner = UserFactory(email="ada@example.com")
    wish(owner, lamp, mug)

    with django_capture_on_commit_callbacks(execute=True):
        stock_import(
            changes=[StockChange(lamp, stock=4), StockChange(mug, price=Decimal("1"))]
        )

    # the mug got cheaper too (still out of stock): one email for both
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "2 products on your wish list have news"
    assert "- Lamp: back in stock" in mailoutbox[0].body
    assert "- Mug: now 1.00 USD (was 10.00 USD)" in mailoutbox[0].body


def test_back_in_stock_when_an_order_is_cancelled(
    user_client, user, mailoutbox, django_capture_on_commit_callbacks
):
    from forked_apps.order.services import order_cancel
    from tests.shopping import place_order

    lamp = make_product("Lamp", stock=1)
    watcher = UserFactory(email="watcher@example.com")
    wish(watcher, lamp)
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(user_client, {"lamp": 1})  # the last one
    mailoutbox.clear()

    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=Order.objects.get(uuid=order["id"]))

    alerts = [mail for mail in mailoutbox if mail.to == ["watcher@example.com"]]
    assert [mail.subject for mail in alerts] == ["Lamp is back in stock"]


def test_rises_unwished_products_and_inactive_owners_send_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    lamp = make_product("Lamp", price="20.00")
    make_product("Mug", price="20.00")
    wish(UserFactory(is_active=False), lamp)

    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=lamp, price=Decimal("25.00"))
        stock_set(product=lamp, price=Decimal("5.00"))  # inactive owner

    assert mailoutbox == []
