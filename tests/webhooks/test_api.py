"""Staff register webhook endpoints (docs/api.md "Webhooks"); URLs on
loopback, private or reserved networks are refused (SSRF)."""

import pytest

from tests.helpers import assert_error, max_statements

pytestmark = pytest.mark.django_db

URL = "/api/v1/admin/webhooks/"


def test_creating_shows_the_secret_once(staff_client, settings):
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = False
    body = {"url": "https://93.184.216.34/hooks", "events": ["order.paid", "stock.low"]}

    response = staff_client.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    assert created["events"] == ["order.paid", "stock.low"]
    listed = staff_client.get(URL).json()["results"]
    assert [endpoint["id"] for endpoint in listed] == [created["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in staff_client.get(f"{URL}{created['id']}/").json()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://localhost/hooks",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.1.10/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://user:secret@93.184.216.34/",
    ],
)
def test_private_and_loopback_targets_are_refused(staff_client, settings, url):
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = False

    response = staff_client.post(
        URL, {"url": url, "events": ["order.paid"]}, format="json"
    )

    assert_error(response, 400, "unsafe_url", attr="url")
    assert staff_client.get(URL).json()["count"] == 0


def test_allowing_private_targets(staff_client, settings):
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = True

    response = staff_client.post(
        URL, {"url": "http://127.0.0.1:18700/", "events": ["order.paid"]}, format="json"
    )

    assert response.status_code == 201


def test_bad_input(staff_client):
    for body, attr in [
        ({"url": "ftp://93.184.216.34/", "events": ["order.paid"]}, "url"),
        ({"url": "not a url", "events": ["order.paid"]}, "url"),
        ({"url": "https://93.184.216.34/", "events": []}, "events"),
        ({"url": "https://93.184.216.34/", "events": ["order.exploded"]}, "events.0"),
    ]:
        assert_error(staff_client.post(URL, body, format="json"), 400, attr=attr)


def test_delete(staff_client, settings):
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = True
    created = staff_client.post(
        URL, {"url": "http://127.0.0.1:18700/", "events": ["order.paid"]}, format="json"
    ).json()

    assert staff_client.delete(f"{URL}{created['id']}/").status_code == 204
    assert staff_client.get(URL).json()["count"] == 0
    assert_error(staff_client.delete(f"{URL}{created['id']}/"), 404)


def test_only_staff(api_client, user_client):
    body = {"url": "https://93.184.216.34/", "events": ["order.paid"]}
    assert_error(api_client.get(URL), 401)
    assert_error(api_client.post(URL, body, format="json"), 401)
    assert_error(user_client.get(URL), 403)
    assert_error(user_client.post(URL, body, format="json"), 403)


def test_deliveries_cost_the_same_however_many(staff_client, settings):
    from project.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent
    from project.webhooks.services import webhook_endpoint_create

    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = True
    endpoint = webhook_endpoint_create(
        url="http://127.0.0.1:18700/", events=["order.paid"]
    )
    for n in range(15):
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=WebhookEvent.objects.create(type="order.paid", data={"n": n}),
        )
        for number in (1, 2):
            WebhookAttempt.objects.create(
                delivery=delivery, number=number, status_code=500
            )

    # token user, 4 for the staff permission check, endpoint, count, page
    # with events, attempts: 9 whatever the number of deliveries
    with max_statements(9):
        response = staff_client.get(f"{URL}{endpoint.id}/deliveries")

    assert response.json()["count"] == 15
    assert all(len(d["attempts"]) == 2 for d in response.json()["results"])
