"""Wagtail's pages API at /api/v1/pages/: published pages only."""

import pytest

from project.cms.models import ContentPage, HomePage
from tests.helpers import assert_error


@pytest.fixture
def pages(db):
    home = HomePage.objects.get()
    published = home.add_child(
        instance=ContentPage(title="About us", slug="about", body="<p>Hello</p>")
    )
    draft = home.add_child(
        instance=ContentPage(
            title="Secret sale", slug="secret", body="<p>Soon</p>", live=False
        )
    )
    unpublished = home.add_child(
        instance=ContentPage(title="Old page", slug="old", body="<p>Gone</p>")
    )
    unpublished.unpublish()
    return {"published": published, "draft": draft, "unpublished": unpublished}


@pytest.mark.django_db
def test_lists_published_pages_with_their_fields(api_client, pages):
    response = api_client.get("/api/v1/pages/?type=cms.ContentPage&fields=body")

    assert response.status_code == 200
    body = response.json()
    assert [item["title"] for item in body["items"]] == ["About us"]
    assert body["meta"]["total_count"] == 1
    assert body["items"][0]["body"] == "<p>Hello</p>"


@pytest.mark.django_db
def test_drafts_never_leak(api_client, pages):
    titles = {
        item["title"] for item in api_client.get("/api/v1/pages/").json()["items"]
    }

    assert "Secret sale" not in titles and "Old page" not in titles
    assert_error(api_client.get(f"/api/v1/pages/{pages['draft'].pk}/"), 404)
    assert_error(api_client.get(f"/api/v1/pages/{pages['unpublished'].pk}/"), 404)
    assert (
        api_client.get(f"/api/v1/pages/{pages['published'].pk}/").json()["title"]
        == "About us"
    )


@pytest.mark.django_db
def test_a_bad_query_is_a_400_in_the_api_error_shape(api_client, pages):
    assert_error(api_client.get("/api/v1/pages/?type=nope.Nope"), 400)
    assert_error(api_client.get("/api/v1/pages/?limit=abc"), 400)
