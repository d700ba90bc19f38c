"""At 100,000 products a sequential scan of catalogue_product is what makes
search and filtered lists slow: every query the list runs for them must have
an index to use. With a few rows the planner rightly prefers a scan, so the
plans are taken with `enable_seqscan` off: a query that still scans has no
index it could use."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.conftest import requires_postgres
from tests.factories import make_category, make_product

QUERIES = [
    "?search=shirt",
    "?search=oodi",  # a substring of a name: the trigram index
    "?category=clothing&min_price=10&max_price=150&ordering=-price",
    "?category=clothing",
    "?min_price=10&max_price=20",
    "",
    "?ordering=-rating",
]


@pytest.fixture
def catalogue(db):
    clothing = make_category("Clothing")
    tops = make_category("Tops", parent=clothing)
    home = make_category("Home")
    for n in range(30):
        make_product(f"Cotton Shirt {n}", price=f"{10 + n}.00", category=tops)
        make_product(f"Hoodie {n}", price="25.00", category=clothing)
        make_product(f"Lamp {n}", price="40.00", category=home)


def plans_of(url, client) -> list[tuple[str, str]]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.startswith("SELECT") or "catalogue_product" not in sql:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return plans


@requires_postgres
@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
def test_list_search_and_filters_never_scan_the_product_table(
    api_client, catalogue, settings, query
):
    settings.CATALOGUE_CACHE_ENABLED = False

    plans = plans_of(f"/api/v1/products/{query}", api_client)

    assert plans, "no query of catalogue_product was captured"
    for sql, plan in plans:
        print(plan)
        assert "Seq Scan on catalogue_product" not in plan, f"{sql}\n\n{plan}"
