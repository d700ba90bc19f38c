"""The caller's profile and address book."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forked_apps.address.models import UserAddress
from tests.conftest import bearer_client
from tests.factories import UserFactory
from tests.helpers import assert_error
from tests.shopping import ADDRESS as SHOPPING_ADDRESS


def png_file(name="avatar.png", size=(32, 32)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# --- profile ----------------------------------------------------------------


@pytest.mark.django_db
def test_profile_shows_the_callers_profile(user_client, user):
    response = user_client.get("/api/v1/profile/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(user.profile.id)
    assert body["user_id"] == str(user.uuid)
    assert body["email"] == user.email
    assert body["visibility"] == "public"
    assert body["avatar"] is None


@pytest.mark.django_db
def test_profile_patch_changes_own_fields(user_client, user):
    response = user_client.patch(
        "/api/v1/profile/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "phone_number": "+442071838750",
            "visibility": "private",
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    user.profile.refresh_from_db()
    assert user.profile.first_name == "Ada"
    assert str(user.profile.phone_number) == "+442071838750"
    assert user.profile.visibility == "private"
    assert response.json()["phone_number"] == "+442071838750"


@pytest.mark.django_db
def test_profile_patch_cannot_escalate_or_change_email(user_client, user):
    other = UserFactory()
    response = user_client.patch(
        "/api/v1/profile/",
        {
            "email": "hijack@example.com",
            "is_staff": True,
            "is_superuser": True,
            "groups": [1],
            "id": str(other.profile.id),
            "user_id": str(other.uuid),
            "first_name": "Mine",
        },
        format="json",
    )

    assert response.status_code == 200
    user.refresh_from_db()
    other.profile.refresh_from_db()
    assert user.email != "hijack@example.com"
    assert not user.is_staff and not user.is_superuser
    assert not user.groups.exists()
    assert user.profile.first_name == "Mine"
    assert other.profile.first_name == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field",
    [
        ({"phone_number": "12345"}, "phone_number"),
        ({"phone_number": "not a phone"}, "phone_number"),
        ({"visibility": "friends"}, "visibility"),
        ({"first_name": "x" * 151}, "first_name"),
    ],
)
def test_profile_patch_bad_input(user_client, user, payload, field):
    assert_error(
        user_client.patch("/api/v1/profile/", payload, format="json"), 400, attr=field
    )


@pytest.mark.django_db
def test_profile_avatar_upload(user_client, user):
    response = user_client.patch(
        "/api/v1/profile/", {"avatar": png_file()}, format="multipart"
    )

    assert response.status_code == 200, response.content
    assert response.json()["avatar"].startswith("http://testserver/media/avatars/")
    user.profile.refresh_from_db()
    assert user.profile.avatar.name.endswith(".png")


@pytest.mark.django_db
def test_profile_avatar_that_is_not_an_image_is_400(user_client, user):
    fake = SimpleUploadedFile(
        "avatar.jpg", b"just some text", content_type="image/jpeg"
    )

    response = user_client.patch(
        "/api/v1/profile/", {"avatar": fake}, format="multipart"
    )

    assert_error(response, 400, attr="avatar")
    user.profile.refresh_from_db()
    assert not user.profile.avatar


@pytest.mark.django_db
def test_profile_avatar_too_large_is_refused(user_client, user, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 100

    response = user_client.patch(
        "/api/v1/profile/", {"avatar": png_file(size=(200, 200))}, format="multipart"
    )

    assert_error(response, 400, attr="avatar")


@pytest.mark.django_db
def test_profile_gif_avatar_is_refused(user_client, user):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "GIF")
    gif = SimpleUploadedFile("a.gif", buffer.getvalue(), content_type="image/gif")

    assert_error(
        user_client.patch("/api/v1/profile/", {"avatar": gif}, format="multipart"),
        400,
        attr="avatar",
    )


@pytest.mark.django_db
def test_profile_needs_authentication(api_client):
    assert_error(api_client.get("/api/v1/profile/"), 401)


@pytest.mark.django_db
def test_profile_put_is_405(user_client):
    assert_error(
        user_client.put("/api/v1/profile/", {}, format="json"),
        405,
        code="method_not_allowed",
    )


# --- addresses --------------------------------------------------------------

ADDRESS = {**SHOPPING_ADDRESS, "phone_number": "+442071838750"}


@pytest.mark.django_db
def test_address_book_crud(user_client, user):
    created = user_client.post("/api/v1/addresses/", ADDRESS, format="json")
    assert created.status_code == 201, created.content
    address_id = created.json()["id"]
    assert created.json()["country"] == "GB"

    listed = user_client.get("/api/v1/addresses/").json()
    assert [a["id"] for a in listed["results"]] == [address_id]

    patched = user_client.patch(
        f"/api/v1/addresses/{address_id}/", {"line1": "1 Main St"}, format="json"
    )
    assert patched.status_code == 200
    assert UserAddress.objects.get(uuid=address_id).line1 == "1 Main St"

    assert (
        user_client.get(f"/api/v1/addresses/{address_id}/").json()["line1"]
        == "1 Main St"
    )
    assert user_client.delete(f"/api/v1/addresses/{address_id}/").status_code == 204
    assert not UserAddress.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_another_users_address_is_404(user_client):
    stranger = UserFactory()
    other = (
        bearer_client(stranger)
        .post("/api/v1/addresses/", ADDRESS, format="json")
        .json()
    )

    for method in ("get", "patch", "delete"):
        response = getattr(user_client, method)(
            f"/api/v1/addresses/{other['id']}/", {}, format="json"
        )
        assert_error(response, 404, code="not_found")
    assert UserAddress.objects.filter(uuid=other["id"], line1=ADDRESS["line1"]).exists()
    assert user_client.get("/api/v1/addresses/").json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"country": "XX"}, "country"),
        ({"country": ""}, "country"),
        ({"postcode": "NOT A CODE"}, "postcode"),
        ({"line1": ""}, "line1"),
        ({"first_name": None}, "first_name"),
    ],
)
def test_address_bad_input_is_400(user_client, change, field):
    response = user_client.post(
        "/api/v1/addresses/", {**ADDRESS, **change}, format="json"
    )

    assert_error(response, 400, attr=field)
    assert not UserAddress.objects.exists()


@pytest.mark.django_db
def test_address_lowercase_country_code_is_accepted(user_client):
    response = user_client.post(
        "/api/v1/addresses/", {**ADDRESS, "country": "gb"}, format="json"
    )

    assert response.status_code == 201


@pytest.mark.django_db
def test_the_same_address_twice_is_409(user_client):
    assert (
        user_client.post("/api/v1/addresses/", ADDRESS, format="json").status_code
        == 201
    )

    response = user_client.post("/api/v1/addresses/", ADDRESS, format="json")

    assert_error(response, 409, code="duplicate_address")
    assert UserAddress.objects.count() == 1


@pytest.mark.django_db
def test_addresses_need_authentication(api_client):
    assert_error(api_client.get("/api/v1/addresses/"), 401)
    assert_error(api_client.post("/api/v1/addresses/", ADDRESS, format="json"), 401)
