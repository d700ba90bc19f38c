"""The merchandiser's product pages: bulk actions, soft delete and restore,
and the stock and price CSV export and import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forked_apps.catalogue.models import Product
from forked_apps.partner.models import StockRecord
from tests.factories import make_category, make_product


def bulk(client, action: str, products, list_url="/dashboard/catalogue/", **fields):
    """Select products in the list, pick the action, confirm its form."""
    response = client.post(
        list_url,
        {"action": action, "selected_product": [p.pk for p in products]},
    )
    assert response.status_code == 302, response.content[:300]
    confirm_url = response["Location"]
    assert "bulk-action" in confirm_url
    assert client.get(confirm_url).status_code == 200
    return client.post(
        confirm_url,
        {"selected_products": [p.pk for p in products], **fields},
        follow=True,
    )


def stock_of(product) -> int:
    return StockRecord.objects.get(product=product).num_in_stock


@pytest.mark.django_db
def test_bulk_set_stock(merchandiser, api_client):
    lamp, mug = make_product("Lamp", stock=1), make_product("Mug", stock=2)
    api_client.get("/api/v1/products/")  # cached

    response = bulk(merchandiser, "set_product_stock", [lamp, mug], stock=40)

    assert response.status_code == 200
    assert stock_of(lamp) == stock_of(mug) == 40
    assert {
        p["available_quantity"]
        for p in api_client.get("/api/v1/products/").json()["results"]
    } == {40}


@pytest.mark.django_db
def test_bulk_set_stock_below_allocated_changes_nothing(merchandiser):
    lamp, mug = make_product("Lamp", stock=5), make_product("Mug", stock=5)
    StockRecord.objects.filter(product=mug).update(num_allocated=4)

    response = bulk(merchandiser, "set_product_stock", [lamp, mug], stock=2)

    assert b"Nothing was changed" in response.content
    assert stock_of(lamp) == stock_of(mug) == 5


@pytest.mark.django_db
def test_bulk_move_category_and_activity(merchandiser, api_client):
    home, lamps = make_category("Home"), make_category("Lamps")
    lamp = make_product("Lamp", category=home)

    bulk(merchandiser, "move_products_category", [lamp], category=lamps.pk)
    bulk(merchandiser, "make_products_non_public", [lamp])

    assert list(
        Product.objects.get(pk=lamp.pk).categories.values_list("slug", flat=True)
    ) == ["lamps"]
    assert api_client.get("/api/v1/products/lamp/").status_code == 404
    bulk(merchandiser, "make_products_public", [lamp])
    assert (
        api_client.get("/api/v1/products/lamp/").json()["category"]["slug"] == "lamps"
    )


@pytest.mark.django_db
def test_soft_delete_and_restore_in_the_dashboard(merchandiser, api_client):
    lamp = make_product("Lamp")

    response = merchandiser.post(
        f"/dashboard/catalogue/products/{lamp.pk}/delete/", follow=True
    )

    assert response.status_code == 200
    lamp.refresh_from_db()
    assert lamp.deleted_at is not None
    assert b"Lamp" not in merchandiser.get("/dashboard/catalogue/").content
    assert b"Lamp" in merchandiser.get("/dashboard/catalogue/?deleted=1").content
    assert api_client.get("/api/v1/products/lamp/").status_code == 404

    bulk(
        merchandiser,
        "restore_products",
        [lamp],
        list_url="/dashboard/catalogue/?deleted=1",
    )

    lamp.refresh_from_db()
    assert lamp.deleted_at is None
    assert api_client.get("/api/v1/products/lamp/").status_code == 200


@pytest.mark.django_db
def test_product_pages_load(merchandiser):
    lamp = make_product("Lamp")

    for url in (
        "/dashboard/catalogue/",
        f"/dashboard/catalogue/products/{lamp.pk}/",
        "/dashboard/catalogue/categories/",
    ):
        assert merchandiser.get(url).status_code == 200, url


# --- CSV --------------------------------------------------------------------


def upload(client, text: str):
    csv_file = SimpleUploadedFile("stock.csv", text.encode(), content_type="text/csv")
    return client.post("/dashboard/catalogue/stock/import/", {"csv_file": csv_file})


@pytest.mark.django_db
def test_export_lists_price_and_stock(merchandiser):
    make_product("Lamp", price="19.99", stock=7)

    response = merchandiser.get("/dashboard/catalogue/stock/export/")

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "slug,name,price,currency,stock,allocated,available"
    assert lines[1] == "lamp,Lamp,19.99,USD,7,0,7"


@pytest.mark.django_db
def test_import_previews_then_applies_the_whole_file(merchandiser):
    lamp, mug = (
        make_product("Lamp", price="10.00", stock=1),
        make_product("Mug", price="3.00", stock=1),
    )

    preview = upload(
        merchandiser, "slug,price,currency,stock\nlamp,12.50,USD,30\nmug,,,9\n"
    )

    assert preview.status_code == 200 and b"import-preview" in preview.content
    assert stock_of(lamp) == 1  # nothing yet
    token = preview.context["token"]
    applied = merchandiser.post(
        "/dashboard/catalogue/stock/import/", {"apply": "1", "token": token}
    )
    assert applied.status_code == 302
    lamp_record, mug_record = (
        StockRecord.objects.get(product=lamp),
        StockRecord.objects.get(product=mug),
    )
    assert (str(lamp_record.price), lamp_record.num_in_stock) == ("12.50", 30)
    assert (str(mug_record.price), mug_record.num_in_stock) == ("3.00", 9)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_row, message",
    [
        ("nope,1.00,USD,1", b"no product with slug"),
        ("mug,-1,USD,1", b"must be between 0 and"),
        ("mug,1.999,USD,1", b"at most 2 decimals"),
        ("mug,abc,USD,1", b"is not a number"),
        ("mug,1.00,XYZ,1", b"ISO 4217"),
        ("mug,1.00,USD,-3", b"cannot be negative"),
        ("mug,1.00,USD,2.5", b"whole number"),
        ("lamp,1.00,USD,1", b"appears twice"),
    ],
)
def test_a_bad_row_is_shown_and_nothing_is_applied(merchandiser, bad_row, message):
    lamp, mug = make_product("Lamp", stock=1), make_product("Mug", stock=1)

    preview = upload(
        merchandiser, f"slug,price,currency,stock\nlamp,5.00,USD,50\n{bad_row}\n"
    )

    assert message in preview.content
    assert preview.context["token"] is None and b"apply-import" not in preview.content
    assert stock_of(lamp) == 1 and stock_of(mug) == 1


@pytest.mark.django_db
def test_stock_below_allocated_is_a_row_error(merchandiser):
    lamp = make_product("Lamp", stock=5)
    StockRecord.objects.filter(product=lamp).update(num_allocated=3)

    preview = upload(merchandiser, "slug,stock\nlamp,2\n")

    assert b"below the 3 units allocated" in preview.content and stock_of(lamp) == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", [b"\xff\xfe\x00garbage", b"name,price\nLamp,1.00\n", b"slug,price\n"]
)
def test_an_unusable_file_is_refused(merchandiser, content):
    csv_file = SimpleUploadedFile("stock.csv", content, content_type="text/csv")

    response = merchandiser.post(
        "/dashboard/catalogue/stock/import/", {"csv_file": csv_file}
    )

    assert response.status_code == 200 and (b"file-error" in response.content)


@pytest.mark.django_db
def test_a_change_between_preview_and_apply_undoes_the_whole_file(merchandiser):
    lamp, mug = make_product("Lamp", stock=5), make_product("Mug", stock=5)
    preview = upload(merchandiser, "slug,stock\nlamp,40\nmug,1\n")
    StockRecord.objects.filter(product=mug).update(num_allocated=3)  # an order came in

    response = merchandiser.post(
        "/dashboard/catalogue/stock/import/",
        {"apply": "1", "token": preview.context["token"]},
        follow=True,
    )

    assert b"Nothing was imported" in response.content
    assert stock_of(lamp) == 5 and stock_of(mug) == 5


@pytest.mark.django_db
def test_support_cannot_use_product_pages(support):
    lamp = make_product("Lamp")

    assert support.get("/dashboard/catalogue/").status_code == 403
    assert (
        support.post(f"/dashboard/catalogue/products/{lamp.pk}/delete/").status_code
        == 403
    )
    assert support.get("/dashboard/catalogue/stock/import/").status_code == 403
    lamp.refresh_from_db()
    assert lamp.deleted_at is None


@pytest.mark.django_db
def test_product_list_shows_price_currency_stock_and_activity(merchandiser):
    lamp = make_product("Lamp", price="19.99", stock=7, currency="EUR")
    StockRecord.objects.filter(product=lamp).update(num_allocated=2)

    content = merchandiser.get("/dashboard/catalogue/").content.decode()

    assert "€19.99" in content and "7 (5)" in content and "Stock (available)" in content


@pytest.mark.django_db
def test_the_product_form_refuses_stock_below_allocated(superuser):
    from oscar.core.loading import get_class

    StockRecordForm = get_class("dashboard.catalogue.forms", "StockRecordForm")
    lamp = make_product("Lamp", stock=5)
    record = StockRecord.objects.get(product=lamp)
    StockRecord.objects.filter(pk=record.pk).update(num_allocated=4)
    record.refresh_from_db()
    data = {
        "partner": record.partner_id,
        "partner_sku": record.partner_sku,
        "price_currency": "USD",
        "price": "9.00",
    }

    too_low = StockRecordForm(
        lamp.product_class, superuser, data={**data, "num_in_stock": 3}, instance=record
    )
    enough = StockRecordForm(
        lamp.product_class, superuser, data={**data, "num_in_stock": 4}, instance=record
    )

    assert not too_low.is_valid() and "num_in_stock" in too_low.errors
    assert enough.is_valid(), enough.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row, message",
    [
        ("lamp,1e20,,", b"must be between 0 and"),
        ("lamp,,,99999999999", b"cannot be more than"),
    ],
)
def test_an_import_row_beyond_the_columns_limits_is_an_error(
    merchandiser, row, message
):
    lamp = make_product("Lamp", stock=1)

    preview = upload(merchandiser, f"slug,price,currency,stock\n{row}\n")

    assert message in preview.content and stock_of(lamp) == 1
