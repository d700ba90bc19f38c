"""Products (docs/api.md "Catalogue"): public reads, staff writes, filters,
ordering, pagination, soft delete and restore, images."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forked_apps.catalogue.models import Product
from forked_apps.partner.models import StockRecord
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_category, make_product, png_bytes
from tests.helpers import assert_error

NEW_PRODUCT = {
    "name": "Linen Shirt",
    "description": "Breezy.",
    "price": "49.90",
    "currency": "EUR",
    "stock": 7,
    "is_active": True,
}


def names(response):
    return [item["name"] for item in response.json()["results"]]


# --- list -------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_active_products_with_price_stock_category_rating(api_client):
    shirts = make_category("Shirts")
    make_product("Blue Shirt", price="19.99", stock=3, category=shirts)
    make_product("Hidden Shirt", is_active=False)
    make_product("Deleted Shirt").soft_delete()

    response = api_client.get("/api/v1/products/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    (item,) = body["results"]
    assert item["name"] == "Blue Shirt"
    assert item["slug"] == "blue-shirt"
    assert item["price"] == "19.99"
    assert item["currency"] == "USD"
    assert item["category"] == {"slug": "shirts", "name": "Shirts"}
    assert item["images"] == []
    assert item["in_stock"] is True
    assert item["available_quantity"] == 3
    assert item["rating"] == {"average": None, "count": 0}


@pytest.mark.django_db
def test_available_quantity_is_stock_minus_allocated(api_client):
    product = make_product("Allocated", stock=5)
    StockRecord.objects.filter(product=product).update(num_allocated=5)

    (item,) = api_client.get("/api/v1/products/").json()["results"]

    assert item["available_quantity"] == 0
    assert item["in_stock"] is False


@pytest.mark.django_db
def test_pagination_defaults_to_20_and_caps_page_size_at_100(api_client):
    for n in range(105):
        make_product(f"P{n:03}")

    default = api_client.get("/api/v1/products/").json()
    huge = api_client.get("/api/v1/products/?page_size=10000").json()
    small = api_client.get("/api/v1/products/?page_size=5&page=2").json()

    assert default["count"] == 105 and len(default["results"]) == 20
    assert default["next"].endswith("page=2")
    assert len(huge["results"]) == 100
    assert len(small["results"]) == 5 and small["previous"]


@pytest.mark.django_db
def test_page_past_the_end_is_404(api_client):
    make_product()
    assert_error(api_client.get("/api/v1/products/?page=99"), 404)


@pytest.mark.django_db
def test_filter_by_category_includes_descendants(api_client):
    clothing = make_category("Clothing")
    men = make_category("Men", parent=clothing)
    shirts = make_category("Shirts", parent=men)
    home = make_category("Home")
    make_product("Oxford", category=shirts)
    make_product("Belt", category=men)
    make_product("Lamp", category=home)

    assert sorted(names(api_client.get("/api/v1/products/?category=clothing"))) == [
        "Belt",
        "Oxford",
    ]
    assert names(api_client.get("/api/v1/products/?category=shirts")) == ["Oxford"]
    assert names(api_client.get("/api/v1/products/?category=home")) == ["Lamp"]


@pytest.mark.django_db
def test_unknown_category_slug_is_400(api_client):
    assert_error(
        api_client.get("/api/v1/products/?category=nope"), 400, attr="category"
    )


@pytest.mark.django_db
def test_search_matches_name_and_description(api_client):
    make_product("Rain Jacket", description="Waterproof shell")
    make_product("Wool Scarf", description="Warm for rainy days")
    make_product("Desk Lamp", description="Bright")

    found = names(api_client.get("/api/v1/products/?search=rain"))

    assert "Rain Jacket" in found
    assert "Desk Lamp" not in found
    assert names(api_client.get("/api/v1/products/?search=waterproof")) == [
        "Rain Jacket"
    ]
    assert names(api_client.get("/api/v1/products/?search=zzzz")) == []


@pytest.mark.django_db
def test_search_leaves_out_hidden_products(api_client):
    make_product("Secret Jacket", is_active=False)
    make_product("Gone Jacket").soft_delete()

    assert names(api_client.get("/api/v1/products/?search=jacket")) == []


@pytest.mark.django_db
def test_price_and_stock_filters(api_client):
    make_product("Cheap", price="5.00", stock=0)
    make_product("Mid", price="50.00", stock=2)
    make_product("Dear", price="500.00", stock=1)

    assert names(api_client.get("/api/v1/products/?min_price=10&max_price=100")) == [
        "Mid"
    ]
    assert sorted(names(api_client.get("/api/v1/products/?in_stock=true"))) == [
        "Dear",
        "Mid",
    ]
    assert names(api_client.get("/api/v1/products/?max_price=5")) == ["Cheap"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [
        ("min_price=abc", "min_price"),
        ("ordering=secret_field", "ordering"),
        ("ordering=-date_created", "ordering"),
        ("in_stock=maybe", "in_stock"),
    ],
)
def test_bad_filters_are_400(api_client, query, field):
    make_product()
    assert_error(api_client.get(f"/api/v1/products/?{query}"), 400, attr=field)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ordering, expected",
    [
        ("price", ["A", "B", "C"]),
        ("-price", ["C", "B", "A"]),
        ("name", ["A", "B", "C"]),
        ("-name", ["C", "B", "A"]),
        ("created_at", ["B", "C", "A"]),
        ("-created_at", ["A", "C", "B"]),
    ],
)
def test_ordering(api_client, ordering, expected):
    make_product("B", price="2.00")
    make_product("C", price="3.00")
    make_product("A", price="1.00")

    assert names(api_client.get(f"/api/v1/products/?ordering={ordering}")) == expected


@pytest.mark.django_db
def test_ordering_by_rating_puts_unrated_last(api_client):
    from forked_apps.catalogue.reviews.services import review_create, review_moderate

    good, bad = make_product("Good"), make_product("Bad")
    make_product("Unrated")
    for product, score in ((good, 5), (bad, 2)):
        review = review_create(user=UserFactory(), product=product, score=score)
        review_moderate(reviews=[review], status="approved")

    assert names(api_client.get("/api/v1/products/?ordering=-rating")) == [
        "Good",
        "Bad",
        "Unrated",
    ]
    assert names(api_client.get("/api/v1/products/?ordering=rating")) == [
        "Bad",
        "Good",
        "Unrated",
    ]


# --- detail -----------------------------------------------------------------


@pytest.mark.django_db
def test_detail_by_slug(api_client):
    product = make_product("Desk Lamp", description="Bright and warm.")

    response = api_client.get("/api/v1/products/desk-lamp/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(product.uuid)
    assert body["description"] == "Bright and warm."
    assert body["images"] == []


@pytest.mark.django_db
def test_inactive_and_deleted_products_are_404_except_for_staff(
    api_client, staff_client
):
    make_product("Hidden", is_active=False)
    make_product("Gone").soft_delete()

    for slug in ("hidden", "gone", "never-existed"):
        assert_error(api_client.get(f"/api/v1/products/{slug}/"), 404)
    assert staff_client.get("/api/v1/products/hidden/").status_code == 200
    gone = staff_client.get("/api/v1/products/gone/")
    assert gone.status_code == 200 and gone.json()["deleted_at"]


# --- staff writes -------------------------------------------------------------


@pytest.mark.django_db
def test_staff_creates_a_product(staff_client):
    make_category("Shirts")

    response = staff_client.post(
        "/api/v1/products/", {**NEW_PRODUCT, "category": "shirts"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "linen-shirt"
    assert body["price"] == "49.90" and body["currency"] == "EUR"
    assert body["stock"] == 7 and body["available_quantity"] == 7
    assert body["category"] == {"slug": "shirts", "name": "Shirts"}
    product = Product.objects.get(uuid=body["id"])
    record = product.stockrecords.get()
    assert record.price == Decimal("49.90") and record.num_in_stock == 7


@pytest.mark.django_db
def test_create_with_an_explicit_slug(staff_client):
    response = staff_client.post(
        "/api/v1/products/", {**NEW_PRODUCT, "slug": "my-shirt"}, format="json"
    )

    assert response.json()["slug"] == "my-shirt"


@pytest.mark.django_db
def test_products_with_names_of_the_same_slug_get_distinct_slugs(staff_client):
    first = staff_client.post(
        "/api/v1/products/", {**NEW_PRODUCT, "name": "Blue Shirt"}, format="json"
    )
    second = staff_client.post(
        "/api/v1/products/", {**NEW_PRODUCT, "name": "Blue-Shirt"}, format="json"
    )

    assert first.json()["slug"] == "blue-shirt"
    assert second.status_code == 201 and second.json()["slug"] == "blue-shirt-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"name": "LINEN shirt"}, "name"),  # duplicate in another case
        ({"price": "-1.00"}, "price"),
        ({"price": "1.999"}, "price"),
        ({"price": "abc"}, "price"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "US"}, "currency"),
        ({"category": "no-such-category"}, "category"),
        ({"stock": -1}, "stock"),
        ({"stock": "abc"}, "stock"),
        ({"stock": 10**12}, "stock"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"slug": "not a slug!"}, "slug"),
    ],
)
def test_create_bad_input_is_400_and_creates_nothing(staff_client, change, field):
    make_product("Linen Shirt")

    response = staff_client.post(
        "/api/v1/products/", {**NEW_PRODUCT, "name": "Other", **change}, format="json"
    )

    assert_error(response, 400, attr=field)
    assert Product.objects.count() == 1


@pytest.mark.django_db
def test_create_needs_staff(api_client, user_client):
    assert_error(api_client.post("/api/v1/products/", NEW_PRODUCT, format="json"), 401)
    assert_error(
        user_client.post("/api/v1/products/", NEW_PRODUCT, format="json"),
        403,
        code="permission_denied",
    )
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_catalogue_manager_role_may_write_and_support_role_may_not():
    from django.contrib.auth.models import Group

    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name="Catalogue manager"))
    support = UserFactory(is_staff=True)
    support.groups.add(Group.objects.get(name="Support"))

    created = bearer_client(manager).post(
        "/api/v1/products/", NEW_PRODUCT, format="json"
    )
    refused = bearer_client(support).patch(
        "/api/v1/products/linen-shirt/", {"price": "1.00"}, format="json"
    )

    assert created.status_code == 201
    assert_error(refused, 403)


@pytest.mark.django_db
def test_staff_patch_changes_name_price_stock_and_activity(staff_client):
    make_product("Old Name", price="10.00", stock=1)

    response = staff_client.patch(
        "/api/v1/products/old-name/",
        {"name": "New Name", "price": "12.50", "stock": 9, "is_active": False},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "New Name" and body["slug"] == "old-name"
    assert (
        body["price"] == "12.50" and body["stock"] == 9 and body["is_active"] is False
    )


@pytest.mark.django_db
def test_patch_to_a_taken_name_is_400(staff_client):
    make_product("Taken")
    make_product("Mine")

    assert_error(
        staff_client.patch("/api/v1/products/mine/", {"name": "TAKEN"}, format="json"),
        400,
        attr="name",
    )
    assert Product.objects.get(slug="mine").title == "Mine"


@pytest.mark.django_db
def test_patch_stock_below_allocated_is_409(staff_client):
    product = make_product("Busy", stock=5)
    StockRecord.objects.filter(product=product).update(num_allocated=4)

    assert_error(
        staff_client.patch("/api/v1/products/busy/", {"stock": 3}, format="json"), 409
    )
    assert StockRecord.objects.get(product=product).num_in_stock == 5


@pytest.mark.django_db
def test_customer_cannot_patch_or_delete(user_client):
    make_product("Mine")

    assert_error(
        user_client.patch("/api/v1/products/mine/", {"price": "1.00"}, format="json"),
        403,
    )
    assert_error(user_client.delete("/api/v1/products/mine/"), 403)
    assert Product.objects.get(slug="mine").deleted_at is None


# --- soft delete and restore ------------------------------------------------------


@pytest.mark.django_db
def test_soft_delete_hides_everywhere_and_restore_brings_back(api_client, staff_client):
    category = make_category("Lamps")
    make_product("Desk Lamp", category=category)

    assert staff_client.delete("/api/v1/products/desk-lamp/").status_code == 204

    assert Product.objects.filter(slug="desk-lamp", deleted_at__isnull=False).exists()
    assert_error(api_client.get("/api/v1/products/desk-lamp/"), 404)
    assert names(api_client.get("/api/v1/products/")) == []
    assert names(api_client.get("/api/v1/products/?search=lamp")) == []
    assert names(api_client.get("/api/v1/products/?category=lamps")) == []

    restored = staff_client.post("/api/v1/products/desk-lamp/restore")

    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    assert names(api_client.get("/api/v1/products/")) == ["Desk Lamp"]


@pytest.mark.django_db
def test_restore_needs_staff(user_client):
    make_product("Gone").soft_delete()

    assert_error(user_client.post("/api/v1/products/gone/restore"), 403)
    assert Product.objects.get(slug="gone").deleted_at is not None


@pytest.mark.django_db
def test_delete_unknown_product_is_404(staff_client):
    assert_error(staff_client.delete("/api/v1/products/nope/"), 404)


# --- images -----------------------------------------------------------------


@pytest.mark.django_db
def test_staff_uploads_images(api_client, staff_client):
    make_product("Lamp")
    upload = SimpleUploadedFile("lamp.png", png_bytes(), content_type="image/png")

    response = staff_client.post(
        "/api/v1/products/lamp/images/",
        {"image": upload, "alt": "A lamp"},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["url"].startswith("http://testserver/media/") and body["alt"] == "A lamp"
    )
    assert body["position"] == 0
    webp = SimpleUploadedFile(
        "lamp.webp", png_bytes(image_format="WEBP"), content_type="image/webp"
    )
    second = staff_client.post(
        "/api/v1/products/lamp/images/", {"image": webp}, format="multipart"
    )
    assert second.json()["position"] == 1
    detail = api_client.get("/api/v1/products/lamp/").json()
    assert [image["alt"] for image in detail["images"]] == ["A lamp", ""]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile(
            "fake.jpg", b"this is text, not a jpeg", content_type="image/jpeg"
        ),
        SimpleUploadedFile(
            "anim.gif", png_bytes(image_format="GIF"), content_type="image/gif"
        ),
    ],
)
def test_non_image_upload_is_400(staff_client, upload):
    make_product("Lamp")

    response = staff_client.post(
        "/api/v1/products/lamp/images/", {"image": upload}, format="multipart"
    )

    assert_error(response, 400, attr="image")
    assert not Product.objects.get(slug="lamp").images.exists()


@pytest.mark.django_db
def test_oversized_image_is_refused_with_a_clear_message(staff_client, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 200
    make_product("Lamp")
    upload = SimpleUploadedFile(
        "big.png", png_bytes(size=(300, 300), noise=True), content_type="image/png"
    )

    body = assert_error(
        staff_client.post(
            "/api/v1/products/lamp/images/", {"image": upload}, format="multipart"
        ),
        400,
    )

    assert "larger than" in body["errors"][0]["detail"]


@pytest.mark.django_db
def test_image_upload_needs_staff(user_client):
    make_product("Lamp")
    upload = SimpleUploadedFile("lamp.png", png_bytes(), content_type="image/png")

    assert_error(
        user_client.post(
            "/api/v1/products/lamp/images/", {"image": upload}, format="multipart"
        ),
        403,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["min_price=-1e999999", "max_price=1e999999", "min_price=-1", "max_price=NaN"],
)
def test_absurd_price_filters_are_400(api_client, query):
    make_product()
    assert_error(api_client.get(f"/api/v1/products/?{query}"), 400)


@pytest.mark.django_db
def test_in_stock_false_lists_sold_out_products_and_is_typed_boolean(api_client):
    make_product("Gone", stock=0)
    make_product("Here", stock=3)

    assert names(api_client.get("/api/v1/products/?in_stock=false")) == ["Gone"]
    assert sorted(names(api_client.get("/api/v1/products/"))) == ["Gone", "Here"]
    schema = api_client.get("/api/v1/schema/?format=json").json()
    (parameter,) = [
        p
        for p in schema["paths"]["/api/v1/products/"]["get"]["parameters"]
        if p["name"] == "in_stock"
    ]
    assert parameter["schema"] == {"type": "boolean"}
