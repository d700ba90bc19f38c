"""CSV files that are safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets, so a product name or a
customer's address in an export could run commands on the machine of the
staff member who opens it (OWASP's "CSV injection"). Every CSV the
dashboard writes goes through `csv_safe` (mostly by way of `csv_writer`),
which prefixes such text cells with a single quote, as OWASP recommends: the
spreadsheet shows the text."""

from oscar.core.compat import UnicodeCSVWriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """`value`, with a text that a spreadsheet would run as a formula made
    inert. Numbers, dates and the like are left alone (a negative number is a
    number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeCSVWriter(UnicodeCSVWriter):
    """Oscar's Excel-compatible writer, every cell passed through csv_safe."""

    def writerow(self, row):
        super().writerow([csv_safe(value) for value in row])


def csv_writer(stream, **kwargs) -> SafeCSVWriter:
    """A CSV writer on an open text stream (an HttpResponse, a file)."""
    return SafeCSVWriter(open_file=stream, **kwargs)
