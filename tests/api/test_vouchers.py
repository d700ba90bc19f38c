"""Staff vouchers: POST, GET list and detail of /api/v1/admin/vouchers/
(docs/api.md "Vouchers and offers")."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from forked_apps.voucher.models import Voucher
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_voucher
from tests.helpers import assert_error

URL = "/api/v1/admin/vouchers/"


def payload(**changes) -> dict:
    now = timezone.now()
    body = {
        "code": "summer10",
        "name": "Summer sale",
        "benefit": {"type": "percentage", "value": "10"},
        "usage": "multi_use",
        "start_datetime": (now - timedelta(hours=1)).isoformat(),
        "end_datetime": (now + timedelta(days=30)).isoformat(),
    }
    body.update(changes)
    return body


def role_api_client(role: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return bearer_client(user)


@pytest.mark.django_db
def test_staff_create_a_voucher(staff_client):
    response = staff_client.post(
        URL, payload(minimum_spend="50.00", usage="single_use"), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert uuid.UUID(body["id"])
    assert body["code"] == "SUMMER10"  # codes are case-insensitive: kept upper-case
    assert body["name"] == "Summer sale"
    assert body["benefit"] == {"type": "percentage", "value": "10.00"}
    assert body["usage"] == "single_use" and body["minimum_spend"] == "50.00"
    assert body["is_active"] is True and body["num_orders"] == 0
    voucher = Voucher.objects.get(uuid=body["id"])
    assert voucher.usage == Voucher.SINGLE_USE
    assert staff_client.get(f"{URL}{body['id']}/").json() == body
    # Oscar's dashboard sees a voucher with one voucher offer
    offer = voucher.offers.get()
    assert offer.offer_type == "Voucher" and offer.name == "Summer sale"


@pytest.mark.django_db
def test_a_fixed_voucher_without_minimum_spend(staff_client):
    response = staff_client.post(
        URL,
        payload(benefit={"type": "fixed", "value": "5.50"}, usage="once_per_customer"),
        format="json",
    )

    body = response.json()
    assert response.status_code == 201
    assert body["benefit"] == {"type": "fixed", "value": "5.50"}
    assert body["minimum_spend"] is None and body["usage"] == "once_per_customer"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["SUMMER10", "Summer10", " summer10 "])
def test_codes_are_unique_whatever_their_case(staff_client, code):
    assert staff_client.post(URL, payload(), format="json").status_code == 201

    response = staff_client.post(URL, payload(code=code, name="Other"), format="json")

    assert_error(response, 400, code="unique", attr="code")
    assert Voucher.objects.count() == 1


@pytest.mark.django_db
def test_names_are_unique(staff_client):
    assert staff_client.post(URL, payload(), format="json").status_code == 201

    response = staff_client.post(URL, payload(code="OTHER"), format="json")

    assert_error(response, 400, code="unique", attr="name")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "attr"),
    [
        ({"benefit": {"type": "percentage", "value": "120"}}, "benefit.value"),
        ({"benefit": {"type": "percentage", "value": "0"}}, "benefit.value"),
        ({"benefit": {"type": "free-lunch", "value": "5"}}, "benefit.type"),
        ({"usage": "twice"}, "usage"),
        ({"code": "TWO WORDS"}, "code"),
        ({"code": "=cmd"}, "code"),
        ({"minimum_spend": "-1"}, "minimum_spend"),
        ({"end_datetime": "2020-01-01T00:00:00Z"}, "end_datetime"),
        ({"start_datetime": "not a date"}, "start_datetime"),
    ],
)
def test_bad_input_is_400_and_creates_nothing(staff_client, changes, attr):
    response = staff_client.post(URL, payload(**changes), format="json")

    assert_error(response, 400, attr=attr)
    assert not Voucher.objects.exists()


# Any staff request: the user, their permissions (2) and roles (2).
STAFF_REQUEST = 5


@pytest.mark.django_db
def test_list_newest_first_in_3_queries_whatever_the_page_size(
    staff_client, django_assert_max_num_queries
):
    for n in range(25):
        make_voucher(f"CODE{n}", minimum_spend="10" if n % 2 else None)

    with django_assert_max_num_queries(STAFF_REQUEST + 3):  # count, page, offers
        staff_client.get(URL, {"page_size": 2})
    with django_assert_max_num_queries(STAFF_REQUEST + 3):
        body = staff_client.get(URL, {"page_size": 20}).json()

    assert body["count"] == 25 and len(body["results"]) == 20
    assert body["results"][0]["code"] == "CODE24"
    assert {r["minimum_spend"] for r in body["results"]} == {None, "10.00"}


@pytest.mark.django_db
def test_create_is_a_bounded_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    make_voucher("FIRST")  # the "All products" range exists

    with django_assert_max_num_queries(STAFF_REQUEST + 14):
        response = staff_client.post(URL, payload(), format="json")

    assert response.status_code == 201


@pytest.mark.django_db
def test_unknown_voucher_is_404(staff_client):
    assert_error(staff_client.get(f"{URL}{uuid.uuid4()}/"), 404)


@pytest.mark.django_db
def test_who_may_manage_vouchers(api_client, user_client):
    voucher = make_voucher()

    assert_error(api_client.get(URL), 401)
    assert_error(user_client.get(URL), 403)
    assert_error(user_client.post(URL, payload(), format="json"), 403)
    for role in ("Support", "Order manager"):
        client = role_api_client(role)
        assert_error(client.get(URL), 403)
        assert_error(client.get(f"{URL}{voucher.uuid}/"), 403)
        assert_error(client.post(URL, payload(), format="json"), 403)
    manager = role_api_client("Catalogue manager")
    assert manager.get(URL).status_code == 200
    assert manager.post(URL, payload(), format="json").status_code == 201
