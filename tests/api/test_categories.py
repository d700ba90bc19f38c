"""Categories: the tree, one category with children and ancestors, staff writes."""

import pytest

from forked_apps.catalogue.models import Category
from tests.factories import make_category, make_product
from tests.helpers import assert_error


@pytest.fixture
def tree(db):
    clothing = make_category("Clothing", description="Things to wear")
    men = make_category("Men", parent=clothing)
    make_category("Shirts", parent=men)
    make_category("Women", parent=clothing)
    make_category("Home")
    return clothing


@pytest.mark.django_db
def test_tree(api_client, tree):
    response = api_client.get("/api/v1/categories/")

    assert response.status_code == 200
    roots = response.json()
    assert [root["slug"] for root in roots] == ["clothing", "home"]
    clothing = roots[0]
    assert set(clothing) >= {
        "id",
        "name",
        "slug",
        "description",
        "image",
        "parent",
        "children",
    }
    assert clothing["description"] == "Things to wear" and clothing["parent"] is None
    assert [child["slug"] for child in clothing["children"]] == ["men", "women"]
    men = clothing["children"][0]
    assert men["parent"] == "clothing"
    assert [child["slug"] for child in men["children"]] == ["shirts"]


@pytest.mark.django_db
def test_one_category_with_children_and_ancestors(api_client, tree):
    response = api_client.get("/api/v1/categories/shirts/")

    assert response.status_code == 200
    body = response.json()
    assert body["parent"] == "men"
    assert [a["slug"] for a in body["ancestors"]] == ["clothing", "men"]
    assert body["children"] == []
    men = api_client.get("/api/v1/categories/men/").json()
    assert [c["slug"] for c in men["children"]] == ["shirts"]


@pytest.mark.django_db
def test_unknown_category_is_404(api_client):
    assert_error(api_client.get("/api/v1/categories/nope/"), 404)


@pytest.mark.django_db
def test_same_name_in_two_places_gets_distinct_slugs(db):
    men = make_category("Men")
    women = make_category("Women")

    first = make_category("Accessories", parent=men)
    second = make_category("Accessories", parent=women)

    assert first.slug == "accessories" and second.slug == "accessories-2"


@pytest.mark.django_db
def test_staff_creates_updates_and_deletes_categories(staff_client, tree):
    created = staff_client.post(
        "/api/v1/categories/",
        {"name": "Kids", "parent": "clothing", "description": "Small"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["parent"] == "clothing"
    assert Category.objects.get(slug="kids").get_parent().slug == "clothing"

    patched = staff_client.patch(
        "/api/v1/categories/kids/", {"name": "Children"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["name"] == "Children"

    assert staff_client.delete("/api/v1/categories/kids/").status_code == 204
    assert not Category.objects.filter(slug="kids").exists()


@pytest.mark.django_db
def test_deleting_a_category_with_children_or_products_is_409(staff_client, tree):
    make_product("Shirt", category=Category.objects.get(slug="shirts"))

    assert_error(staff_client.delete("/api/v1/categories/men/"), 409)
    assert_error(staff_client.delete("/api/v1/categories/shirts/"), 409)
    assert Category.objects.filter(slug__in=["men", "shirts"]).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field",
    [
        ({"name": ""}, "name"),
        ({"name": "X", "parent": "nope"}, "parent"),
        ({"name": "X", "slug": "clothing"}, "slug"),
    ],
)
def test_category_bad_input(staff_client, tree, payload, field):
    assert_error(
        staff_client.post("/api/v1/categories/", payload, format="json"),
        400,
        attr=field,
    )


@pytest.mark.django_db
def test_category_writes_need_staff(api_client, user_client, tree):
    assert_error(
        api_client.post("/api/v1/categories/", {"name": "X"}, format="json"), 401
    )
    assert_error(
        user_client.post("/api/v1/categories/", {"name": "X"}, format="json"), 403
    )
    assert_error(user_client.delete("/api/v1/categories/home/"), 403)
    assert Category.objects.filter(slug="home").exists()
