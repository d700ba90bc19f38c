"""Cached public reads change at once when the catalogue changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forked_apps.catalogue.models import Product
from forked_apps.partner.models import StockRecord
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_category, make_product, png_bytes


def list_item(client, name):
    return next(
        i
        for i in client.get("/api/v1/products/").json()["results"]
        if i["name"] == name
    )


@pytest.mark.django_db
def test_price_stock_and_name_changes_show_at_once(api_client, staff_client):
    make_product("Lamp", price="10.00", stock=5)
    assert list_item(api_client, "Lamp")["price"] == "10.00"  # cached now
    assert api_client.get("/api/v1/products/lamp/").json()["price"] == "10.00"

    staff_client.patch(
        "/api/v1/products/lamp/", {"price": "12.00", "stock": 2}, format="json"
    )

    assert list_item(api_client, "Lamp")["price"] == "12.00"
    detail = api_client.get("/api/v1/products/lamp/").json()
    assert detail["price"] == "12.00" and detail["available_quantity"] == 2


@pytest.mark.django_db
def test_a_write_outside_the_api_also_invalidates(api_client):
    product = make_product("Lamp", stock=5)
    assert list_item(api_client, "Lamp")["available_quantity"] == 5

    record = StockRecord.objects.get(product=product)  # as Oscar's dashboard does
    record.num_in_stock = 1
    record.save()

    assert list_item(api_client, "Lamp")["available_quantity"] == 1


@pytest.mark.django_db
def test_image_upload_and_moderation_invalidate(api_client, staff_client):
    make_product("Lamp")
    assert api_client.get("/api/v1/products/lamp/").json()["images"] == []

    staff_client.post(
        "/api/v1/products/lamp/images/",
        {"image": SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")},
        format="multipart",
    )
    assert len(api_client.get("/api/v1/products/lamp/").json()["images"]) == 1

    review_id = (
        bearer_client(UserFactory())
        .post("/api/v1/reviews/", {"product": "lamp", "rating": 3}, format="json")
        .json()["id"]
    )
    staff_client.patch(
        f"/api/v1/reviews/{review_id}/", {"status": "approved"}, format="json"
    )

    assert api_client.get("/api/v1/products/lamp/").json()["rating"] == {
        "average": 3.0,
        "count": 1,
    }


@pytest.mark.django_db
def test_category_changes_invalidate_the_tree(api_client, staff_client):
    make_category("Home")
    assert [c["name"] for c in api_client.get("/api/v1/categories/").json()] == ["Home"]

    staff_client.patch("/api/v1/categories/home/", {"name": "House"}, format="json")

    assert [c["name"] for c in api_client.get("/api/v1/categories/").json()] == [
        "House"
    ]


@pytest.mark.django_db
def test_deactivation_removes_from_cached_list_and_detail(api_client, staff_client):
    make_product("Lamp")
    api_client.get("/api/v1/products/")
    api_client.get("/api/v1/products/lamp/")

    staff_client.patch("/api/v1/products/lamp/", {"is_active": False}, format="json")

    assert api_client.get("/api/v1/products/").json()["count"] == 0
    assert api_client.get("/api/v1/products/lamp/").status_code == 404
    assert Product.objects.filter(slug="lamp").exists()
