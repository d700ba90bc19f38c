"""Reviews moderation queue and users' roles in the dashboard."""

import pytest
from django.contrib.auth.models import Group

from forked_apps.catalogue.reviews.models import ProductReview
from forked_apps.catalogue.reviews.services import review_create
from project.accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import UserFactory, make_product


@pytest.mark.django_db
def test_moderation_queue_shows_pending_first_and_approves_in_bulk(support, api_client):
    lamp = make_product("Lamp")
    old_pending = review_create(user=UserFactory(), product=lamp, score=5)
    approved = review_create(user=UserFactory(), product=lamp, score=1)
    ProductReview.objects.filter(pk=approved.pk).update(status=ProductReview.APPROVED)
    new_pending = review_create(user=UserFactory(), product=lamp, score=4)

    queue = list(support.get("/dashboard/reviews/").context["review_list"])
    assert [r.pk for r in queue[:2]] == [new_pending.pk, old_pending.pk]

    support.post(
        "/dashboard/reviews/",
        {
            "action": "update_selected_review_status",
            "selected_review": [old_pending.pk, new_pending.pk],
            "status": "1",
        },
    )

    assert ProductReview.objects.filter(status=ProductReview.APPROVED).count() == 3
    lamp.refresh_from_db()
    assert lamp.rating_count == 3
    assert api_client.get("/api/v1/products/lamp/").json()["rating"] == {
        "average": 3.33,
        "count": 3,
    }


@pytest.mark.django_db
def test_a_bad_moderation_status_changes_nothing(support):
    review = review_create(user=UserFactory(), product=make_product("Lamp"), score=5)

    support.post(
        "/dashboard/reviews/",
        {
            "action": "update_selected_review_status",
            "selected_review": [review.pk],
            "status": "x",
        },
    )

    review.refresh_from_db()
    assert review.status == ProductReview.FOR_MODERATION


@pytest.mark.django_db
def test_catalogue_manager_can_moderate_but_order_manager_cannot(
    merchandiser, order_manager
):
    assert merchandiser.get("/dashboard/reviews/").status_code == 200
    assert order_manager.get("/dashboard/reviews/").status_code == 403


@pytest.mark.django_db
def test_staff_assign_roles_and_deactivate(admin_client_, api_client):
    customer = UserFactory(password=PASSWORD)
    tokens = api_client.post(
        "/api/v1/auth/login", {"email": customer.email, "password": PASSWORD}
    ).json()
    page = admin_client_.get(f"/dashboard/users/{customer.pk}/")
    assert page.status_code == 200 and b"roles-form" in page.content

    support = Group.objects.get(name="Support")
    admin_client_.post(
        f"/dashboard/users/{customer.pk}/roles/",
        {"is_staff": "on", "roles": [support.pk]},
    )
    customer.refresh_from_db()
    assert customer.is_staff and list(customer.groups.all()) == [support]

    admin_client_.post(f"/dashboard/users/{customer.pk}/roles/", {"roles": []})
    customer.refresh_from_db()
    assert not customer.is_staff and not customer.groups.exists()

    admin_client_.post(f"/dashboard/users/{customer.pk}/active/", {"active": "0"})
    customer.refresh_from_db()
    assert not customer.is_active
    assert (
        api_client.post(
            "/api/v1/auth/refresh", {"refresh": tokens["refresh"]}
        ).status_code
        == 401
    )
    assert (
        api_client.post(
            "/api/v1/auth/login", {"email": customer.email, "password": PASSWORD}
        ).status_code
        == 401
    )


@pytest.mark.django_db
def test_support_can_see_users_but_not_change_roles_or_deactivate(support):
    customer = UserFactory()

    assert support.get(f"/dashboard/users/{customer.pk}/").status_code == 200
    assert (
        support.post(
            f"/dashboard/users/{customer.pk}/roles/", {"is_staff": "on"}
        ).status_code
        == 403
    )
    assert (
        support.post(
            f"/dashboard/users/{customer.pk}/active/", {"active": "0"}
        ).status_code
        == 403
    )
    assert (
        support.post(
            "/dashboard/users/",
            {"action": "make_inactive", "selected_user": [customer.pk]},
        ).status_code
        == 403
    )
    customer.refresh_from_db()
    assert customer.is_active and not customer.is_staff


@pytest.mark.django_db
def test_user_profile_fields_are_shown(admin_client_):
    customer = UserFactory()
    customer.profile.first_name, customer.profile.phone_number = "Grace", "+14155550100"
    customer.profile.save()

    content = admin_client_.get(f"/dashboard/users/{customer.pk}/").content

    assert b"Grace" in content and b"+14155550100" in content


@pytest.mark.django_db
def test_a_staff_user_without_role_has_every_right():
    plain = UserFactory(is_staff=True)

    assert plain.has_perm("catalogue.change_product") and plain.has_perm(
        "payments.change_payment"
    )
    assert not User.objects.get(pk=UserFactory().pk).has_perm(
        "catalogue.change_product"
    )
