"""Orders: checkout, and the order's status along the pipeline
(settings.OSCAR_ORDER_STATUS_PIPELINE: pending -> paid | cancelled,
paid -> shipped | cancelled, shipped -> delivered).

Stock moves through the inventory (forked_apps/partner/services.py) in the
same transaction as the order: placing allocates, shipping consumes,
cancelling releases. This app knows nothing of payments: paying an order and
refunding a cancelled one are orchestrated by project/workflows, which calls
these functions."""

import logging

from django.db import transaction
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.loading import get_class, get_model

from forked_apps.basket.services import basket_prepare
from forked_apps.order.selectors import order_event_data
from forked_apps.order.tasks import record_order_analytics, send_order_email
from forked_apps.order.utils import OrderCreator
from forked_apps.partner.services import stock_allocate, stock_consume, stock_release
from project.core.exceptions import Conflict, InvalidInput
from project.webhooks.events import webhook_event_enqueue

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Repository = get_class("shipping.repository", "Repository")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")


def _schedule_email(order: Order, kind: str) -> None:
    status = order.status  # the status of this move, not of a later one
    transaction.on_commit(lambda: send_order_email.delay(order.pk, kind, status))


def _schedule_analytics(order: Order) -> None:
    transaction.on_commit(lambda: record_order_analytics.delay(order.pk))


def _publish(order: Order, event: str) -> None:
    """The `order.<event>` webhook (placed, paid, shipped, delivered,
    cancelled), after the commit, to the endpoints that listen."""
    webhook_event_enqueue(
        event_type=f"order.{event}", subject=order.pk, build=order_event_data
    )


def shipping_method_for(basket, code: str | None, shipping_address):
    """The shipping method with `code` (the default when None); an unknown
    code is invalid input, never silently replaced."""
    methods = Repository().get_shipping_methods(basket, shipping_addr=shipping_address)
    if code is None:
        return methods[0]
    for method in methods:
        if method.code == code:
            return method
    known = ", ".join(method.code for method in methods)
    raise InvalidInput(
        f"Unknown shipping method '{code}' (available: {known}).",
        code="invalid_choice",
        field="shipping_method",
    )


def order_place(
    *,
    user,
    shipping_address: dict,
    shipping_method_code: str | None = None,
) -> Order:
    """Turn the user's open basket into a pending order, taking the stock.

    The order is priced as the basket is (offers and vouchers, see
    basket_prepare) and keeps its discounts; the basket's vouchers are
    locked and checked again (OrderCreator.record_offers_and_vouchers).
    An empty basket is invalid input; a product that cannot be bought, a
    line short of stock or a voucher that can no longer be used is a
    Conflict, and then nothing is created or changed. Afterwards the basket
    is submitted (the user's next basket is empty)."""
    with transaction.atomic():
        # Lock the basket: two checkouts of one basket make one order.
        basket = (
            Basket.open.select_for_update().filter(owner=user).order_by("pk").first()
        )
        if basket is None:
            raise InvalidInput("The basket is empty.", code="empty_basket")
        # An evaluated queryset: Oscar's basket methods call .count() on it.
        lines = (
            basket.lines.select_related(
                "product__product_class", "stockrecord__partner"
            )
            .prefetch_related("attributes")
            .order_by("pk")
        )
        if not lines:
            raise InvalidInput("The basket is empty.", code="empty_basket")
        quantities, labels = {}, {}
        for line in lines:
            product = line.product
            if (
                product is None
                or product.deleted_at is not None
                or not product.is_public
            ):
                raise Conflict(
                    f"'{line.product.get_title() if line.product else 'A product'}' can no longer be bought.",
                    code="product_unavailable",
                )
            quantities[line.stockrecord_id] = (
                quantities.get(line.stockrecord_id, 0) + line.quantity
            )
            labels[line.stockrecord_id] = product.get_title()
        locked = stock_allocate(quantities=quantities, labels=labels)
        _price_lines_from(lines, locked)

        basket._lines = lines
        basket_prepare(basket, user)
        address = ShippingAddress(**shipping_address)
        address.clean()
        method = shipping_method_for(basket, shipping_method_code, address)
        shipping_charge = method.calculate(basket)
        total = OrderTotalCalculator().calculate(basket, shipping_charge)
        address.save()
        order = OrderCreator().place_order(
            basket=basket,
            total=total,
            shipping_method=method,
            shipping_charge=shipping_charge,
            user=user,
            shipping_address=address,
            status=Order.PENDING,
        )
        Basket.objects.filter(pk=basket.pk).update(
            status=Basket.SUBMITTED, date_submitted=order.date_placed
        )
        _schedule_email(order, "placed")
        _schedule_analytics(order)
        _publish(order, "placed")
    return order


def _price_lines_from(lines, locked: dict) -> None:
    """Lines are priced from the locked stock records (today's price and
    currency, not what the basket saw): one currency, every line priced."""
    for line in lines:
        record = locked[line.stockrecord_id]
        line.stockrecord.num_in_stock = record.num_in_stock
        line.stockrecord.num_allocated = record.num_allocated
        line.stockrecord.price = record.price
        line.stockrecord.price_currency = record.price_currency
        # Oscar takes the order's currency from the lines.
        line.price_currency = record.price_currency
    if len({record.price_currency for record in locked.values()}) > 1:
        raise Conflict(
            "The basket's products are now priced in different currencies.",
            code="currency_mismatch",
        )
    if any(record.price is None for record in locked.values()):
        raise Conflict(
            "A product in the basket has no price any more.", code="product_unavailable"
        )


def _lock_order(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _stock_quantities(order: Order) -> dict[int, int]:
    """Units of each stock record the order's lines hold."""
    quantities = {}
    for record_id, quantity in order.lines.exclude(stockrecord=None).values_list(
        "stockrecord_id", "quantity"
    ):
        quantities[record_id] = quantities.get(record_id, 0) + quantity
    return quantities


def _refuse_move(order: Order, status: str):
    raise Conflict(
        f"An order cannot move from '{order.status}' to '{status}'.",
        code="illegal_status_transition",
    )


def _move(order: Order, status: str, by) -> None:
    try:
        order.set_status(status, changed_by=by)
    except InvalidOrderStatus:
        _refuse_move(order, status)


def order_status_change(
    *,
    order: Order,
    status: str | None = None,
    by=None,
    tracking_number: str | None = None,
) -> Order:
    """Move an order along the pipeline and/or set its tracking number.
    Shipping needs a tracking number and takes the stock out of the
    warehouse; cancelling returns it (order_cancel). Illegal moves are a
    Conflict."""
    with transaction.atomic():
        order = _lock_order(order)
        if tracking_number is not None:
            order.tracking_number = tracking_number.strip()
            order.save(update_fields=["tracking_number"])
        if status is None or status == order.status:
            return order
        if status == Order.CANCELLED:
            return order_cancel(order=order, by=by)
        if status not in order.available_statuses():
            _refuse_move(order, status)
        if status == Order.SHIPPED and not order.tracking_number:
            raise InvalidInput(
                "Shipping an order needs a tracking number.",
                code="tracking_number_required",
                field="tracking_number",
            )
        _move(order, status, by)
        if status == Order.SHIPPED:
            stock_consume(quantities=_stock_quantities(order))
        _schedule_email(order, "status")
        _publish(order, status)
    return order


def order_cancel(*, order: Order, by=None) -> Order:
    """Cancel a pending or paid order and return its stock; any other status
    is a Conflict. The order's money is not this app's business: callers
    cancel through project.workflows (order_cancel_and_refund), which
    refunds a paid order in the same step."""
    with transaction.atomic():
        order = _lock_order(order)
        if order.status not in (Order.PENDING, Order.PAID):
            raise Conflict(
                f"An order that is '{order.status}' cannot be cancelled.",
                code="illegal_status_transition",
            )
        _move(order, Order.CANCELLED, by)
        stock_release(quantities=_stock_quantities(order))
        _schedule_email(order, "status")
        _publish(order, Order.CANCELLED)
    return order


def order_mark_paid(*, order: Order, by=None) -> Order:
    """A pending order's payment succeeded: it moves to `paid`. Any other
    status is left as it is (the caller decides what a late payment means)."""
    with transaction.atomic():
        order = _lock_order(order)
        if order.status == Order.PENDING:
            _move(order, Order.PAID, by)
            _schedule_email(order, "status")
            _publish(order, Order.PAID)
    return order
