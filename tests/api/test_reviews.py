"""Reviews: create (pending), one per user and product, moderation, and the
rating of approved reviews only."""

import pytest

from forked_apps.catalogue.reviews.models import ProductReview
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.helpers import assert_error


@pytest.fixture
def lamp(db):
    return make_product("Lamp")


def review(client, rating=5, comment="Great", product="lamp"):
    return client.post(
        "/api/v1/reviews/",
        {"product": product, "rating": rating, "comment": comment},
        format="json",
    )


@pytest.mark.django_db
def test_create_a_pending_review(user_client, user, lamp):
    response = review(user_client)

    assert response.status_code == 201
    body = response.json()
    assert (
        body["status"] == "pending"
        and body["rating"] == 5
        and body["product"] == "lamp"
    )
    assert ProductReview.objects.get(uuid=body["id"]).user == user
    assert user_client.get("/api/v1/reviews/").json()["results"][0]["id"] == body["id"]


@pytest.mark.django_db
def test_comment_is_optional(user_client, lamp):
    response = user_client.post(
        "/api/v1/reviews/", {"product": "lamp", "rating": 3}, format="json"
    )

    assert response.status_code == 201 and response.json()["comment"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6, -1, "abc", None, 4.5])
def test_rating_outside_1_to_5_is_400(user_client, lamp, rating):
    assert_error(review(user_client, rating=rating), 400, attr="rating")
    assert not ProductReview.objects.exists()


@pytest.mark.django_db
def test_second_review_of_the_same_product_is_409(user_client, lamp):
    assert review(user_client).status_code == 201

    assert_error(review(user_client, rating=1), 409, code="duplicate_review")
    assert ProductReview.objects.count() == 1


@pytest.mark.django_db
def test_review_of_unknown_hidden_or_deleted_product_is_400(user_client):
    make_product("Hidden", is_active=False)
    make_product("Gone").soft_delete()

    for slug in ("nope", "hidden", "gone"):
        assert_error(review(user_client, product=slug), 400, attr="product")


@pytest.mark.django_db
def test_reviewing_needs_sign_in(api_client, lamp):
    assert_error(review(api_client), 401)


@pytest.mark.django_db
def test_own_reviews_only(user_client, lamp):
    review(bearer_client(UserFactory()))

    assert user_client.get("/api/v1/reviews/").json()["count"] == 0


@pytest.mark.django_db
def test_moderation_and_rating_counts_approved_reviews_only(
    api_client, staff_client, lamp
):
    ids = [
        review(bearer_client(UserFactory()), rating=score).json()["id"]
        for score in (5, 4, 1)
    ]

    # nothing approved yet
    assert api_client.get("/api/v1/products/lamp/").json()["rating"] == {
        "average": None,
        "count": 0,
    }
    assert api_client.get("/api/v1/products/lamp/reviews/").json()["count"] == 0

    assert (
        staff_client.patch(
            f"/api/v1/reviews/{ids[0]}/", {"status": "approved"}, format="json"
        ).status_code
        == 200
    )
    assert (
        staff_client.patch(
            f"/api/v1/reviews/{ids[1]}/", {"status": "approved"}, format="json"
        ).status_code
        == 200
    )
    rejected = staff_client.patch(
        f"/api/v1/reviews/{ids[2]}/", {"status": "rejected"}, format="json"
    )
    assert rejected.json()["status"] == "rejected"

    assert api_client.get("/api/v1/products/lamp/").json()["rating"] == {
        "average": 4.5,
        "count": 2,
    }
    listed = api_client.get("/api/v1/products/").json()["results"][0]
    assert listed["rating"] == {"average": 4.5, "count": 2}
    public = api_client.get("/api/v1/products/lamp/reviews/").json()
    assert public["count"] == 2 and {r["rating"] for r in public["results"]} == {5, 4}

    # un-approving takes it out again
    staff_client.patch(
        f"/api/v1/reviews/{ids[0]}/", {"status": "rejected"}, format="json"
    )
    assert api_client.get("/api/v1/products/lamp/").json()["rating"] == {
        "average": 4.0,
        "count": 1,
    }


@pytest.mark.django_db
def test_moderation_needs_staff_and_a_valid_status(user_client, staff_client, lamp):
    review_id = review(user_client).json()["id"]

    assert_error(
        user_client.patch(
            f"/api/v1/reviews/{review_id}/", {"status": "approved"}, format="json"
        ),
        403,
    )
    assert_error(
        staff_client.patch(
            f"/api/v1/reviews/{review_id}/", {"status": "great"}, format="json"
        ),
        400,
        attr="status",
    )
    assert_error(
        staff_client.patch(
            "/api/v1/reviews/00000000-0000-0000-0000-000000000000/",
            {"status": "approved"},
            format="json",
        ),
        404,
    )
    assert (
        ProductReview.objects.get(uuid=review_id).status == ProductReview.FOR_MODERATION
    )


@pytest.mark.django_db
def test_public_reviews_show_display_names_and_hide_private_profiles(
    api_client, staff_client, lamp
):
    public_user = UserFactory()
    public_user.profile.first_name, public_user.profile.last_name = "Ada", "Lovelace"
    public_user.profile.save()
    private_user = UserFactory()
    private_user.profile.first_name, private_user.profile.visibility = (
        "Grace",
        "private",
    )
    private_user.profile.save()
    for user in (public_user, private_user):
        review_id = review(bearer_client(user)).json()["id"]
        staff_client.patch(
            f"/api/v1/reviews/{review_id}/", {"status": "approved"}, format="json"
        )

    reviewers = {
        r["reviewer"]
        for r in api_client.get("/api/v1/products/lamp/reviews/").json()["results"]
    }

    assert reviewers == {"Ada L.", "Anonymous"}
    assert "email" not in str(api_client.get("/api/v1/products/lamp/reviews/").json())


@pytest.mark.django_db
def test_reviews_of_a_hidden_product_are_404(api_client):
    make_product("Hidden", is_active=False)

    assert_error(api_client.get("/api/v1/products/hidden/reviews/"), 404)
