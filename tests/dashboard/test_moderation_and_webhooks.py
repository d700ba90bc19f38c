"""The dashboard's review queue (reported reviews first, with their reasons
and counts, and a decision for each) and the webhooks pages."""

import pytest
from django.test import Client

from forked_apps.catalogue.reviews.models import ProductReview
from forked_apps.catalogue.reviews.services import review_report
from project.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent
from project.webhooks.services import webhook_endpoint_create
from tests.factories import UserFactory, make_product

pytestmark = pytest.mark.django_db


def reported_review(reasons=("spam",), product_name="Lamp"):
    review = ProductReview.objects.create(
        product=make_product(product_name),
        user=UserFactory(),
        score=1,
        body="Buy cheap watches at example.com",
        status=ProductReview.APPROVED,
    )
    for reason in reasons:
        review_report(review=review, reporter=UserFactory(), reason=reason, note="junk")
    return review


def test_the_queue_shows_reported_reviews_first_with_reasons_and_counts(support):
    ProductReview.objects.create(
        product=make_product("Mug"), user=UserFactory(), score=4, status=0
    )
    reported_review(("spam", "spam", "offensive"))

    page = support.get("/dashboard/reviews/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "1 reported review" in html
    assert "spam: 2" in html and "offensive: 1" in html
    assert html.index("Buy cheap watches") < html.index("Mug")
    assert page.context["reported_reviews"][0].open_reports == 3
    assert page.context["review_list"][0].open_reports == 3  # the queue's first row
    assert "Deactivate author" not in html  # Support may not change users


def test_dismissing_from_the_dashboard(support, settings):
    settings.REVIEW_REPORT_HIDE_THRESHOLD = 1
    review = reported_review()

    response = support.post(
        f"/dashboard/reviews/{review.pk}/reports/", {"action": "dismiss"}
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.hidden_at is None
    assert support.get("/dashboard/reviews/").context["reported_reviews"] == []


def test_deactivating_the_author_from_the_dashboard(admin_client_):
    review = reported_review()

    admin_client_.post(
        f"/dashboard/reviews/{review.pk}/reports/", {"action": "deactivate_author"}
    )

    review.refresh_from_db()
    review.user.refresh_from_db()
    assert review.status == ProductReview.REJECTED
    assert review.user.is_active is False


def test_support_cannot_deactivate_authors(support):
    review = reported_review()

    response = support.post(
        f"/dashboard/reviews/{review.pk}/reports/", {"action": "deactivate_author"}
    )

    assert response.status_code == 403
    review.user.refresh_from_db()
    assert review.user.is_active


def test_webhooks_pages(admin_client_, settings):
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = True
    endpoint = webhook_endpoint_create(
        url="http://127.0.0.1:18799/", events=["order.paid"]
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WebhookEvent.objects.create(type="order.paid", data={}),
        status="succeeded",
    )
    WebhookAttempt.objects.create(delivery=delivery, number=1, error="HTTP 500")
    WebhookAttempt.objects.create(
        delivery=delivery, number=2, status_code=200, succeeded=True
    )

    listing = admin_client_.get("/dashboard/webhooks/")
    deliveries = admin_client_.get(f"/dashboard/webhooks/{endpoint.pk}/deliveries/")

    assert listing.status_code == 200
    assert "http://127.0.0.1:18799/" in listing.content.decode()
    assert endpoint.secret not in listing.content.decode()
    html = deliveries.content.decode()
    assert deliveries.status_code == 200
    assert "#1" in html and "HTTP 500" in html and "#2" in html and "succeeded" in html


def test_adding_an_endpoint_shows_its_secret_once(admin_client_, settings):
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = False

    refused = admin_client_.post(
        "/dashboard/webhooks/", {"url": "http://127.0.0.1/", "events": ["order.paid"]}
    )
    assert refused.status_code == 200
    assert "private, loopback or reserved" in refused.content.decode()

    added = admin_client_.post(
        "/dashboard/webhooks/",
        {"url": "https://93.184.216.34/hooks", "events": ["order.paid", "stock.low"]},
        follow=True,
    )
    from project.webhooks.models import WebhookEndpoint

    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["order.paid", "stock.low"]
    assert endpoint.secret in added.content.decode()
    assert (
        endpoint.secret
        not in admin_client_.get("/dashboard/webhooks/").content.decode()
    )

    admin_client_.post(f"/dashboard/webhooks/{endpoint.pk}/delete/")
    assert not WebhookEndpoint.objects.exists()


def test_role_holders_do_not_see_webhooks(merchandiser, order_manager, support):
    for client in (merchandiser, order_manager, support):
        assert client.get("/dashboard/webhooks/").status_code == 403
    customer = Client()
    customer.force_login(UserFactory())
    assert customer.get("/dashboard/webhooks/").status_code in (302, 403)
