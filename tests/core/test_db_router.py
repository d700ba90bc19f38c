"""Catalogue reads go to a read replica (DATABASE_REPLICA_URLS); writes, and
every read of a request that wrote, go to the primary. The replica here is
Django's test mirror of the default database."""

import pytest
from django.core.signals import request_started
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from forked_apps.partner.selectors import default_partner_id
from project.core.db_router import CatalogueReplicaRouter
from tests.conftest import REPLICA
from tests.factories import make_product

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")
ON_BOTH = ["default", REPLICA]


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_REPLICAS = [REPLICA]
    default_partner_id()  # made (a write) before the requests under test
    request_started.send(sender=None)  # a fresh request: nothing written yet


def statements(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=ON_BOTH)
def test_public_catalogue_reads_come_from_the_replica(api_client, with_replica):
    make_product("Lamp")
    request_started.send(sender=None)

    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        deep = api_client.get("/api/v1/products/?page=9&page_size=1")
        search = api_client.get("/api/v1/products/?search=lamp&page=4")

    assert deep.status_code == 404 and search.status_code == 404  # past the end
    assert any("catalogue_product" in sql for sql in statements(replica))
    assert not any("catalogue_product" in sql for sql in statements(primary))


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=ON_BOTH)
def test_the_cache_is_filled_from_the_primary(api_client, with_replica):
    make_product("Lamp")
    request_started.send(sender=None)

    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = api_client.get("/api/v1/products/lamp/")

    assert response.status_code == 200 and response.json()["name"] == "Lamp"
    # A lagging replica must not be cached under the newest versions.
    assert not any("catalogue_productimage" in sql for sql in statements(replica))


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=ON_BOTH)
def test_a_request_that_wrote_reads_from_the_primary(staff_client, with_replica):
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = staff_client.post(
            "/api/v1/products/",
            {"name": "Lamp", "price": "10.00", "currency": "USD", "stock": 3},
            format="json",
        )

    assert response.status_code == 201 and response.json()["stock"] == 3
    assert not any(sql.startswith("INSERT") for sql in statements(replica))
    # The answer is read after the insert: from the primary (a lagging
    # replica might not have the product yet).
    assert not any("catalogue_productimage" in sql for sql in statements(replica))


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=ON_BOTH)
def test_routing_rules(with_replica):
    router = CatalogueReplicaRouter()

    assert router.db_for_read(Product) == REPLICA
    assert router.db_for_read(Order) == "default"  # not the catalogue
    with transaction.atomic():
        assert router.db_for_read(Product) == "default"  # reads before a write
    assert router.db_for_write(Product) == "default"
    assert router.db_for_read(Product) == "default"  # this request wrote
    request_started.send(sender=None)
    assert router.db_for_read(Product) == REPLICA  # the next request
    assert router.allow_migrate(REPLICA, "catalogue") is False


@pytest.mark.django_db
def test_without_replicas_everything_uses_the_primary():
    assert CatalogueReplicaRouter().db_for_read(Product) == "default"
