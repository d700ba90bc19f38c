"""Voucher writes. A voucher made here is Oscar's: a Voucher linked to one
voucher-type ConditionalOffer whose condition is a minimum spend (a value
condition) or any one product (a count of 1) and whose benefit is a
percentage or a fixed amount, both over the "All products" range, applied
once per basket. The dashboard shows and edits them like its own."""

import re
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from forked_apps.voucher.selectors import (
    BENEFIT_TYPES,
    USAGES,
    voucher_code_normalise,
)
from project.core.exceptions import InvalidInput

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")

ALL_PRODUCTS_RANGE = "All products"
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]*$")


def _all_products_range() -> Range:
    """The range vouchers made here apply to (staff may exclude products or
    categories from it in the dashboard)."""
    products, _ = Range.objects.get_or_create(
        name=ALL_PRODUCTS_RANGE, defaults={"includes_all_products": True}
    )
    return products


def _check_free(code: str, name: str) -> None:
    if Voucher.objects.filter(code=code).exists():
        raise InvalidInput(
            "A voucher with this code already exists.", code="unique", field="code"
        )
    if (
        Voucher.objects.filter(name=name).exists()
        or ConditionalOffer.objects.filter(name=name).exists()
    ):
        raise InvalidInput(
            "A voucher or offer with this name already exists.",
            code="unique",
            field="name",
        )


def voucher_create(
    *,
    code: str,
    name: str,
    benefit_type: str,
    benefit_value: Decimal,
    usage: str,
    start_datetime: datetime,
    end_datetime: datetime,
    minimum_spend: Decimal | None = None,
) -> Voucher:
    """A voucher `code` (stored upper-case: codes are case-insensitive and
    unique) giving `benefit_value` percent or currency units off the basket,
    between the two datetimes, `usage` being single_use, multi_use or
    once_per_customer; with `minimum_spend`, only from that basket value."""
    code = voucher_code_normalise(code)
    name = name.strip()
    if not CODE_PATTERN.match(code):
        raise InvalidInput(
            "A code is letters, digits, '-' and '_', without spaces.",
            code="invalid",
            field="code",
        )
    if end_datetime <= start_datetime:
        raise InvalidInput(
            "The end must be after the start.", code="invalid", field="end_datetime"
        )
    if benefit_type == "percentage" and benefit_value > 100:
        raise InvalidInput(
            "A percentage is at most 100.", code="max_value", field="benefit.value"
        )
    _check_free(code, name)
    try:
        with transaction.atomic():
            products = _all_products_range()
            condition = Condition.objects.create(
                range=products,
                type=Condition.VALUE if minimum_spend else Condition.COUNT,
                value=minimum_spend or 1,
            )
            benefit = Benefit.objects.create(
                range=products, type=BENEFIT_TYPES[benefit_type], value=benefit_value
            )
            offer = ConditionalOffer.objects.create(
                name=name,
                offer_type=ConditionalOffer.VOUCHER,
                condition=condition,
                benefit=benefit,
                max_basket_applications=1,
            )
            voucher = Voucher.objects.create(
                name=name,
                code=code,
                usage=USAGES[usage],
                start_datetime=start_datetime,
                end_datetime=end_datetime,
            )
            voucher.offers.add(offer)
    except IntegrityError:  # a concurrent request took the code or the name
        _check_free(code, name)
        raise
    return voucher
