"""Webhook deliveries to a real local receiver: signed, retried with
backoff, each attempt recorded; SSRF refused at delivery time too."""

import hashlib
import hmac
import json
import time

import pytest

from project.webhooks.delivery import retry_delay_seconds
from project.webhooks.models import WebhookDelivery
from project.webhooks.services import webhook_endpoint_create
from tests.factories import make_product
from tests.shopping import place_order

pytestmark = pytest.mark.django_db


def endpoint_for(receiver, *events):
    return webhook_endpoint_create(
        url=receiver.url, events=list(events or ["order.placed"])
    )


def deliveries_of(staff_client, endpoint):
    response = staff_client.get(f"/api/v1/admin/webhooks/{endpoint.id}/deliveries")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_an_order_placed_is_delivered_signed(
    receiver, user_client, staff_client, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    make_product("Lamp", price="12.50")

    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(user_client, {"lamp": 2})

    [request] = receiver.requests
    body = json.loads(request["body"])
    assert body["type"] == "order.placed"
    assert set(body) == {"id", "type", "created", "data"}
    assert body["data"]["id"] == order["id"]
    assert body["data"]["status"] == "pending"
    assert body["data"]["lines"][0]["product_slug"] == "lamp"
    assert body["data"]["lines"][0]["quantity"] == 2
    # Shop-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">
    signature = request["headers"]["Shop-Signature"]
    timestamp = signature.split(",")[0].removeprefix("t=")
    expected = hmac.new(
        endpoint.secret.encode(),
        f"{timestamp}.".encode() + request["body"],
        hashlib.sha256,
    ).hexdigest()
    assert signature == f"t={timestamp},v1={expected}"
    assert abs(int(timestamp) - time.time()) < 300
    [delivery] = deliveries_of(staff_client, endpoint)
    assert delivery["status"] == "succeeded"
    assert delivery["event"]["type"] == "order.placed"
    assert [
        (a["number"], a["status_code"], a["succeeded"]) for a in delivery["attempts"]
    ] == [(1, 200, True)]


def test_a_failed_delivery_succeeds_on_retry(
    receiver, user_client, staff_client, django_capture_on_commit_callbacks
):
    # given: the receiver fails the first time
    endpoint = endpoint_for(receiver)
    make_product("Lamp")
    receiver.answer(500)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    # then: the same event came twice, and the second attempt succeeded
    first, second = receiver.bodies()
    assert first == second
    [delivery] = deliveries_of(staff_client, endpoint)
    assert delivery["status"] == "succeeded"
    assert delivery["attempt_count"] == 2
    assert [
        (a["number"], a["status_code"], a["succeeded"], a["error"])
        for a in delivery["attempts"]
    ] == [(1, 500, False, "HTTP 500"), (2, 200, True, "")]


def test_a_delivery_gives_up_after_the_last_attempt(
    receiver, settings, user_client, django_capture_on_commit_callbacks
):
    settings.OUTGOING_WEBHOOKS_MAX_ATTEMPTS = 3
    endpoint_for(receiver)
    make_product("Lamp")
    receiver.answer(503, 503, 503, 503)

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    assert len(receiver.requests) == 3
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert [a.status_code for a in delivery.attempts.all()] == [503, 503, 503]
    assert delivery.next_attempt_at is None


def test_with_a_broker_a_failure_comes_back_after_a_doubling_delay(
    receiver, settings, monkeypatch
):
    """With a worker the task asks Celery to run it again later, after 30 s,
    60 s, 120 s... (inline, as in the other tests, attempts follow at once)."""
    from celery.exceptions import Retry

    from project.webhooks.models import WebhookEvent
    from project.webhooks.tasks import deliver_webhook

    settings.OUTGOING_WEBHOOKS_RETRY_BASE_SECONDS = 30
    assert [retry_delay_seconds(n) for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 240, 480]
    endpoint = endpoint_for(receiver)
    event = WebhookEvent.objects.create(type="order.placed", data={})
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event)
    receiver.answer(500, 500)
    countdowns = []

    def retry(countdown):
        countdowns.append(countdown)
        return Retry(when=countdown)

    monkeypatch.setattr(deliver_webhook, "retry", retry)
    for _ in range(2):
        deliver_webhook.push_request(is_eager=False)
        try:
            with pytest.raises(Retry):
                deliver_webhook.run(str(delivery.id))
        finally:
            deliver_webhook.pop_request()

    assert countdowns == [30, 60]
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.attempt_count == 2
    assert delivery.next_attempt_at is not None


def test_a_timeout_is_an_attempt_that_is_retried(
    receiver, user_client, django_capture_on_commit_callbacks
):
    endpoint_for(receiver)
    make_product("Lamp")
    receiver.answer(200, 200, delays=[1.5])  # the first: longer than the 1 s timeout

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    delivery = WebhookDelivery.objects.get()
    attempts = list(delivery.attempts.all())
    assert attempts[0].error == "Timed out after 1 s."
    assert attempts[0].status_code is None
    assert delivery.status == "succeeded"
    assert [attempt.succeeded for attempt in attempts] == [False, True]


def test_redirects_are_not_followed(
    receiver, settings, user_client, django_capture_on_commit_callbacks
):
    settings.OUTGOING_WEBHOOKS_MAX_ATTEMPTS = 1
    endpoint_for(receiver)
    make_product("Lamp")
    receiver.answer(302)

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    assert [request["path"] for request in receiver.requests] == ["/hooks"]
    attempt = WebhookDelivery.objects.get().attempts.get()
    assert attempt.error == "HTTP 302 (redirects are not followed)"


def test_a_private_target_is_refused_at_delivery_time(
    receiver, settings, user_client, django_capture_on_commit_callbacks
):
    # given: an endpoint accepted while private targets were allowed
    endpoint_for(receiver)
    make_product("Lamp")
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = False

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    # then: nothing reached it, and it is not retried
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    [attempt] = delivery.attempts.all()
    assert attempt.error.startswith("Refused: The host 127.0.0.1 resolves to a private")


def test_the_connected_address_is_checked_too(
    receiver, settings, monkeypatch, user_client, django_capture_on_commit_callbacks
):
    """A name that resolved to a public address when checked, and to a
    private one when connecting (DNS rebinding), is still refused."""
    from project.webhooks import delivery as delivery_module

    endpoint_for(receiver)
    make_product("Lamp")
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = False
    monkeypatch.setattr(delivery_module, "url_check", lambda url: None)

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    assert receiver.requests == []
    attempt = WebhookDelivery.objects.get().attempts.get()
    assert attempt.error == "Refused: Connected to a non-public address (127.0.0.1)."


def test_a_deleted_endpoint_gets_nothing_more(
    receiver, staff_client, user_client, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    make_product("Lamp")
    assert (
        staff_client.delete(f"/api/v1/admin/webhooks/{endpoint.id}/").status_code == 204
    )

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"lamp": 1})

    assert receiver.requests == []
