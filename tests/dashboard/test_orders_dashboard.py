"""Orders and payments in the dashboard go through the same services as the
API: allowed moves only, tracking number to ship, refunds, roles enforced."""

import pytest

from forked_apps.order.models import Order
from forked_apps.partner.models import StockRecord
from project.payments.models import Payment
from tests.factories import make_product
from tests.shopping import pay, place_order


@pytest.fixture
def paid_order(user_client):
    make_product("Lamp", price="19.99", stock=5)
    order = place_order(user_client, {"lamp": 2})
    pay(user_client, order["id"])
    return Order.objects.get(uuid=order["id"])


def change_status(client, order, status, tracking=""):
    return client.post(
        f"/dashboard/orders/{order.number}/",
        {
            "order_action": "change_order_status",
            "new_status": status,
            "tracking_number": tracking,
        },
        follow=True,
    )


@pytest.mark.django_db
def test_order_pages_load_for_an_order_manager(order_manager, paid_order):
    for url in (
        "/dashboard/orders/",
        "/dashboard/orders/?status=paid",
        f"/dashboard/orders/{paid_order.number}/",
        "/dashboard/orders/payments/",
    ):
        response = order_manager.get(url)
        assert response.status_code == 200, url
    detail = order_manager.get(f"/dashboard/orders/{paid_order.number}/").content
    assert (
        b"Lamp" in detail and b"order-payment" in detail and b"status-history" in detail
    )


@pytest.mark.django_db
def test_shipping_needs_a_tracking_number(order_manager, paid_order):
    refused = change_status(order_manager, paid_order, "shipped")

    assert b"needs a tracking number" in refused.content
    paid_order.refresh_from_db()
    assert paid_order.status == "paid"

    change_status(order_manager, paid_order, "shipped", tracking="1Z42")

    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.tracking_number) == ("shipped", "1Z42")
    assert StockRecord.objects.get().num_in_stock == 3
    assert (
        paid_order.status_changes.get(new_status="shipped").changed_by
        == order_manager.user
    )


@pytest.mark.django_db
def test_only_allowed_moves_are_offered_and_accepted(order_manager, paid_order):
    response = change_status(order_manager, paid_order, "delivered", tracking="T")

    paid_order.refresh_from_db()
    assert paid_order.status == "paid"
    assert response.status_code == 200


@pytest.mark.django_db
def test_cancel_from_the_dashboard_refunds_and_returns_stock(order_manager, paid_order):
    change_status(order_manager, paid_order, "cancelled")

    paid_order.refresh_from_db()
    assert paid_order.status == "cancelled"
    assert Payment.objects.get(order=paid_order).status == "refunded"
    assert StockRecord.objects.get().num_allocated == 0


@pytest.mark.django_db
def test_refund_from_the_order_page(order_manager, paid_order):
    order_manager.post(
        f"/dashboard/orders/{paid_order.number}/", {"order_action": "refund_payment"}
    )

    assert Payment.objects.get(order=paid_order).status == "refunded"


@pytest.mark.django_db
def test_refund_from_the_payments_list(order_manager, paid_order):
    payment = Payment.objects.get(order=paid_order)

    listed = order_manager.get(
        "/dashboard/orders/payments/?status=succeeded&provider=sandbox"
    )
    assert payment.transaction_reference.encode() in listed.content
    assert (
        order_manager.get("/dashboard/orders/payments/?status=failed")
        .context["payments"]
        .count()
        == 0
    )

    order_manager.post(f"/dashboard/orders/payments/{payment.pk}/refund/")

    payment.refresh_from_db()
    assert payment.status == "refunded"


@pytest.mark.django_db
def test_a_catalogue_manager_cannot_refund_or_see_orders(merchandiser, paid_order):
    payment = Payment.objects.get(order=paid_order)

    assert (
        merchandiser.post(
            f"/dashboard/orders/payments/{payment.pk}/refund/"
        ).status_code
        == 403
    )
    assert (
        merchandiser.post(
            f"/dashboard/orders/{paid_order.number}/",
            {"order_action": "refund_payment"},
        ).status_code
        == 403
    )
    assert merchandiser.get("/dashboard/orders/").status_code == 403
    payment.refresh_from_db()
    assert payment.status == "succeeded"


@pytest.mark.django_db
def test_support_sees_orders_but_cannot_change_or_refund(support, paid_order):
    assert support.get(f"/dashboard/orders/{paid_order.number}/").status_code == 200

    assert change_status(support, paid_order, "cancelled").status_code == 403
    assert (
        support.post(
            f"/dashboard/orders/{paid_order.number}/",
            {"order_action": "refund_payment"},
        ).status_code
        == 403
    )
    paid_order.refresh_from_db()
    assert (
        paid_order.status == "paid"
        and Payment.objects.get(order=paid_order).status == "succeeded"
    )


@pytest.mark.django_db
def test_bulk_status_change_from_the_order_list(order_manager, paid_order):
    response = order_manager.post(
        "/dashboard/orders/",
        {
            "action": "change_order_statuses",
            "selected_order": [paid_order.pk],
            "new_status": "shipped",
        },
        follow=True,
    )

    assert b"needs a tracking number" in response.content
    paid_order.refresh_from_db()
    assert paid_order.status == "paid"
