"""Reported reviews: customers report, enough reporters hide a review from
the public list and the rating, moderators decide (docs/api.md "Reviews")."""

import threading

import pytest
from django.db import connection

from forked_apps.catalogue.reviews.models import ProductReview
from forked_apps.catalogue.reviews.services import review_report
from tests.conftest import bearer_client, requires_postgres
from tests.dashboard.conftest import role_client
from tests.factories import UserFactory, make_product
from tests.helpers import assert_error

REASONS = "/api/v1/admin/review-reports/"


@pytest.fixture
def lamp(db):
    return make_product("Lamp")


def approved_review(product, score=1, author=None):
    return ProductReview.objects.create(
        product=product,
        user=author or UserFactory(),
        score=score,
        body="Terrible",
        status=ProductReview.APPROVED,
    )


def report(client, review, reason="spam", note=""):
    return client.post(
        f"/api/v1/reviews/{review.uuid}/report",
        {"reason": reason, "note": note},
        format="json",
    )


def public_ids(client, slug="lamp"):
    return [
        r["id"]
        for r in client.get(f"/api/v1/products/{slug}/reviews/").json()["results"]
    ]


@pytest.mark.django_db
def test_a_customer_reports_a_review_once(user_client, lamp):
    bad = approved_review(lamp)

    response = report(user_client, bad, "offensive", "Insults")

    assert response.status_code == 201
    assert response.json()["reason"] == "offensive"
    assert response.json()["review"] == str(bad.uuid)
    assert_error(report(user_client, bad, "spam"), 409, "already_reported")


@pytest.mark.django_db
def test_reporting_needs_a_login_and_a_valid_reason(api_client, user_client, lamp):
    bad = approved_review(lamp)

    assert_error(report(api_client, bad), 401)
    assert_error(report(user_client, bad, "boring"), 400, attr="reason")
    assert_error(report(user_client, bad, note="x" * 1001), 400, attr="note")


@pytest.mark.django_db
def test_pending_and_own_reviews_cannot_be_reported(user, user_client, lamp):
    pending = ProductReview.objects.create(
        product=lamp, user=UserFactory(), score=1, status=ProductReview.FOR_MODERATION
    )
    own = approved_review(make_product("Mug"), author=user)

    assert_error(report(user_client, pending), 404)
    assert_error(report(user_client, own), 400, "own_review")


@pytest.mark.django_db
def test_three_reporters_hide_the_review_and_its_rating(api_client, lamp, settings):
    settings.REVIEW_REPORT_HIDE_THRESHOLD = 3
    good = approved_review(lamp, score=5)
    bad = approved_review(lamp, score=1)
    lamp.refresh_from_db()
    assert lamp.rating == 3.0

    for n in range(3):
        assert report(bearer_client(UserFactory()), bad).status_code == 201
        visible = str(bad.uuid) in public_ids(api_client)
        assert visible == (n < 2)  # the third report hides it

    lamp.refresh_from_db()
    assert (lamp.rating, lamp.rating_count) == (5.0, 1)
    detail = api_client.get("/api/v1/products/lamp/").json()
    assert detail["rating"] == {"average": 5.0, "count": 1}
    assert public_ids(api_client) == [str(good.uuid)]


@pytest.mark.django_db
def test_the_moderators_queue(staff_client, lamp):
    quiet = approved_review(lamp)
    loud = approved_review(make_product("Mug"))
    report_by = [UserFactory() for _ in range(3)]
    review_report(review=quiet, reporter=report_by[0], reason="spam")
    for reporter, reason in zip(
        report_by, ["spam", "offensive", "offensive"], strict=True
    ):
        review_report(review=loud, reporter=reporter, reason=reason, note="rude")

    response = staff_client.get(REASONS)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["review"]["id"] for r in results] == [str(loud.uuid), str(quiet.uuid)]
    assert results[0]["open_reports"] == 3
    assert results[0]["reasons"] == {
        "spam": 1,
        "offensive": 2,
        "off_topic": 0,
        "other": 0,
    }
    assert results[0]["hidden"] is True
    assert {r["reporter"] for r in results[0]["reports"]} == {
        u.email for u in report_by
    }
    assert results[1]["hidden"] is False


@pytest.mark.django_db
def test_dismissing_puts_the_review_back(staff_client, api_client, lamp, settings):
    settings.REVIEW_REPORT_HIDE_THRESHOLD = 1
    bad = approved_review(lamp)
    review_report(review=bad, reporter=UserFactory(), reason="spam")
    assert public_ids(api_client) == []

    response = staff_client.post(
        f"{REASONS}{bad.uuid}/resolve", {"action": "dismiss"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["closed_reports"] == 1
    assert public_ids(api_client) == [str(bad.uuid)]
    assert staff_client.get(REASONS).json()["count"] == 0
    again = staff_client.post(
        f"{REASONS}{bad.uuid}/resolve", {"action": "dismiss"}, format="json"
    )
    assert_error(again, 409, "no_open_reports")


@pytest.mark.django_db
def test_removing_the_review(staff_client, api_client, lamp):
    bad = approved_review(lamp)
    review_report(review=bad, reporter=UserFactory(), reason="spam")

    response = staff_client.post(
        f"{REASONS}{bad.uuid}/resolve", {"action": "remove"}, format="json"
    )

    assert response.json()["review"]["status"] == "rejected"
    assert public_ids(api_client) == []
    lamp.refresh_from_db()
    assert lamp.rating_count == 0


@pytest.mark.django_db
def test_deactivating_the_author_ends_their_sessions(staff_client, lamp):
    author = UserFactory()
    author_client = bearer_client(author)
    bad = approved_review(lamp, author=author)
    review_report(review=bad, reporter=UserFactory(), reason="offensive")

    response = staff_client.post(
        f"{REASONS}{bad.uuid}/resolve", {"action": "deactivate_author"}, format="json"
    )

    assert response.status_code == 200
    author.refresh_from_db()
    assert author.is_active is False
    assert_error(author_client.get("/api/v1/reviews/"), 401)
    bad.refresh_from_db()
    assert bad.status == ProductReview.REJECTED


@pytest.mark.django_db
def test_support_may_moderate_but_not_deactivate(lamp):
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    support_user = role_client("Support").user
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(support_user).access_token}"
    )
    bad = approved_review(lamp)
    review_report(review=bad, reporter=UserFactory(), reason="spam")

    assert client.get(REASONS).status_code == 200
    refused = client.post(
        f"{REASONS}{bad.uuid}/resolve", {"action": "deactivate_author"}, format="json"
    )
    assert_error(refused, 403)
    assert bad.user.is_active


@pytest.mark.django_db
def test_customers_cannot_see_the_queue(user_client, api_client):
    assert_error(api_client.get(REASONS), 401)
    assert_error(user_client.get(REASONS), 403)


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reports_are_counted_right(settings):
    """Five customers report at once: five reports, and the review is hidden
    (the review row is locked while each report counts)."""
    settings.REVIEW_REPORT_HIDE_THRESHOLD = 5
    bad = approved_review(make_product("Lamp"))
    reporters = [UserFactory() for _ in range(5)]
    barrier = threading.Barrier(5)
    errors = []

    def report_as(reporter):
        try:
            barrier.wait(timeout=10)
            review_report(review=bad, reporter=reporter, reason="spam")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=report_as, args=(r,)) for r in reporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    bad.refresh_from_db()
    assert bad.reports.count() == 5
    assert bad.hidden_at is not None
