"""Oscar's storefront is closed (a headless shop): every /shop/ URL is a 404,
or a redirect to the frontend's page for the same thing when FRONTEND_URL is
set; the URL names the dashboard reverses keep resolving."""

import pytest
from django.urls import reverse

from tests.factories import make_category, make_product

# One URL of every kind Oscar's storefront served.
STOREFRONT_URLS = [
    "/shop/",
    "/shop/catalogue/",
    "/shop/catalogue/desk-lamp_1/",
    "/shop/catalogue/category/lamps_1/",
    "/shop/catalogue/desk-lamp_1/reviews/add/",
    "/shop/basket/",
    "/shop/basket/add/1/",
    "/shop/checkout/",
    "/shop/checkout/preview/",
    "/shop/accounts/login/",
    "/shop/accounts/register/",
    "/shop/accounts/profile/edit/",
    "/shop/accounts/change-password/",
    "/shop/accounts/alerts/create/1/",
    "/shop/search/?q=lamp",
    "/shop/offers/",
    "/shop/wishlists/abc/",
    "/shop/password-reset/",
    "/shop/no-such-page/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", STOREFRONT_URLS)
def test_every_storefront_url_is_a_404(client, user, settings, url):
    settings.FRONTEND_URL = ""
    client.force_login(user)

    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@example.com"}).status_code == 404


@pytest.mark.django_db
def test_storefront_forms_change_nothing(client, user):
    # the profile form used to change the login email without the password
    client.force_login(user)

    client.post(
        "/shop/accounts/profile/edit/",
        {"email": "attacker@example.com", "first_name": "X"},
    )
    client.post(
        "/shop/accounts/register/",
        {
            "registration-email": "new@example.com",
            "registration-password1": "a-Long-pass-123",
            "registration-password2": "a-Long-pass-123",
        },
    )

    user.refresh_from_db()
    assert user.email != "attacker@example.com"
    assert not type(user).objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, target",
    [
        ("/shop/", "https://shop.example/"),
        ("/shop/catalogue/", "https://shop.example/products/"),
        ("/shop/catalogue/desk-lamp_7/", "https://shop.example/products/desk-lamp/"),
        (
            "/shop/catalogue/desk-lamp_7/reviews/",
            "https://shop.example/products/desk-lamp/",
        ),
        (
            "/shop/catalogue/category/home/lamps_3/",
            "https://shop.example/categories/lamps/",
        ),
        ("/shop/accounts/", "https://shop.example/account/"),
        ("/shop/accounts/orders/100023/", "https://shop.example/account/"),
    ],
)
def test_with_a_frontend_url_pages_redirect_to_the_same_thing(
    client, settings, url, target
):
    settings.FRONTEND_URL = "https://shop.example/"

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/shop/basket/", "/shop/checkout/", "/shop/search/", "/shop/nope/"]
)
def test_with_a_frontend_url_pages_it_has_not_are_still_404(client, settings, url):
    settings.FRONTEND_URL = "https://shop.example"

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_view_on_site_links_go_to_the_frontend(client, superuser, settings):
    settings.FRONTEND_URL = "https://shop.example"
    lamps = make_category("Lamps")
    product = make_product("Desk Lamp", category=lamps)
    client.force_login(superuser)

    page = client.get(f"/dashboard/catalogue/products/{product.pk}/")

    assert page.status_code == 200
    link = product.get_absolute_url()
    assert link.encode() in page.content
    assert client.get(link)["Location"] == "https://shop.example/products/desk-lamp/"
    assert (
        client.get(lamps.get_absolute_url())["Location"]
        == "https://shop.example/categories/lamps/"
    )


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("home", {}),
        ("catalogue:index", {}),
        ("catalogue:detail", {"product_slug": "a", "pk": 1}),
        ("catalogue:category", {"category_slug": "a/b", "pk": 1}),
        ("catalogue:range", {"slug": "a"}),
        ("catalogue:reviews-detail", {"product_slug": "a", "product_pk": 1, "pk": 2}),
        ("customer:summary", {}),
        ("customer:alerts-confirm", {"key": "k"}),
        ("offer:detail", {"slug": "a"}),
        ("basket:summary", {}),
        ("checkout:index", {}),
        ("search:search", {}),
        ("wishlists:detail", {"key": "k"}),
        ("password-reset-confirm", {"uidb64": "u", "token": "t"}),
    ],
)
def test_url_names_the_dashboard_and_oscar_reverse_still_resolve(name, kwargs):
    assert reverse(name, kwargs=kwargs).startswith("/shop/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/dashboard/catalogue/",
        "/dashboard/reviews/",
        "/dashboard/users/",
        "/dashboard/orders/",
    ],
)
def test_dashboard_pages_render_without_the_storefront(client, superuser, url):
    client.force_login(superuser)

    assert client.get(url).status_code == 200
