"""The catalogue's reads cost a fixed number of SQL queries, whatever the
page size and the catalogue's size (measured cold: the cache is emptied
before each request)."""

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.base import ContentFile

from forked_apps.catalogue.reviews.services import review_create, review_moderate
from forked_apps.catalogue.services import product_image_add
from tests.factories import UserFactory, make_category, make_product, png_bytes


@pytest.fixture
def catalogue(db):
    """120 products in a 3-level tree, each with 2 images, some rated."""
    root = make_category("Root")
    parents = [make_category(f"Mid {n}", parent=root) for n in range(3)]
    leaves = [make_category(f"Leaf {n}", parent=parents[n % 3]) for n in range(9)]
    reviewer = UserFactory()
    for n in range(120):
        product = make_product(
            f"Item {n:03}", category=leaves[n % 9], description="Cotton thing"
        )
        for position in range(2):
            product_image_add(
                product=product,
                image=ContentFile(png_bytes(), name=f"{n}-{position}.png"),
            )
        if n % 10 == 0:
            review_moderate(
                reviews=[review_create(user=reviewer, product=product, score=4)],
                status="approved",
            )
    return root


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?page_size=100",
        "?page=3&page_size=50",
        "?category=root&ordering=-price",
        "?search=cotton&min_price=1&max_price=100&in_stock=true",
        "?ordering=-rating",
    ],
)
def test_product_list_is_at_most_8_queries(
    api_client, catalogue, django_assert_max_num_queries, query
):
    cache.clear()
    with django_assert_max_num_queries(8):
        response = api_client.get(f"/api/v1/products/{query}")

    assert response.status_code == 200
    results = response.json()["results"]
    assert results and all(
        len(item["images"]) == 2 and item["category"] for item in results
    )


@pytest.mark.django_db
def test_product_list_cost_does_not_grow_with_the_page(
    api_client, catalogue, django_assert_max_num_queries
):
    cache.clear()
    with django_assert_max_num_queries(8) as small:
        api_client.get("/api/v1/products/?page_size=5")
    cache.clear()
    with django_assert_max_num_queries(8) as large:
        api_client.get("/api/v1/products/?page_size=100")

    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.django_db
def test_product_detail_is_at_most_6_queries(
    api_client, catalogue, django_assert_max_num_queries
):
    cache.clear()
    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/products/item-042/")

    assert response.status_code == 200 and len(response.json()["images"]) == 2


@pytest.mark.django_db
def test_category_tree_is_at_most_3_queries(
    api_client, catalogue, django_assert_max_num_queries
):
    cache.clear()
    with django_assert_max_num_queries(3):
        response = api_client.get("/api/v1/categories/")

    assert response.status_code == 200
    assert len(response.json()[0]["children"]) == 3


@pytest.mark.django_db
def test_category_detail_is_at_most_3_queries(
    api_client, catalogue, django_assert_max_num_queries
):
    cache.clear()
    with django_assert_max_num_queries(3):
        response = api_client.get("/api/v1/categories/leaf-4/")

    assert [a["slug"] for a in response.json()["ancestors"]] == ["root", "mid-1"]


@pytest.mark.django_db
def test_cached_reads_cost_at_most_the_version_check_and_the_stock(
    api_client, catalogue, django_assert_num_queries
):
    # With a shared cache (Redis) the versions are in the cache: no query;
    # with the per-process local-memory cache they are one indexed read.
    # Products add the one query that overlays their current stock.
    versions = 1 if isinstance(caches["default"], LocMemCache) else 0
    urls = (
        ("/api/v1/products/", versions + 1),
        ("/api/v1/products/item-001/", versions + 1),
        ("/api/v1/categories/", versions),
        ("/api/v1/categories/leaf-1/", versions),
    )
    for url, expected in urls:
        api_client.get(url)
        with django_assert_num_queries(expected):
            assert api_client.get(url).status_code == 200
