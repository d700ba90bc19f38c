"""Low-stock thresholds on the product API and GET /api/v1/admin/stock-alerts/
(docs/api.md "Stock alerts")."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from forked_apps.partner.models import StockAlert
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_product
from tests.helpers import assert_error
from tests.shopping import place_order

URL = "/api/v1/admin/stock-alerts/"
STAFF_REQUEST = 5  # the user, their permissions (2) and roles (2)


def role_api_client(role: str):
    user = UserFactory(is_staff=True, email=f"{role.split()[0].lower()}@shop.example")
    user.groups.add(Group.objects.get(name=role))
    return bearer_client(user)


@pytest.mark.django_db
def test_a_product_is_created_and_updated_with_a_threshold(
    staff_client, django_capture_on_commit_callbacks
):
    manager = role_api_client("Catalogue manager")
    with django_capture_on_commit_callbacks(execute=True):
        created = staff_client.post(
            "/api/v1/products/",
            {
                "name": "Desk Lamp",
                "price": "20.00",
                "currency": "USD",
                "stock": 8,
                "low_stock_threshold": 3,
            },
            format="json",
        )

    assert created.status_code == 201, created.content
    assert created.json()["low_stock_threshold"] == 3
    assert not StockAlert.objects.exists()
    assert (
        staff_client.get("/api/v1/products/desk-lamp/").json()["low_stock_threshold"]
        == 3
    )
    # customers do not see reorder points
    assert (
        "low_stock_threshold"
        not in bearer_client(UserFactory()).get("/api/v1/products/desk-lamp/").json()
    )

    with django_capture_on_commit_callbacks(execute=True):
        raised = manager.patch(
            "/api/v1/products/desk-lamp/", {"low_stock_threshold": 8}, format="json"
        )
    assert raised.json()["low_stock_threshold"] == 8
    assert manager.get(URL).json()["results"][0]["threshold"] == 8
    assert [m.to for m in mail.outbox] == [["catalogue@shop.example"]]

    cleared = manager.patch(
        "/api/v1/products/desk-lamp/", {"low_stock_threshold": None}, format="json"
    )
    assert cleared.json()["low_stock_threshold"] is None
    assert manager.get(URL).json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("threshold", [-1, "many", 2_147_483_648])
def test_a_bad_threshold_is_400(staff_client, threshold):
    make_product("Lamp")

    response = staff_client.patch(
        "/api/v1/products/lamp/", {"low_stock_threshold": threshold}, format="json"
    )

    assert_error(response, 400, attr="low_stock_threshold")


@pytest.mark.django_db
def test_checkout_opens_an_alert_that_staff_list(
    user_client, django_capture_on_commit_callbacks
):
    manager = role_api_client("Catalogue manager")
    lamp = make_product("Desk Lamp", stock=5, low_stock_threshold=2)
    make_product("Mug", stock=5)

    with django_capture_on_commit_callbacks(execute=True):
        place_order(user_client, {"desk-lamp": 3, "mug": 5})

    body = manager.get(URL).json()
    assert body["count"] == 1
    alert = body["results"][0]
    assert alert["product"] == {
        "id": str(lamp.uuid),
        "slug": "desk-lamp",
        "name": "Desk Lamp",
    }
    assert alert["available"] == 2 and alert["threshold"] == 2
    assert alert["opened_at"] and alert["id"]
    # the customer's confirmation, and the manager's alert
    alerts = [m for m in mail.outbox if m.subject.startswith("Low stock")]
    assert len(mail.outbox) == 2 and [m.to for m in alerts] == [
        ["catalogue@shop.example"]
    ]


@pytest.mark.django_db
def test_cancelling_the_order_closes_it(user_client):
    make_product("Desk Lamp", stock=5, low_stock_threshold=2)
    order = place_order(user_client, {"desk-lamp": 3})

    user_client.post(f"/api/v1/orders/{order['id']}/cancel")

    assert role_api_client("Catalogue manager").get(URL).json()["count"] == 0
    assert StockAlert.objects.get().status == StockAlert.CLOSED


@pytest.mark.django_db
def test_the_list_skips_deleted_products_and_costs_2_queries(
    staff_client, django_assert_max_num_queries
):
    for n in range(12):
        make_product(f"Item {n}", stock=1, low_stock_threshold=2)
    make_product("Gone", stock=0, low_stock_threshold=2).soft_delete()

    with django_assert_max_num_queries(STAFF_REQUEST + 2):  # count, page
        body = staff_client.get(URL, {"page_size": 10}).json()

    assert body["count"] == 12 and len(body["results"]) == 10
    assert "gone" not in {alert["product"]["slug"] for alert in body["results"]}


@pytest.mark.django_db
def test_who_may_see_stock_alerts(api_client, user_client):
    assert_error(api_client.get(URL), 401)
    assert_error(user_client.get(URL), 403)
    for role in ("Support", "Order manager"):
        assert_error(role_api_client(role).get(URL), 403)
    manager = role_api_client("Catalogue manager")
    assert manager.get(URL).status_code == 200
    assert_error(manager.post(URL, {}), 403)  # nobody writes alerts
