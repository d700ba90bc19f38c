"""Inventory: every stock movement of the shop goes through this module, in
the spirit of Saleor's warehouse/management.py.

A stock record holds `num_in_stock` (units in the warehouse) and
`num_allocated` (units promised to placed orders that have not shipped);
what can still be sold is their difference (selectors.available_quantity).

    allocate  an order is placed          allocated += n   (checked: n <= available)
    release   an order is cancelled       allocated -= n
    consume   an order ships              allocated -= n, in stock -= n
    set       a merchandiser counts stock in stock = n      (checked: n >= allocated)
    import    a CSV file of counts/prices set, for many records, all or nothing

Every movement locks the records it touches with SELECT ... FOR UPDATE in
primary-key order (so two movements over the same records queue instead of
deadlocking), checks, then writes all of them in one UPDATE. The CHECK
constraints on StockRecord are the last line of defence.

The catalogue's cached reads hold no stock (it is overlaid from one query),
so a movement invalidates nothing there, except the list pages when a
product sells out or comes back (`in_stock=` filters on it).

Every movement also reports each record it changed, before and after, to
one place, _stock_changed(): wish list owners hear of price drops and
returns to stock, staff changes of price or stock emit the
`product.updated` webhook (both after the commit), and stock alerts follow.

Stock alerts: a record whose available stock falls to or under its
`low_stock_threshold` gets an open StockAlert (one: a partial unique index),
which closes when the record is back above. Only a crossing costs a query.
After commit, each opened alert is announced once: an email to the
catalogue managers (Celery) and the `stock_low` signal (signals.py) for
whatever listens above this layer. Oscar's own post_save receiver for
alerts is disconnected (apps.py)."""

import copy
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from forked_apps.partner.selectors import (
    available_quantity,
    default_partner,
    is_low_stock,
    product_event_data,
    stock_alert_payload,
)
from forked_apps.partner.signals import stock_low
from forked_apps.partner.tasks import send_stock_alert_email
from forked_apps.wishlists.notifications import ProductChange, wished_products_changed
from project.core.cache import catalogue_cache_invalidate
from project.core.exceptions import Conflict, InvalidInput
from project.webhooks.events import stock_low as webhook_stock_low
from project.webhooks.events import webhook_events_enqueue

logger = logging.getLogger(__name__)

StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")

UNSET = object()


class InsufficientStock(Conflict):
    def __init__(self, short: list[str]):
        super().__init__(
            "Not enough stock: " + "; ".join(short) + ".", code="insufficient_stock"
        )
        self.short = short


class StockBelowAllocated(Conflict):
    def __init__(self, allocated: int):
        super().__init__(
            f"Stock cannot be lower than the {allocated} units already allocated "
            "to orders.",
            code="stock_below_allocated",
        )
        self.allocated = allocated


def stock_lock(*, record_ids: Iterable[int]) -> dict[int, StockRecord]:
    """Lock the stock records (FOR UPDATE, in primary-key order) and return
    them with their current numbers, by primary key."""
    return {
        record.pk: record
        for record in StockRecord.objects.select_for_update()
        .filter(pk__in=set(record_ids))
        .order_by("pk")
    }


def _per_record(quantities: Mapping[int, int]) -> Case:
    """A CASE giving each record its own quantity, for one UPDATE of many."""
    return Case(
        *(When(pk=pk, then=Value(quantity)) for pk, quantity in quantities.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


def _positive(quantities: Mapping[int, int]) -> dict[int, int]:
    """The non-zero quantities; a negative one is a programming error."""
    if any(quantity < 0 for quantity in quantities.values()):
        raise ValueError(f"stock movements are positive quantities: {quantities}")
    return {pk: quantity for pk, quantity in quantities.items() if quantity}


def _update(quantities: Mapping[int, int], **changes) -> None:
    StockRecord.objects.filter(pk__in=list(quantities)).update(**changes)


def _is_low(record: StockRecord | None) -> bool:
    if record is None:
        return False
    return is_low_stock(available_quantity(record), record.low_stock_threshold)


def _alerts_follow(crossings: Mapping[int, tuple[bool, StockRecord]]) -> None:
    """Open or close stock alerts for records whose level crossed their
    threshold in this movement: `crossings` maps a record's pk to (was it
    low before, the record as it is now). Records that did not cross cost
    nothing. Opened alerts are announced after commit."""
    opened, closed = [], []
    for pk, (was_low, record) in crossings.items():
        now_low = _is_low(record)
        if now_low and not was_low:
            opened.append(
                StockAlert(stockrecord_id=pk, threshold=record.low_stock_threshold)
            )
        elif was_low and not now_low:
            closed.append(pk)
    if closed:
        StockAlert.objects.filter(
            stockrecord_id__in=closed, status=StockAlert.OPEN
        ).update(status=StockAlert.CLOSED, date_closed=timezone.now())
    if opened:
        # An alert already open (the unique index) is left as it is and not
        # announced again: only rows this INSERT wrote are found after commit.
        StockAlert.objects.bulk_create(opened, ignore_conflicts=True)
        alert_ids = [str(alert.uuid) for alert in opened]
        transaction.on_commit(lambda: stock_alerts_announce(alert_ids=alert_ids))


def stock_alerts_announce(*, alert_ids: list[str]) -> None:
    """Tell of newly opened alerts (after commit): the `stock.low` webhook,
    the `stock_low` signal and the catalogue managers' email (Celery), once
    per alert."""
    alerts = StockAlert.objects.filter(uuid__in=alert_ids).select_related(
        "stockrecord__product"
    )
    for alert in alerts:
        payload = stock_alert_payload(alert)
        webhook_stock_low(
            product=alert.stockrecord.product,
            available=payload["available"],
            threshold=payload["threshold"],
        )
        for receiver, error in stock_low.send_robust(
            sender=StockAlert, alert=alert, payload=payload
        ):
            if isinstance(error, Exception):
                logger.error(
                    "stock_low receiver %r failed for alert %s",
                    receiver,
                    alert.uuid,
                    exc_info=error,
                )
    send_stock_alert_email.delay(alert_ids)


def _after(record: StockRecord, **values) -> StockRecord:
    """A copy of `record` with `values`: what a movement leaves it as."""
    changed = copy.copy(record)
    for name, value in values.items():
        setattr(changed, name, value)
    return changed


def _moved(
    locked: Mapping[int, StockRecord],
    quantities: Mapping[int, int],
    *,
    allocated: int = 0,
    in_stock: int = 0,
) -> list[tuple[StockRecord, StockRecord]]:
    """(before, after) of each record an order movement changed: allocated
    and in-stock units move by the sign given, times the quantity."""
    return [
        (
            record,
            _after(
                record,
                num_allocated=(record.num_allocated or 0) + allocated * quantities[pk],
                num_in_stock=(record.num_in_stock or 0) + in_stock * quantities[pk],
            ),
        )
        for pk, record in locked.items()
        if pk in quantities
    ]


def _stock_changed(
    changes: Iterable[tuple[StockRecord | None, StockRecord]], *, by_staff: bool
) -> None:
    """The one place that hears of every change of a product's price or
    stock: each stock record before (None: it is new) and after a movement,
    in the movement's transaction. Only what happens after the commit
    follows from here; `by_staff` marks counts and prices set by people
    (not orders)."""
    changes = list(changes)
    product_changes = [
        ProductChange(
            product_id=after.product_id,
            price_before=before.price if before else None,
            price_after=after.price,
            currency_before=before.price_currency if before else None,
            currency_after=after.price_currency,
            available_before=available_quantity(before),
            available_after=available_quantity(after),
        )
        for before, after in changes
    ]
    _alerts_follow(
        {
            after.pk: (_is_low(before), after)
            for before, after in changes
            if before is not None
            and (
                before.low_stock_threshold is not None
                or after.low_stock_threshold is not None
            )
        }
    )
    wished_products_changed(changes=product_changes)
    if any(
        (change.available_before > 0) != (change.available_after > 0)
        for change in product_changes
    ):
        # Sold out or back: the cached lists' `in_stock` filter moved.
        catalogue_cache_invalidate(lists=True)
    if by_staff:
        webhook_events_enqueue(
            event_type="product.updated",
            subjects=[
                change.product_id
                for change in product_changes
                if (
                    change.price_before,
                    change.currency_before,
                    change.available_before,
                )
                != (change.price_after, change.currency_after, change.available_after)
            ],
            build=product_event_data,
        )


def stock_allocate(
    *, quantities: Mapping[int, int], labels: Mapping[int, str] | None = None
) -> dict[int, StockRecord]:
    """Promise `quantities` (units by stock record) to an order: lock, check
    that every record has them available, allocate all in one UPDATE. A
    short record raises InsufficientStock naming each short line (by
    `labels`) and changes nothing. Returns the locked records as they were
    before the allocation (their prices and currencies, for the order)."""
    quantities = _positive(quantities)
    with transaction.atomic():
        locked = stock_lock(record_ids=quantities)
        short = []
        for pk, wanted in quantities.items():
            available = available_quantity(locked.get(pk))
            if wanted > available:
                label = (labels or {}).get(pk, f"stock record {pk}")
                short.append(f"{label} (available {available})")
        if short:
            raise InsufficientStock(short)
        _update(
            quantities,
            num_allocated=Coalesce(F("num_allocated"), 0) + _per_record(quantities),
        )
        _stock_changed(_moved(locked, quantities, allocated=1), by_staff=False)
    return locked


def stock_release(*, quantities: Mapping[int, int]) -> None:
    """Give back units an order had allocated (the order was cancelled)."""
    quantities = _positive(quantities)
    if not quantities:
        return
    with transaction.atomic():
        locked = stock_lock(record_ids=quantities)
        _update(
            quantities,
            num_allocated=Coalesce(F("num_allocated"), 0) - _per_record(quantities),
        )
        _stock_changed(_moved(locked, quantities, allocated=-1), by_staff=False)


def stock_consume(*, quantities: Mapping[int, int]) -> None:
    """Allocated units leave the warehouse (the order shipped); what is
    available does not change."""
    quantities = _positive(quantities)
    if not quantities:
        return
    with transaction.atomic():
        locked = stock_lock(record_ids=quantities)
        per_record = _per_record(quantities)
        _update(
            quantities,
            num_allocated=Coalesce(F("num_allocated"), 0) - per_record,
            num_in_stock=Coalesce(F("num_in_stock"), 0) - per_record,
        )
        _stock_changed(
            _moved(locked, quantities, allocated=-1, in_stock=-1), by_staff=False
        )


@dataclass(frozen=True)
class StockChange:
    """New values for one product's default stock record; None keeps a value."""

    product: object
    price: Decimal | None = None
    currency: str | None = None
    stock: int | None = None


def stock_record_update(*, record: StockRecord, **fields) -> StockRecord:
    """Write some fields of one stock record (price, price_currency,
    num_in_stock, partner_sku, low_stock_threshold...), locked against a
    concurrent checkout. Never `num_allocated`: only orders move it. Stock
    below what orders hold raises StockBelowAllocated."""
    if "num_allocated" in fields:
        raise ValueError("num_allocated moves with orders only")
    with transaction.atomic():
        current = stock_lock(record_ids=[record.pk])[record.pk]
        if "num_in_stock" in fields and (fields["num_in_stock"] or 0) < (
            current.num_allocated or 0
        ):
            raise StockBelowAllocated(current.num_allocated)
        before = copy.copy(current)
        for name, value in fields.items():
            setattr(current, name, value)
        # The model signal invalidates a product whose price changed.
        current.save(update_fields=[*fields, "date_updated"])
        _stock_changed([(before, current)], by_staff=True)
    record.refresh_from_db()
    return current


def stock_record_create(*, product, partner=None, **fields) -> StockRecord:
    """A product's stock record at `partner` (the default one if None); one
    created at or under its low-stock threshold opens an alert."""
    fields.setdefault("partner_sku", str(product.uuid))
    fields.setdefault("num_in_stock", 0)
    with transaction.atomic():
        record = StockRecord.objects.create(
            product=product,
            partner=partner or default_partner(),
            num_allocated=0,
            **fields,
        )
        if record.low_stock_threshold is not None:
            _alerts_follow({record.pk: (False, record)})
    return record


def stock_records_create(*, rows: list[StockChange]) -> list[StockRecord]:
    """Default stock records for many new products, in one INSERT."""
    partner = default_partner()
    return StockRecord.objects.bulk_create(
        StockRecord(
            product=row.product,
            partner=partner,
            partner_sku=str(row.product.uuid),
            price=row.price,
            price_currency=row.currency or "",
            num_in_stock=row.stock or 0,
            num_allocated=0,
        )
        for row in rows
    )


def stock_set(
    *,
    product,
    price=UNSET,
    currency=UNSET,
    stock=UNSET,
    low_stock_threshold=UNSET,
) -> StockRecord:
    """Set price, currency, units in stock or the low-stock threshold (None:
    no alerts) on the product's default stock record (created if missing).
    Stock below what orders hold raises StockBelowAllocated."""
    fields = {
        name: value
        for name, value in (
            ("price", price),
            ("price_currency", currency),
            ("num_in_stock", stock),
            ("low_stock_threshold", low_stock_threshold),
        )
        if value is not UNSET
    }
    with transaction.atomic():
        record = StockRecord.objects.filter(
            product=product, partner=default_partner()
        ).first()
        if record is None:  # an existing product's first price or stock
            record = stock_record_create(product=product, **fields)
            _stock_changed([(None, record)], by_staff=True)
            return record
        return stock_record_update(record=record, **fields)


def stock_import(*, changes: list[StockChange]) -> int:
    """Apply many products' new stock, prices and currencies, all or nothing:
    one lock of every record (primary-key order), a check of each, then one
    UPDATE per changed column. A product without a default stock record gets
    one. Stock below what orders hold raises StockBelowAllocated (naming the
    product) and changes nothing. Returns the number of products changed."""
    if not changes:
        return 0
    if len({change.product.pk for change in changes}) < len(changes):
        raise InvalidInput("A product appears twice in the changes.", code="duplicate")
    partner = default_partner()
    with transaction.atomic():
        records = {
            record.product_id: record
            for record in StockRecord.objects.filter(
                partner=partner, product__in=[c.product for c in changes]
            ).only("pk", "product_id")
        }
        locked = stock_lock(record_ids=[r.pk for r in records.values()])
        columns = {"price": {}, "price_currency": {}, "num_in_stock": {}}
        for change in changes:
            record = records.get(change.product.pk)
            if record is None:
                created = stock_record_create(
                    product=change.product,
                    partner=partner,
                    price=change.price,
                    price_currency=change.currency or "",
                    num_in_stock=change.stock or 0,
                )
                _stock_changed([(None, created)], by_staff=True)
                continue
            current = locked[record.pk]
            if change.stock is not None and change.stock < (current.num_allocated or 0):
                error = StockBelowAllocated(current.num_allocated)
                error.message = f"{change.product.get_title()}: {error.message}"
                raise error
            for column, value in (
                ("price", change.price),
                ("price_currency", change.currency),
                ("num_in_stock", change.stock),
            ):
                if value is not None:
                    columns[column][record.pk] = value
        changed = {}
        for column, values in columns.items():
            for pk, value in values.items():
                changed[pk] = _after(changed.get(pk, locked[pk]), **{column: value})
        for column, values in columns.items():
            if values:
                StockRecord.objects.filter(pk__in=list(values)).update(
                    **{
                        column: Case(
                            *(When(pk=pk, then=Value(v)) for pk, v in values.items()),
                            default=F(column),
                            output_field=StockRecord._meta.get_field(column),
                        )
                    }
                )
        # update() sends no signal: a new price shows in details and lists.
        priced = set(columns["price"]) | set(columns["price_currency"])
        if priced:
            catalogue_cache_invalidate(
                product_ids=[locked[pk].product_id for pk in priced], lists=True
            )
        _stock_changed(
            [(locked[pk], after) for pk, after in changed.items()], by_staff=True
        )
    return len(changes)
