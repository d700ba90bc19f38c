"""Public catalogue GETs may be kept by a CDN or nginx: Cache-Control public
with a short max-age and an ETag; If-None-Match gets a 304 without the page
being rendered; any change the page shows gives it another ETag. What staff
see of hidden products is never cached publicly."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from forked_apps.catalogue.reviews.services import review_create, review_moderate
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_category, make_product
from tests.shopping import place_order

PUBLIC_URLS = [
    "/api/v1/products/",
    "/api/v1/products/?category=home&ordering=-price",
    "/api/v1/products/?page=2&page_size=1",  # not kept by the server, still tagged
    "/api/v1/products/lamp/",
    "/api/v1/products/lamp/reviews/",
    "/api/v1/categories/",
    "/api/v1/categories/home/",
]


@pytest.fixture
def shop(db):
    home = make_category("Home")
    lamp = make_product("Lamp", stock=5, category=home)
    make_product("Sofa", stock=3, category=home)
    review_moderate(
        reviews=[review_create(user=UserFactory(), product=lamp, score=4)],
        status="approved",
    )
    return lamp


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_reads_are_cacheable_and_revalidate_with_a_304(
    api_client, shop, settings, url
):
    settings.CATALOGUE_HTTP_MAX_AGE = 30

    first = api_client.get(url)
    again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=30"
    assert first["ETag"].startswith('W/"')
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=30"
    other = api_client.get(url, HTTP_IF_NONE_MATCH='W/"something-else"')
    assert other.status_code == 200 and other.json() == first.json()


@pytest.mark.django_db
def test_a_304_renders_nothing(api_client, shop, django_assert_max_num_queries):
    etag = api_client.get("/api/v1/products/")["ETag"]

    # versions (locmem only) and the stock numbers the ETag covers: no page
    # query, no serializer
    versions = 1 if isinstance(caches["default"], LocMemCache) else 0
    with django_assert_max_num_queries(versions + 1):
        response = api_client.get("/api/v1/products/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


@pytest.mark.django_db
def test_an_order_changes_the_etag_of_what_shows_its_stock(api_client, shop):
    list_etag = api_client.get("/api/v1/products/")["ETag"]
    detail_etag = api_client.get("/api/v1/products/lamp/")["ETag"]
    tree_etag = api_client.get("/api/v1/categories/")["ETag"]

    place_order(bearer_client(UserFactory()), {"lamp": 1})

    listed = api_client.get("/api/v1/products/", HTTP_IF_NONE_MATCH=list_etag)
    detail = api_client.get("/api/v1/products/lamp/", HTTP_IF_NONE_MATCH=detail_etag)
    tree = api_client.get("/api/v1/categories/", HTTP_IF_NONE_MATCH=tree_etag)
    assert listed.status_code == 200 and detail.status_code == 200
    assert detail.json()["available_quantity"] == 4
    assert tree.status_code == 304  # categories show no stock


@pytest.mark.django_db
def test_an_edit_changes_the_etag_of_its_product_only(api_client, staff_client, shop):
    lamp_etag = api_client.get("/api/v1/products/lamp/")["ETag"]
    sofa_etag = api_client.get("/api/v1/products/sofa/")["ETag"]
    reviews_etag = api_client.get("/api/v1/products/lamp/reviews/")["ETag"]

    staff_client.patch("/api/v1/products/lamp/", {"price": "11.00"}, format="json")

    lamp = api_client.get("/api/v1/products/lamp/", HTTP_IF_NONE_MATCH=lamp_etag)
    sofa = api_client.get("/api/v1/products/sofa/", HTTP_IF_NONE_MATCH=sofa_etag)
    assert lamp.status_code == 200 and lamp.json()["price"] == "11.00"
    assert sofa.status_code == 304

    review_moderate(
        reviews=[review_create(user=UserFactory(), product=shop, score=2)],
        status="approved",
    )
    reviews = api_client.get(
        "/api/v1/products/lamp/reviews/", HTTP_IF_NONE_MATCH=reviews_etag
    )
    assert reviews.status_code == 200 and reviews.json()["count"] == 2


@pytest.mark.django_db
def test_staff_views_of_hidden_products_are_private(api_client, staff_client, shop):
    staff_client.patch("/api/v1/products/lamp/", {"is_active": False}, format="json")

    staff = staff_client.get("/api/v1/products/lamp/")
    public = api_client.get("/api/v1/products/lamp/")
    sofa = api_client.get("/api/v1/products/sofa/")

    assert staff.status_code == 200 and staff.json()["is_active"] is False
    assert staff["Cache-Control"] == "private, no-store"
    assert "ETag" not in staff
    assert public.status_code == 404 and "public" not in public.get("Cache-Control", "")
    # The same URL answers staff otherwise: shared caches key on the token.
    assert "Authorization" in sofa["Vary"]


@pytest.mark.django_db
def test_unknown_and_invalid_reads_are_not_cacheable(api_client, shop):
    for url in (
        "/api/v1/products/nothing-here/",
        "/api/v1/products/nothing-here/reviews/",
        "/api/v1/categories/nothing-here/",
        "/api/v1/products/?category=nothing-here",
    ):
        response = api_client.get(url)
        assert response.status_code in (400, 404)
        assert "public" not in response.get("Cache-Control", ""), url
        assert "ETag" not in response, url


@pytest.mark.django_db
def test_pages_past_the_first_10000_results_are_refused(api_client, shop):
    response = api_client.get("/api/v1/products/?page=101&page_size=100")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "page"
    assert api_client.get("/api/v1/products/?page=100&page_size=100").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/api/v1/products/", "/api/v1/products/sofa/", "/api/v1/categories/"],
)
def test_public_catalogue_answers_do_not_vary_on_cookies(api_client, shop, url):
    # A browser's session cookie (the dashboard's, say) must not split a CDN's cache.
    api_client.cookies["sessionid"] = "a-dashboard-session"

    response = api_client.get(url)

    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
