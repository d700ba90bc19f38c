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
constraints on StockRecord are the last line of defence. Writes made with
UPDATE send no model signal, so each movement invalidates the catalogue's
cached reads itself.

Stock alerts follow every movement here, in its transaction: a record whose
available stock falls to or under its `low_stock_threshold` gets an open
StockAlert (one: a partial unique index), which closes when the record is
back above. Each movement knows every record's level before (the locked
row) and after, so only a crossing costs a query. After commit, each opened
alert is announced once: an email to the catalogue managers (Celery) and
the `stock_low` signal (signals.py) for whatever listens above this layer.
Oscar's own post_save receiver for alerts is disconnected (apps.py)."""

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
    stock_alert_payload,
)
from forked_apps.partner.signals import stock_low
from forked_apps.partner.tasks import send_stock_alert_email
from project.core.cache import catalogue_cache_invalidate
from project.core.exceptions import Conflict, InvalidInput

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
    catalogue_cache_invalidate()


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
    """Tell of newly opened alerts (after commit): the catalogue managers'
    email (Celery) and the `stock_low` signal, once per alert."""
    alerts = StockAlert.objects.filter(uuid__in=alert_ids).select_related(
        "stockrecord__product"
    )
    for alert in alerts:
        for receiver, error in stock_low.send_robust(
            sender=StockAlert, alert=alert, payload=stock_alert_payload(alert)
        ):
            if isinstance(error, Exception):
                logger.error(
                    "stock_low receiver %r failed for alert %s",
                    receiver,
                    alert.uuid,
                    exc_info=error,
                )
    send_stock_alert_email.delay(alert_ids)


class _Level:
    """What alerts need of a record after a movement: its stock, allocation
    and threshold (a StockRecord's fields, for selectors.available_quantity)."""

    def __init__(self, record: StockRecord, *, in_stock=None, allocated=None):
        self.num_in_stock = record.num_in_stock if in_stock is None else in_stock
        self.num_allocated = record.num_allocated if allocated is None else allocated
        self.low_stock_threshold = record.low_stock_threshold


def _crossings_after(
    locked: Mapping[int, StockRecord], quantities: Mapping[int, int], sign: int
) -> dict[int, tuple[bool, _Level]]:
    """Before and after of records whose allocation moved by `sign` x n."""
    return {
        pk: (
            _is_low(locked[pk]),
            _Level(
                locked[pk],
                allocated=(locked[pk].num_allocated or 0) + sign * quantity,
            ),
        )
        for pk, quantity in quantities.items()
        if pk in locked and locked[pk].low_stock_threshold is not None
    }


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
        _alerts_follow(_crossings_after(locked, quantities, +1))
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
        _alerts_follow(_crossings_after(locked, quantities, -1))


def stock_consume(*, quantities: Mapping[int, int]) -> None:
    """Allocated units leave the warehouse (the order shipped). What is
    available does not change (stock and allocation drop together), so no
    alert opens or closes."""
    quantities = _positive(quantities)
    if not quantities:
        return
    with transaction.atomic():
        stock_lock(record_ids=quantities)
        per_record = _per_record(quantities)
        _update(
            quantities,
            num_allocated=Coalesce(F("num_allocated"), 0) - per_record,
            num_in_stock=Coalesce(F("num_in_stock"), 0) - per_record,
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
        was_low = _is_low(current)
        for name, value in fields.items():
            setattr(current, name, value)
        current.save(update_fields=[*fields, "date_updated"])
        _alerts_follow({current.pk: (was_low, current)})
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
        if record is None:
            return stock_record_create(product=product, **fields)
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
        crossings = {}
        for change in changes:
            record = records.get(change.product.pk)
            if record is None:
                stock_record_create(
                    product=change.product,
                    partner=partner,
                    price=change.price,
                    price_currency=change.currency or "",
                    num_in_stock=change.stock or 0,
                )
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
            if change.stock is not None and current.low_stock_threshold is not None:
                crossings[record.pk] = (
                    _is_low(current),
                    _Level(current, in_stock=change.stock),
                )
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
        _alerts_follow(crossings)
        catalogue_cache_invalidate()
    return len(changes)
