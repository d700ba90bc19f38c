"""A write invalidates only what it changed: orders move stock without
throwing away the cached reads (stock is overlaid, and still shows at once),
a product's edit leaves the other products' details cached, and a missing
entry is built once however many readers want it at the same moment."""

import threading
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections

from forked_apps.partner.services import stock_allocate, stock_release
from project.core.cache import catalogue_cached
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_category, make_product
from tests.shopping import place_order


def versions_cost() -> int:
    """Queries a cached read spends on versions: none with Redis, one
    indexed read with the per-process local-memory cache."""
    return 1 if isinstance(caches["default"], LocMemCache) else 0


def item(client, slug, query=""):
    results = client.get(f"/api/v1/products/{query}").json()["results"]
    return next((i for i in results if i["slug"] == slug), None)


@pytest.fixture
def shop(db):
    home = make_category("Home")
    return {
        "lamp": make_product("Lamp", stock=5, category=home),
        "sofa": make_product("Sofa", stock=3, category=home),
    }


@pytest.mark.django_db
def test_an_order_keeps_the_cached_reads_and_still_shows_the_new_stock(
    api_client, shop, django_assert_num_queries
):
    # given: list and detail cached
    api_client.get("/api/v1/products/")
    api_client.get("/api/v1/products/lamp/")

    # when: a customer orders 2 lamps
    place_order(bearer_client(UserFactory()), {"lamp": 2})

    # then: both answer from the cache (versions + the stock overlay only),
    # with the stock as it is now
    with django_assert_num_queries(versions_cost() + 1):
        assert item(api_client, "lamp")["available_quantity"] == 3
    with django_assert_num_queries(versions_cost() + 1):
        detail = api_client.get("/api/v1/products/lamp/").json()
    assert detail["available_quantity"] == 3 and detail["stock"] == 5


@pytest.mark.django_db
def test_a_sell_out_leaves_the_in_stock_list_at_once_and_a_return_brings_it_back(
    api_client, shop
):
    lamp = shop["lamp"]
    assert item(api_client, "lamp", "?in_stock=true") is not None  # cached
    assert item(api_client, "lamp", "?in_stock=false") is None  # cached

    record = lamp.stockrecords.get()
    stock_allocate(quantities={record.pk: 5})  # the last five units sold

    assert item(api_client, "lamp", "?in_stock=true") is None
    assert item(api_client, "lamp", "?in_stock=false")["in_stock"] is False

    stock_release(quantities={record.pk: 1})  # one order cancelled

    assert item(api_client, "lamp", "?in_stock=true")["available_quantity"] == 1


@pytest.mark.django_db
def test_editing_one_product_leaves_the_other_products_cached(
    api_client, staff_client, shop, django_assert_num_queries
):
    api_client.get("/api/v1/products/lamp/")
    api_client.get("/api/v1/products/sofa/")

    staff_client.patch("/api/v1/products/lamp/", {"price": "15.00"}, format="json")

    with django_assert_num_queries(versions_cost() + 1):  # still cached
        assert api_client.get("/api/v1/products/sofa/").json()["price"] == "10.00"
    assert api_client.get("/api/v1/products/lamp/").json()["price"] == "15.00"
    assert item(api_client, "lamp")["price"] == "15.00"  # lists follow


@pytest.mark.django_db
def test_a_renamed_slug_is_gone_from_its_old_address_at_once(
    api_client, staff_client, shop
):
    assert api_client.get("/api/v1/products/lamp/").status_code == 200  # cached

    staff_client.patch("/api/v1/products/lamp/", {"slug": "desk-lamp"}, format="json")

    assert api_client.get("/api/v1/products/lamp/").status_code == 404
    assert api_client.get("/api/v1/products/desk-lamp/").json()["name"] == "Lamp"


@pytest.mark.django_db
def test_a_category_rename_shows_in_the_products_of_that_category(
    api_client, staff_client, shop
):
    assert api_client.get("/api/v1/products/lamp/").json()["category"] == {
        "slug": "home",
        "name": "Home",
    }

    staff_client.patch("/api/v1/categories/home/", {"name": "House"}, format="json")

    assert api_client.get("/api/v1/products/lamp/").json()["category"]["name"] == (
        "House"
    )
    assert item(api_client, "sofa")["category"]["name"] == "House"


@pytest.mark.django_db
def test_a_reviewer_going_private_shows_in_the_reviews_at_once(api_client, shop):
    from forked_apps.catalogue.reviews.services import review_create, review_moderate
    from project.accounts.services import profile_update

    reviewer = UserFactory()
    profile_update(profile=reviewer.profile, first_name="Ada", visibility="public")
    review_moderate(
        reviews=[review_create(user=reviewer, product=shop["lamp"], score=5)],
        status="approved",
    )
    url = "/api/v1/products/lamp/reviews/"
    first = api_client.get(url)
    assert first.json()["results"][0]["reviewer"].startswith("Ada")

    profile_update(profile=reviewer.profile, visibility="private")

    again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert not again.json()["results"][0]["reviewer"].startswith("Ada")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readers_of_a_missing_entry_wait_for_one_build():
    builds = []
    results = []
    start = threading.Barrier(8)

    def build():
        builds.append(1)
        time.sleep(0.3)  # a slow query: the others arrive meanwhile
        return {"answer": 42}

    def reader():
        try:
            start.wait()
            read = catalogue_cached("stampede", build, scopes=list)
            results.append(read.value)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(builds) == 1
    assert results == [{"answer": 42}] * 8
