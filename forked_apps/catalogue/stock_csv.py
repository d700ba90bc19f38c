"""Stock and prices as CSV, for the dashboard's export and import.

Import is two steps: parse_rows() validates every row and reports per-row
errors (the preview); stock_import_apply() applies a file that had none
through the inventory's stock_import (row locks, allocation check, one
transaction), so a file is applied whole or not at all."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from babel.numbers import list_currencies
from oscar.core.loading import get_model

from forked_apps.partner.selectors import default_partner_id
from forked_apps.partner.services import StockChange, stock_import
from project.core.spreadsheets import csv_writer

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

COLUMNS = ["slug", "name", "price", "currency", "stock", "allocated", "available"]
REQUIRED_COLUMNS = {"slug"}
MAX_ROWS = 10_000
MAX_PRICE = Decimal("9999999999.99")  # StockRecord.price: 12 digits, 2 decimals
MAX_STOCK = 2_147_483_647  # PostgreSQL integer
CURRENCIES = frozenset(list_currencies())


def stock_csv_export(stream) -> int:
    """Write every product's price and stock; returns the number of rows."""
    writer = csv_writer(stream)  # cells a spreadsheet would run are made inert
    writer.writerow(COLUMNS)
    records = (
        StockRecord.objects.filter(
            partner_id=default_partner_id(), product__deleted_at__isnull=True
        )
        .select_related("product")
        .order_by("product__slug")
    )
    count = 0
    for record in records.iterator(chunk_size=1000):
        allocated = record.num_allocated or 0
        stock = record.num_in_stock or 0
        writer.writerow(
            [
                record.product.slug,
                record.product.get_title(),
                record.price,
                record.price_currency,
                stock,
                allocated,
                stock - allocated,
            ]
        )
        count += 1
    return count


@dataclass
class StockRow:
    line: int
    slug: str
    price: Decimal | None = None
    currency: str | None = None
    stock: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def changes(self) -> dict:
        values = {"price": self.price, "currency": self.currency, "stock": self.stock}
        return {name: value for name, value in values.items() if value is not None}

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "slug": self.slug,
            "price": str(self.price) if self.price is not None else None,
            "currency": self.currency,
            "stock": self.stock,
        }


class StockFileError(ValueError):
    """The file as a whole is unreadable (not CSV, no slug column, too big)."""


def parse_rows(content: bytes) -> list[StockRow]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StockFileError("The file is not UTF-8 text.") from None
    reader = csv.DictReader(io.StringIO(text))
    headers = {(name or "").strip().lower() for name in reader.fieldnames or []}
    if not headers >= REQUIRED_COLUMNS:
        raise StockFileError("The file needs a header row with a 'slug' column.")
    rows = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise StockFileError(f"At most {MAX_ROWS} rows per file.")
        values = {
            (key or "").strip().lower(): (value or "").strip()
            for key, value in raw.items()
            if key
        }
        rows.append(_parse_row(number, values))
    _check_products(rows)
    return rows


def _parse_row(line: int, values: dict) -> StockRow:
    row = StockRow(line=line, slug=values.get("slug", ""))
    if not row.slug:
        row.errors.append("slug is empty")
    if values.get("price"):
        try:
            price = Decimal(values["price"])
        except InvalidOperation:
            row.errors.append(f"price '{values['price']}' is not a number")
        else:
            if (
                not price.is_finite()
                or not 0 <= price <= MAX_PRICE
                or price.as_tuple().exponent < -2
            ):
                row.errors.append(
                    f"price '{values['price']}' must be between 0 and {MAX_PRICE}, "
                    "with at most 2 decimals"
                )
            else:
                row.price = price
    if values.get("currency"):
        currency = values["currency"].upper()
        if currency in CURRENCIES:
            row.currency = currency
        else:
            row.errors.append(
                f"currency '{values['currency']}' is not an ISO 4217 code"
            )
    if values.get("stock"):
        try:
            stock = int(values["stock"])
        except ValueError:
            row.errors.append(f"stock '{values['stock']}' is not a whole number")
        else:
            if stock < 0:
                row.errors.append("stock cannot be negative")
            elif stock > MAX_STOCK:
                row.errors.append(f"stock cannot be more than {MAX_STOCK}")
            else:
                row.stock = stock
    if not row.errors and not row.changes:
        row.errors.append("nothing to change (price, currency and stock are empty)")
    return row


def _check_products(rows: list[StockRow]) -> None:
    slugs = [row.slug for row in rows if row.slug]
    records = {
        record.product.slug: record
        for record in StockRecord.objects.filter(
            partner_id=default_partner_id(),
            product__slug__in=slugs,
            product__deleted_at__isnull=True,
        ).select_related("product")
    }
    seen = set()
    for row in rows:
        if not row.slug:
            continue
        if row.slug in seen:
            row.errors.append(f"'{row.slug}' appears twice in the file")
        seen.add(row.slug)
        record = records.get(row.slug)
        if record is None:
            row.errors.append(f"no product with slug '{row.slug}'")
        elif row.stock is not None and row.stock < (record.num_allocated or 0):
            row.errors.append(
                f"stock {row.stock} is below the {record.num_allocated} units allocated to orders"
            )


def stock_import_apply(rows: list[StockRow]) -> int:
    """Apply validated rows, all or none (a row refused now, say because an
    order took stock since the preview, undoes the whole file)."""
    products = {
        p.slug: p for p in Product.objects.filter(slug__in=[row.slug for row in rows])
    }
    return stock_import(
        changes=[
            StockChange(products[row.slug], row.price, row.currency, row.stock)
            for row in rows
        ]
    )


def rows_from_dicts(items: list[dict]) -> list[StockRow]:
    return [
        StockRow(
            line=item["line"],
            slug=item["slug"],
            price=Decimal(item["price"]) if item["price"] is not None else None,
            currency=item["currency"],
            stock=item["stock"],
        )
        for item in items
    ]
