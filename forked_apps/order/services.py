"""Orders: checkout, status moves along the pipeline, cancellation.

Stock is taken in the same transaction as the order: the stock records are
locked in primary-key order (SELECT ... FOR UPDATE, as Saleor does, so two
checkouts can't deadlock), checked, then allocated. Any short line aborts
everything. Oscar's own allocation does no check."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.loading import get_class, get_model

from forked_apps.basket.services import basket_prepare
from forked_apps.catalogue.cache import catalogue_cache_invalidate
from forked_apps.order.utils import OrderCreator
from project.core.exceptions import Conflict, InvalidInput

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
Repository = get_class("shipping.repository", "Repository")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")


def _schedule_email(order: Order, kind: str) -> None:
    from forked_apps.order.tasks import send_order_email

    transaction.on_commit(lambda: send_order_email.delay(order.pk, kind))


def _schedule_analytics(order: Order) -> None:
    from forked_apps.order.tasks import record_order_analytics

    transaction.on_commit(lambda: record_order_analytics.delay(order.pk))


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

    An empty basket is invalid input; a product that cannot be bought or a
    line short of stock is a Conflict, and then nothing is created or changed.
    Afterwards the basket is submitted (the user's next basket is empty)."""
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

        locked = {
            record.pk: record
            for record in StockRecord.objects.select_for_update()
            .filter(pk__in={line.stockrecord_id for line in lines})
            .order_by("pk")
        }
        _check_stock_and_currency(lines, locked)

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
        _allocate(lines)
        basket.submit()
        catalogue_cache_invalidate()
        _schedule_email(order, "placed")
        _schedule_analytics(order)
    return order


def _allocate(lines) -> None:
    """Allocate every line's quantity in one UPDATE (rows already locked)."""
    quantities = {}
    for line in lines:
        quantities[line.stockrecord_id] = (
            quantities.get(line.stockrecord_id, 0) + line.quantity
        )
    StockRecord.objects.filter(pk__in=quantities).update(
        num_allocated=Coalesce(F("num_allocated"), 0)
        + Case(
            *(When(pk=pk, then=Value(quantity)) for pk, quantity in quantities.items()),
            default=Value(0),
        )
    )


def _check_stock_and_currency(lines, locked: dict) -> None:
    """Every stock record covers the quantity all lines want of it, and the
    order has one currency, today's. Lines get the locked, current numbers
    (their joined partner stays cached)."""
    wanted = {}
    for line in lines:
        wanted[line.stockrecord_id] = wanted.get(line.stockrecord_id, 0) + line.quantity
    short = []
    for line in lines:
        record = locked[line.stockrecord_id]
        available = (record.num_in_stock or 0) - (record.num_allocated or 0)
        if wanted.pop(line.stockrecord_id, 0) > available:
            short.append(f"{line.product.get_title()} (available {max(available, 0)})")
        line.stockrecord.num_in_stock = record.num_in_stock
        line.stockrecord.num_allocated = record.num_allocated
        line.stockrecord.price = record.price
        line.stockrecord.price_currency = record.price_currency
        # Oscar takes the order's currency from the lines.
        line.price_currency = record.price_currency
    if short:
        raise Conflict(
            "Not enough stock: " + "; ".join(short) + ".", code="insufficient_stock"
        )
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


def _lines_with_locked_stock(order: Order):
    lines = list(order.lines.exclude(stockrecord=None).order_by("stockrecord_id"))
    list(
        StockRecord.objects.select_for_update()
        .filter(pk__in=[line.stockrecord_id for line in lines])
        .order_by("pk")
    )
    return lines


def _release_allocation(order: Order) -> None:
    for line in _lines_with_locked_stock(order):
        StockRecord.objects.filter(pk=line.stockrecord_id).update(
            num_allocated=Coalesce(F("num_allocated"), 0) - line.quantity
        )


def _consume_allocation(order: Order) -> None:
    for line in _lines_with_locked_stock(order):
        StockRecord.objects.filter(pk=line.stockrecord_id).update(
            num_allocated=Coalesce(F("num_allocated"), 0) - line.quantity,
            num_in_stock=Coalesce(F("num_in_stock"), 0) - line.quantity,
        )


def _move(order: Order, status: str, by) -> None:
    try:
        order.set_status(status, changed_by=by)
    except InvalidOrderStatus:
        raise Conflict(
            f"An order cannot move from '{order.status}' to '{status}'.",
            code="illegal_status_transition",
        ) from None


def order_status_change(
    *,
    order: Order,
    status: str | None = None,
    by=None,
    tracking_number: str | None = None,
) -> Order:
    """Move an order along the pipeline (docs/api.md "Orders") and/or set its
    tracking number. Shipping needs a tracking number and takes the stock out
    of the warehouse; cancelling returns it (and refunds a paid order)."""
    with transaction.atomic():
        order = _lock_order(order)
        if tracking_number is not None:
            order.tracking_number = tracking_number.strip()
            order.save(update_fields=["tracking_number"])
        if status is None or status == order.status:
            return order
        if status == Order.CANCELLED:
            return order_cancel(order=order, by=by)
        if status == Order.SHIPPED and not order.tracking_number:
            raise InvalidInput(
                "Shipping an order needs a tracking number.",
                code="tracking_number_required",
                field="tracking_number",
            )
        _move(order, status, by)
        if status == Order.SHIPPED:
            _consume_allocation(order)
            catalogue_cache_invalidate()
        _schedule_email(order, "status")
    return order


def order_cancel(*, order: Order, by=None) -> Order:
    """Cancel a pending or paid order: stock returned, a succeeded payment
    refunded, all in one transaction. Any other status is a Conflict."""
    from project.payments.services import payment_refund_for_order

    with transaction.atomic():
        order = _lock_order(order)
        if order.status not in (Order.PENDING, Order.PAID):
            raise Conflict(
                f"An order that is '{order.status}' cannot be cancelled.",
                code="illegal_status_transition",
            )
        payment_refund_for_order(order=order, by=by)
        _move(order, Order.CANCELLED, by)
        _release_allocation(order)
        catalogue_cache_invalidate()
        _schedule_email(order, "status")
    return order


def order_mark_paid(*, order: Order, by=None) -> Order:
    """Called by the payments app when the order's payment succeeds."""
    with transaction.atomic():
        order = _lock_order(order)
        if order.status == Order.PENDING:
            _move(order, Order.PAID, by)
            _schedule_email(order, "status")
    return order


def orders_cancel_unpaid(*, older_than: timedelta) -> int:
    """Cancel pending orders placed more than `older_than` ago whose payment
    is not on its way (none, or failed): their stock goes back on sale.
    Returns how many were cancelled."""
    from project.payments.models import Payment

    cutoff = timezone.now() - older_than
    settling = Payment.objects.filter(
        order=OuterRef("pk"), status=Payment.Status.PENDING
    )
    stale = Order.objects.filter(status=Order.PENDING, date_placed__lt=cutoff).exclude(
        Exists(settling)
    )
    cancelled = 0
    for order in stale.order_by("pk").iterator():
        try:
            order_cancel(order=order)
        except Conflict:  # paid or cancelled meanwhile
            continue
        cancelled += 1
    return cancelled
