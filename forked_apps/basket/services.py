"""The signed-in customer's server basket, and pricing of a guest's
client-side cart. Stock is checked here for a good answer early; checkout
checks it again under row locks.

Discounts are Oscar's offers, applied by its Applicator the same way to the
customer's basket, to a guest's quote (an unsaved basket priced in memory)
and at checkout: site offers (made in the dashboard) apply by themselves,
voucher offers once their code is in the basket (or the quote). Each
discount line is what its offer took off the lines, in whole cents, so that
total = subtotal - discounts exactly, in the basket, the quote and the
order."""

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.timezone import now
from oscar.core.loading import get_class, get_model

from forked_apps.partner.selectors import (
    available_quantity,
    default_partner_id,
    stock_records_by_product,
)
from forked_apps.voucher.selectors import (
    voucher_code_normalise,
    voucher_offers,
    vouchers_by_codes,
)
from project.core.exceptions import Conflict, InvalidInput, NotFound

Applicator = get_class("offer.applicator", "Applicator")
Selector = get_class("partner.strategy", "Selector")
Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Voucher = get_model("voucher", "Voucher")

ZERO = Decimal("0.00")


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
    """Price the basket with Oscar's strategy and apply offers and vouchers
    (again from scratch when it was prepared before). `basket.voucher_list`
    is then the vouchers it holds."""
    basket.strategy = Selector().strategy(user=user)
    loaded_lines = basket._lines  # reusable once their discounts are cleared
    basket.reset_offer_applications()
    basket._lines = loaded_lines
    lines = basket.all_lines()
    for line in lines:
        line.clear_discount()
    if user is not None and user.pk == basket.owner_id:
        basket.owner = user  # offers ask for it: no query to load it again
    basket.voucher_list = (
        list(basket.vouchers.order_by("pk").prefetch_related(voucher_offers()))
        if basket.id
        else []
    )
    if basket.id and len(lines):
        _apply_offers(basket, _offers_for(basket.voucher_list, user))
    return basket


def _offers_for(vouchers: list[Voucher], user) -> list:
    """The offers a basket holding `vouchers` gets, in the order Oscar's
    Applicator.get_offers gives them: the open offers of each voucher `user`
    may use now (None: a guest; Oscar would apply a suspended one too), and
    the site offers open today, highest priority first (vouchers first among
    equals)."""
    voucher_offers = []
    for voucher in vouchers:
        if voucher.unusable_reason(user) is None:
            for offer in voucher.offers.all():
                if offer.status != offer.OPEN:  # suspended or used up
                    continue
                offer.set_voucher(voucher)
                voucher_offers.append(offer)
    site_offers = ConditionalOffer.active.filter(
        offer_type=ConditionalOffer.SITE
    ).select_related("condition__range", "benefit__range")
    return sorted(
        chain(voucher_offers, site_offers),
        key=lambda offer: offer.priority,
        reverse=True,
    )


def _with_shared_ranges(offers, lines) -> list:
    """The offers, each condition and benefit swapped for its proxy class
    (counting, percentage...) once, the proxies of one range sharing one
    Range whose membership of the basket's products is read in one query.
    As they come, Oscar's proxies reload their range on every use and ask
    it about each line with a query of its own: queries per line and offer
    instead of per range."""
    product_ids = {line.product_id for line in lines}
    ranges = {}

    def shared(products):
        if products is None:
            return None
        if products.pk not in ranges:
            ranges[products.pk] = products
            if not products.proxy_class:  # a custom range answers for itself
                contained = set(
                    products.product_queryset.filter(id__in=product_ids).values_list(
                        "id", flat=True
                    )
                )
                products.contains_product = lambda product: product.id in contained
        return ranges[products.pk]

    for offer in offers:
        condition, benefit = offer.condition.proxy(), offer.benefit.proxy()
        condition.range = shared(offer.condition.range)
        benefit.range = shared(offer.benefit.range)
        offer.condition, offer.benefit = condition, benefit
    return offers


def _apply_offers(basket: Basket, offers) -> None:
    """Oscar's Applicator over `offers`; then each basket discount is set to
    what its offer took off the lines (in cents, see Line.discount), not the
    offer's own rounding of the unrounded total, so the discount lines add
    up to subtotal - total exactly (and checkout records these amounts)."""
    Applicator().apply_offers(basket, _with_shared_ranges(offers, basket.all_lines()))
    taken: dict[int, Decimal] = {}
    for line in basket.all_lines():
        for discount in line.discounts:
            if discount.offer is not None:
                taken[discount.offer.pk] = (
                    taken.get(discount.offer.pk, ZERO) + discount.amount
                )
    for application in basket.offer_applications:
        if application["result"].affects_basket:
            application["discount"] = taken.get(application["offer"].pk, ZERO)


@dataclass(frozen=True)
class Discount:
    """A discount line: the voucher's code (None for a site offer), the
    offer's name and the amount it takes off."""

    code: str | None
    name: str
    amount: Decimal


def basket_discounts(basket: Basket) -> list[Discount]:
    """The prepared basket's discount lines, in the order they applied
    (shipping discounts, if any, show in the order's shipping charge)."""
    return [
        Discount(
            code=application["voucher"].code if application["voucher"] else None,
            name=application["offer"].name,
            amount=application["discount"],
        )
        for application in basket.offer_applications
        if application["result"].affects_basket and application["discount"] > 0
    ]


def _voucher_error(code: str, message: str, field: str) -> InvalidInput:
    return InvalidInput(message, code=code, field=field)


def _usable_vouchers(codes: list[str], user, field: str) -> list[Voucher]:
    """The vouchers of `codes`, each of which exists and can be used now by
    `user` (None: a guest); otherwise InvalidInput naming why."""
    found = vouchers_by_codes(codes)
    vouchers = []
    for code in dict.fromkeys(voucher_code_normalise(code) for code in codes):
        voucher = found.get(code)
        if voucher is None:
            raise _voucher_error(
                "voucher_not_found", f"No voucher has the code '{code}'.", field
            )
        reason = voucher.unusable_reason(user)
        if reason is not None:
            raise _voucher_error(*reason, field)
        vouchers.append(voucher)
    return vouchers


def _require_discounts(basket: Basket, vouchers: list[Voucher], field: str) -> None:
    """Every voucher gave the prepared basket a discount; otherwise
    InvalidInput saying why not (the basket's discounts are then spent)."""
    rewarded = {
        application["voucher"].pk
        for application in basket.offer_applications
        if application["voucher"] and application["discount"] > 0
    }
    for voucher in vouchers:
        if voucher.pk not in rewarded:
            raise _voucher_error(*_why_no_discount(basket, voucher), field)


def _why_no_discount(basket: Basket, voucher: Voucher) -> tuple[str, str]:
    """Why a usable voucher gives this basket nothing: its offer is used up
    or suspended, it would apply alone but not with the basket's other
    discounts, the basket is under its minimum spend, or nothing in the
    basket is eligible."""
    for line in basket.all_lines():
        line.clear_discount()
    offers = list(voucher.offers.select_related("condition", "benefit"))
    user = basket.owner
    if not any(offer.is_available(user=user) for offer in offers):
        return (
            "voucher_unavailable",
            f"The voucher '{voucher.code}' is no longer available.",
        )
    if any(offer.is_condition_satisfied(basket) for offer in offers):
        return (
            "voucher_not_combinable",
            f"The voucher '{voucher.code}' does not combine with the other "
            "discounts of this basket.",
        )
    spends = [o.condition.value for o in offers if o.condition.type == Condition.VALUE]
    if spends:
        currency = basket.currency or settings.OSCAR_DEFAULT_CURRENCY
        return (
            "voucher_minimum_spend_not_met",
            f"The voucher '{voucher.code}' needs a basket of at least "
            f"{min(spends)} {currency} of eligible products.",
        )
    return (
        "voucher_not_applicable",
        f"Nothing in the basket is eligible for the voucher '{voucher.code}'.",
    )


def basket_voucher_add(*, basket: Basket, user, code: str) -> Basket:
    """Put the voucher of `code` (any case) in the basket and return the
    basket prepared. An unknown code, a voucher not yet valid, expired or
    already used, or one that gives this basket no discount (minimum spend,
    eligibility) is invalid input and changes nothing. Adding a voucher the
    basket holds changes nothing."""
    with transaction.atomic():
        # One change of the basket's vouchers at a time.
        Basket.objects.select_for_update().filter(pk=basket.pk).first()
        voucher = _usable_vouchers([code], user, "code")[0]
        if basket.vouchers.filter(pk=voucher.pk).exists():
            return basket_prepare(basket, user)
        basket.vouchers.add(voucher)
        basket_prepare(basket, user)
        _require_discounts(basket, [voucher], "code")
        # Oscar's "times added to basket" (the dashboard's voucher stats).
        Voucher.objects.filter(pk=voucher.pk).update(
            num_basket_additions=F("num_basket_additions") + 1
        )
    return basket


def basket_voucher_remove(*, basket: Basket, code: str) -> None:
    """Take the voucher of `code` out of the basket; one it does not hold
    is NotFound."""
    code = voucher_code_normalise(code)
    with transaction.atomic():
        voucher = basket.vouchers.filter(code=code).first()
        if voucher is None:
            raise NotFound(f"The basket holds no voucher '{code}'.")
        basket.vouchers.remove(voucher)
        Voucher.objects.filter(pk=voucher.pk).update(
            num_basket_additions=Greatest(F("num_basket_additions") - 1, 0)
        )


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


@dataclass
class Quote:
    """A guest's cart priced as a basket would be: its lines at today's
    prices, the discount lines of site offers and of the given vouchers."""

    lines: list[QuoteLine]
    discounts: list[Discount] = field(default_factory=list)
    vouchers: list[Voucher] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return self.lines[0].currency if self.lines else settings.OSCAR_DEFAULT_CURRENCY

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_total for line in self.lines), ZERO)

    @property
    def discount(self) -> Decimal:
        return sum((discount.amount for discount in self.discounts), ZERO)

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.discount


def basket_quote(
    *, lines: list[tuple[Product, int]], voucher_codes: Sequence[str] = ()
) -> Quote:
    """Price a guest's lines at today's prices with the discounts a basket
    of them would get (site offers, and the vouchers of `voucher_codes`,
    each of which must exist, be usable and give a discount, or it is
    invalid input), saving nothing: the basket is priced in memory."""
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
    vouchers = _usable_vouchers(list(voucher_codes), None, "voucher_codes")
    basket = _unsaved_basket(quoted, records)
    _apply_offers(basket, _offers_for(vouchers, None))
    _require_discounts(basket, vouchers, "voucher_codes")
    return Quote(quoted, basket_discounts(basket), vouchers)


def _unsaved_basket(quoted: list[QuoteLine], records: dict) -> Basket:
    """A basket and its lines in memory only, priced by Oscar's strategy."""
    basket = Basket()
    basket.strategy = Selector().strategy()
    basket._lines = [
        Line(
            basket=basket,
            product=line.product,
            stockrecord=records[line.product.pk],
            quantity=line.quantity,
            line_reference=f"{line.product.pk}_{records[line.product.pk].pk}",
            price_currency=line.currency,
            price_excl_tax=line.unit_price,
            price_incl_tax=line.unit_price,
        )
        for line in quoted
    ]
    return basket
