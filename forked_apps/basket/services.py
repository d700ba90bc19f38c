"""The signed-in customer's server basket, and pricing of a guest's
client-side cart. Stock is checked here for a good answer early; checkout
checks it again under row locks."""

import contextlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.timezone import now
from oscar.core.loading import get_class, get_model

from forked_apps.partner.selectors import (
    available_quantity,
    default_partner_id,
    stock_records_by_product,
)
from project.core.exceptions import Conflict

Applicator = get_class("offer.applicator", "Applicator")
Selector = get_class("partner.strategy", "Selector")
Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def _stockrecord(product) -> StockRecord:
    record = StockRecord.objects.filter(
        product=product, partner_id=default_partner_id()
    ).first()
    if record is None or record.price is None:
        raise Conflict(
            f"'{product.get_title()}' cannot be bought right now.",
            code="product_unavailable",
        )
    return record


def basket_for_user(user) -> Basket:
    """The user's open basket, created on first use (not yet priced: see
    basket_prepare)."""
    basket = Basket.open.filter(owner=user).order_by("pk").first()
    if basket is None:
        # One INSERT (Oscar's get_or_create would look again, in a savepoint).
        # Two concurrent first uses may make two open baskets: the oldest one
        # is the user's, as above.
        basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    return basket


def basket_prepare(basket: Basket, user) -> Basket:
    """Price the basket with Oscar's strategy and apply offers and vouchers."""
    basket.strategy = Selector().strategy(user=user)
    fresh_lines = basket._lines  # loaded, no offer applied yet: reusable
    basket.reset_offer_applications()
    basket._lines = fresh_lines
    lines = basket.all_lines()
    if basket.id and len(lines):
        Applicator().apply(basket, user)
    return basket


def basket_line_add(*, basket: Basket, product: Product, quantity: int) -> Line:
    """Add `quantity` of a product (more of it if the line exists). More than
    the available stock in the basket is a Conflict."""
    stockrecord = _stockrecord(product)
    lines = list(basket.all_lines())
    existing = next((line for line in lines if line.product_id == product.pk), None)
    wanted = quantity + (existing.quantity if existing else 0)
    if wanted > available_quantity(stockrecord):
        raise Conflict(
            f"Only {available_quantity(stockrecord)} of '{product.get_title()}' available.",
            code="insufficient_stock",
        )
    if lines and stockrecord.price_currency != lines[0].price_currency:
        raise Conflict(
            "A basket holds products of one currency only.", code="currency_mismatch"
        )
    basket._lines = None
    if existing:
        # An increment in the database: concurrent adds do not lose each other.
        Line.objects.filter(pk=existing.pk).update(
            quantity=F("quantity") + quantity, date_updated=now()
        )
        existing.quantity = wanted
        return existing
    line = _line_create(
        basket,
        product=product,
        stockrecord=stockrecord,
        line_reference=f"{product.pk}_{stockrecord.pk}",
        quantity=quantity,
        price_currency=stockrecord.price_currency,
        price_excl_tax=stockrecord.price,
        price_incl_tax=stockrecord.price,
    )
    if line is None:  # a concurrent request (a double click) created it first
        return basket_line_add(basket=basket, product=product, quantity=quantity)
    return line


def _line_create(basket: Basket, **fields) -> Line | None:
    """Insert a line; None if the basket already has it. One statement, so no
    transaction of its own, except a savepoint inside a caller's transaction
    (a failed INSERT must not break it)."""
    in_transaction = transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic() if in_transaction else contextlib.nullcontext():
            return basket.lines.create(**fields)
    except IntegrityError:
        return None


def basket_line_set_quantity(*, line: Line, quantity: int) -> None:
    """Set a line's quantity; 0 removes it."""
    if quantity == 0:
        line.delete()
        return
    available = available_quantity(line.stockrecord)
    if quantity > line.quantity and quantity > available:
        raise Conflict(
            f"Only {available} of '{line.product.get_title()}' available.",
            code="insufficient_stock",
        )
    line.quantity = quantity
    line.save(update_fields=["quantity", "date_updated"])


def basket_line_remove(*, line: Line) -> None:
    line.delete()


@dataclass
class SkippedLine:
    product: str
    reason: str


def basket_merge(
    *, basket: Basket, lines: list[tuple[Product, int]]
) -> list[SkippedLine]:
    """Add a guest's cart to the basket: quantities add up, capped at the
    available stock. Products that cannot be bought are skipped and reported."""
    skipped = []
    with transaction.atomic():
        for product, quantity in lines:
            try:
                stockrecord = _stockrecord(product)
            except Conflict as exc:
                skipped.append(SkippedLine(product.slug, exc.code))
                continue
            line = next(
                (line for line in basket.all_lines() if line.product_id == product.pk),
                None,
            )
            current = line.quantity if line else 0
            target = min(
                current + quantity,
                available_quantity(stockrecord),
                settings.OSCAR_MAX_BASKET_QUANTITY_THRESHOLD,
            )
            if target <= current:
                if current + quantity > current:
                    skipped.append(SkippedLine(product.slug, "insufficient_stock"))
                continue
            if target < current + quantity:
                skipped.append(SkippedLine(product.slug, "capped_at_available_stock"))
            basket_line_add(basket=basket, product=product, quantity=target - current)
    return skipped


@dataclass
class QuoteLine:
    product: Product
    quantity: int
    unit_price: Decimal
    currency: str
    available_quantity: int

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


def basket_quote(*, lines: list[tuple[Product, int]]) -> list[QuoteLine]:
    """Price a guest's lines at today's prices, saving nothing (one query)."""
    records = stock_records_by_product(product.pk for product, _ in lines)
    quoted = []
    for product, quantity in lines:
        record = records.get(product.pk)
        if record is None or record.price is None:
            raise Conflict(
                f"'{product.get_title()}' cannot be bought right now.",
                code="product_unavailable",
            )
        quoted.append(
            QuoteLine(
                product,
                quantity,
                record.price,
                record.price_currency,
                available_quantity(record),
            )
        )
    if len({line.currency for line in quoted}) > 1:
        raise Conflict(
            "A basket holds products of one currency only.", code="currency_mismatch"
        )
    return quoted
