"""docs/troubleshooting.md explains every error code the shop's code raises
and every error status the API answers: add a code in a service or a view
without explaining it there, and this fails."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "troubleshooting.md").read_text()
# The API's code and what it calls; the dashboard's forms are not the API.
SOURCES = [ROOT / "project", ROOT / "forked_apps"]
SKIP = ("migrations", "forked_apps/dashboard")
RAISED = [
    re.compile(r'\bcode="([a-z_]+)"'),  # ValidationError(..., code="x"), Conflict(...)
    re.compile(r'\bdefault_code = "([a-z_]+)"'),  # exception classes
    re.compile(r'\b[A-Z_]*CODE = "([a-z_]+)"'),  # constants such as NUL_CODE
    # a refusal given as (code, message), raised by its caller:
    # `return ("voucher_expired", f"The voucher...")`, `_voucher_error("x", "...")`
    re.compile(r'(?:\breturn\s+\(?|_error\()\s*"([a-z]+(?:_[a-z]+)+)",\s*f?"[A-Z]'),
]
STATUSES = [400, 401, 403, 404, 405, 406, 409, 413, 415, 429, 500]


def _raised_codes() -> dict[str, str]:
    codes = {}
    for source in SOURCES:
        for path in source.rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if any(part in relative for part in SKIP):
                continue
            for pattern in RAISED:
                for code in pattern.findall(path.read_text()):
                    codes.setdefault(code, relative)
    return codes


def test_every_error_code_is_explained():
    codes = _raised_codes()

    assert len(codes) > 30  # the scan finds the codes (it reads the right files)
    unexplained = {
        code: where for code, where in codes.items() if f"`{code}`" not in PAGE
    }
    assert not unexplained, f"explain these in docs/troubleshooting.md: {unexplained}"


def test_every_error_status_has_a_section():
    headings = re.findall(r"^### (\d{3}) ", PAGE, flags=re.MULTILINE)

    assert [int(status) for status in headings] == STATUSES


def test_the_scan_finds_refusals_given_as_code_and_message():
    codes = _raised_codes()

    # the voucher refusals (forked_apps/voucher/models.py, basket/services.py)
    assert {
        "voucher_not_found",
        "voucher_expired",
        "voucher_not_yet_valid",
        "voucher_unavailable",
        "voucher_minimum_spend_not_met",
        "voucher_not_applicable",
        "voucher_not_combinable",
    } <= set(codes)
