"""Wish lists over the API (docs/api.md "Wish lists")."""

import pytest

from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.helpers import assert_error, max_statements

pytestmark = pytest.mark.django_db


def create(client, name="Birthday", visibility="private"):
    response = client.post(
        "/api/v1/wishlists/", {"name": name, "visibility": visibility}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def add(client, wishlist_id, product):
    return client.post(
        f"/api/v1/wishlists/{wishlist_id}/items", {"product": product}, format="json"
    )


def test_a_new_list_is_empty_and_private_by_default(user_client):
    response = user_client.post("/api/v1/wishlists/", {"name": "Ideas"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Ideas"
    assert body["visibility"] == "private"
    assert body["items"] == []
    assert len(body["key"]) == 32
    assert set(body) >= {"id", "name", "visibility", "key", "items", "created_at"}


def test_adding_by_slug_or_id_shows_price_and_stock(user_client):
    lamp = make_product("Lamp", price="12.50", stock=3)
    mug = make_product("Mug", price="4.00", stock=0)
    wishlist = create(user_client)

    by_slug = add(user_client, wishlist["id"], "lamp")
    by_id = add(user_client, wishlist["id"], str(mug.uuid))

    assert by_slug.status_code == 201 and by_id.status_code == 201
    items = by_id.json()["items"]
    assert [item["product"] for item in items] == [
        {
            "id": str(lamp.uuid),
            "slug": "lamp",
            "name": "Lamp",
            "price": "12.50",
            "currency": "USD",
            "in_stock": True,
        },
        {
            "id": str(mug.uuid),
            "slug": "mug",
            "name": "Mug",
            "price": "4.00",
            "currency": "USD",
            "in_stock": False,
        },
    ]
    assert all(item["added_at"] for item in items)


def test_the_same_product_twice_is_a_conflict(user_client):
    make_product("Lamp")
    wishlist = create(user_client)
    assert add(user_client, wishlist["id"], "lamp").status_code == 201

    assert_error(add(user_client, wishlist["id"], "lamp"), 409, "already_in_wishlist")
    items = user_client.get(f"/api/v1/wishlists/{wishlist['id']}/").json()["items"]
    assert len(items) == 1


def test_unknown_deleted_or_inactive_products_cannot_be_added(user_client):
    make_product("Hidden", is_active=False)
    wishlist = create(user_client)

    assert_error(add(user_client, wishlist["id"], "nope"), 400, attr="product")
    assert_error(add(user_client, wishlist["id"], "hidden"), 400, attr="product")


def test_removing_a_product(user_client):
    lamp = make_product("Lamp")
    wishlist = create(user_client)
    add(user_client, wishlist["id"], "lamp")

    response = user_client.delete(
        f"/api/v1/wishlists/{wishlist['id']}/items/{lamp.uuid}"
    )

    assert response.status_code == 204
    assert user_client.get(f"/api/v1/wishlists/{wishlist['id']}/").json()["items"] == []
    again = user_client.delete(f"/api/v1/wishlists/{wishlist['id']}/items/lamp")
    assert_error(again, 404)


def test_rename_share_and_delete(user_client, api_client):
    make_product("Lamp")
    wishlist = create(user_client)
    add(user_client, wishlist["id"], "lamp")
    url = f"/api/v1/wishlists/{wishlist['id']}/"

    renamed = user_client.patch(
        url, {"name": "Xmas", "visibility": "shared"}, format="json"
    )

    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Xmas"
    assert renamed.json()["visibility"] == "shared"
    shared = api_client.get(f"/api/v1/wishlists/shared/{wishlist['key']}/")
    assert shared.status_code == 200
    assert shared.json()["name"] == "Xmas"
    assert [item["product"]["slug"] for item in shared.json()["items"]] == ["lamp"]
    assert "id" not in shared.json()  # nothing that opens the owner's endpoints

    assert user_client.delete(url).status_code == 204
    assert_error(user_client.get(url), 404)
    assert_error(api_client.get(f"/api/v1/wishlists/shared/{wishlist['key']}/"), 404)


def test_a_private_lists_key_is_a_404(user_client, api_client):
    wishlist = create(user_client, visibility="private")

    assert_error(api_client.get(f"/api/v1/wishlists/shared/{wishlist['key']}/"), 404)
    assert_error(api_client.get("/api/v1/wishlists/shared/not-a-key/"), 404)


def test_the_shared_page_ignores_a_stale_token(user_client):
    wishlist = create(user_client, visibility="shared")
    stranger = bearer_client(UserFactory())
    stranger.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert (
        stranger.get(f"/api/v1/wishlists/shared/{wishlist['key']}/").status_code == 200
    )


def test_another_users_list_is_a_404_everywhere(user_client):
    make_product("Lamp")
    mine = create(user_client, visibility="shared")
    add(user_client, mine["id"], "lamp")
    other = bearer_client(UserFactory())
    url = f"/api/v1/wishlists/{mine['id']}/"

    assert other.get("/api/v1/wishlists/").json()["count"] == 0
    assert_error(other.get(url), 404)
    assert_error(other.patch(url, {"name": "Mine now"}, format="json"), 404)
    assert_error(other.delete(url), 404)
    assert_error(add(other, mine["id"], "lamp"), 404)
    assert_error(other.delete(f"{url}items/lamp"), 404)
    assert user_client.get(url).json()["name"] == "Birthday"


def test_anonymous_users_have_no_lists(api_client):
    assert_error(api_client.get("/api/v1/wishlists/"), 401)
    assert_error(api_client.post("/api/v1/wishlists/", {"name": "x"}), 401)


def test_bad_input(user_client):
    assert_error(
        user_client.post("/api/v1/wishlists/", {"name": ""}, format="json"),
        400,
        attr="name",
    )
    assert_error(
        user_client.post(
            "/api/v1/wishlists/", {"name": "x", "visibility": "public"}, format="json"
        ),
        400,
        attr="visibility",
    )


def test_deleted_products_leave_the_list(user_client):
    from forked_apps.catalogue.services import product_soft_delete

    lamp = make_product("Lamp")
    make_product("Mug")
    wishlist = create(user_client)
    add(user_client, wishlist["id"], "lamp")
    add(user_client, wishlist["id"], "mug")

    product_soft_delete(product=lamp)

    items = user_client.get(f"/api/v1/wishlists/{wishlist['id']}/").json()["items"]
    assert [item["product"]["slug"] for item in items] == ["mug"]


def test_listing_is_paginated_and_costs_the_same_for_many_lists(user, user_client):
    products = [make_product(f"P{n}") for n in range(6)]
    for n in range(3):
        wishlist = create(user_client, name=f"List {n}")
        for product in products:
            add(user_client, wishlist["id"], product.slug)

    with max_statements(5):  # token user, count, page, lines+products, stock
        response = user_client.get("/api/v1/wishlists/?page_size=2")

    body = response.json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["results"][0]["name"] == "List 2"  # newest first
    assert len(body["results"][0]["items"]) == 6
