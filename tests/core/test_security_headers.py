"""Security headers: a Content-Security-Policy on every HTML page (nothing
from another host, never framed, no plugins, base-uri 'self'), default-src
'none' on API responses, Referrer-Policy same-origin; and no page names a
third-party host for the browser to call."""

import re

import pytest

HTML_PAGES = [
    "/dashboard/login/",
    "/cms/login/",
    "/admin/login/",
    "/api/v1/docs/",
    "/api/v1/redoc/",
    "/",
]
BACK_OFFICE_PAGES = ["/dashboard/", "/dashboard/catalogue/", "/cms/", "/admin/"]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(policy: dict[str, list[str]]) -> None:
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    for name, values in policy.items():
        for value in values:
            # our origin, keywords, nonces, hashes, data: and blob: only
            assert re.fullmatch(
                r"'[a-z-]+'|'(nonce|sha256)-[^']+'|data:|blob:", value
            ), (
                name,
                value,
            )


@pytest.mark.django_db
@pytest.mark.parametrize("url", HTML_PAGES)
def test_every_html_page_has_a_strict_policy(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert_strict(directives(response))
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("url", BACK_OFFICE_PAGES)
def test_back_office_pages_have_a_strict_policy(client, superuser, url):
    client.force_login(superuser)

    response = client.get(url)

    assert response.status_code == 200
    assert_strict(directives(response))


@pytest.mark.django_db
def test_the_dashboard_runs_no_inline_script_but_its_own(client, superuser):
    client.force_login(superuser)

    response = client.get("/dashboard/")

    script_src = directives(response)["script-src"]
    assert "'unsafe-inline'" not in script_src
    nonce = next(v for v in script_src if v.startswith("'nonce-"))[7:-1]
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts and all(
        f'nonce="{nonce}"' in attrs or "application/json" in attrs
        for attrs in inline_scripts
    ), inline_scripts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/products/", "/api/v1/schema/", "/api/v1/nowhere/", "/health/"]
)
def test_api_responses_load_nothing(client, url):
    response = client.get(url)

    if url.startswith("/api/"):
        assert directives(response)["default-src"] == ["'none'"]
        assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_a_wagtail_preview_may_be_framed_by_our_admin_only(rf):
    from django.http import HttpResponse
    from django.views.decorators.clickjacking import xframe_options_sameorigin

    from project.core.csp import ContentSecurityPolicyMiddleware

    view = xframe_options_sameorigin(lambda request: HttpResponse("<p>preview</p>"))
    request = rf.get("/cms/pages/3/edit/preview/")
    middleware = ContentSecurityPolicyMiddleware(view)

    response = middleware(request)

    assert directives(response)["frame-ancestors"] == ["'self'"]


# --- no third-party host -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/dashboard/", "/dashboard/catalogue/", "/api/v1/docs/", "/api/v1/redoc/"]
)
def test_pages_name_no_third_party_host(client, superuser, url):
    client.force_login(superuser)

    html = client.get(url).content.decode()

    assert "googleapis.com" not in html and "gstatic.com" not in html
    assert not re.search(r"""(src|href)=["']https?://""", html), url


@pytest.mark.django_db
def test_the_redoc_bundle_asks_for_no_logo_elsewhere(client):
    response = client.get("/api/v1/redoc/redoc.standalone.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"cdn.redoc.ly" not in response.content
    assert b"Redoc" in response.content


def test_wagtail_neither_checks_for_updates_nor_asks_gravatar(settings):
    from wagtail.users.utils import get_gravatar_url

    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert get_gravatar_url("editor@example.com") is None
