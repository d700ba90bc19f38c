"""Voucher reads: finding a voucher by its code (whatever its case), the
staff list, and what a voucher gives (its offers' benefit and condition)."""

from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from oscar.core.loading import get_model

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")

# The API's names for Oscar's usages and the benefit types it creates.
USAGES = {
    "single_use": Voucher.SINGLE_USE,
    "multi_use": Voucher.MULTI_USE,
    "once_per_customer": Voucher.ONCE_PER_CUSTOMER,
}
BENEFIT_TYPES = {"percentage": Benefit.PERCENTAGE, "fixed": Benefit.FIXED}


def voucher_code_normalise(code: str) -> str:
    """Codes are case-insensitive: stored and looked up upper-case."""
    return code.strip().upper()


def voucher_offers() -> Prefetch:
    """A voucher's offers with their condition, benefit and ranges joined
    (one query for all the vouchers of a list)."""
    return Prefetch(
        "offers",
        queryset=ConditionalOffer.objects.select_related(
            "condition__range", "benefit__range"
        ).order_by("pk"),
    )


def vouchers_by_codes(codes: list[str]) -> dict[str, Voucher]:
    """The vouchers of `codes` (normalised), by code, with their offers (two
    queries)."""
    wanted = [voucher_code_normalise(code) for code in codes]
    vouchers = Voucher.objects.filter(code__in=wanted).prefetch_related(
        voucher_offers()
    )
    return {voucher.code: voucher for voucher in vouchers}


def voucher_queryset() -> QuerySet:
    """Vouchers with their offers' benefit and condition (two queries),
    newest first."""
    return Voucher.objects.prefetch_related(voucher_offers()).order_by(
        "-date_created", "-pk"
    )


def voucher_terms(voucher: Voucher) -> dict:
    """What the voucher gives, from its first offer (the API makes one per
    voucher; the dashboard may link others): `benefit` {type: "percentage" |
    "fixed" | "other", value} and `minimum_spend` (a value condition's
    amount, else None). Uses prefetched offers when there are some."""
    offers = list(voucher.offers.all())
    if not offers:
        return {"benefit": {"type": "other", "value": None}, "minimum_spend": None}
    offer = offers[0]
    names = {oscar: ours for ours, oscar in BENEFIT_TYPES.items()}
    benefit_type = names.get(offer.benefit.type, "other")
    minimum_spend: Decimal | None = None
    if offer.condition.type == Condition.VALUE:
        minimum_spend = offer.condition.value
    return {
        "benefit": {"type": benefit_type, "value": offer.benefit.value},
        "minimum_spend": minimum_spend,
    }
