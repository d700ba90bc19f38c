"""The developer documentation works offline: built with `mkdocs build
--strict` (as `make docs` does) and opened from the file system in Chromium,
its pages render their Mermaid diagrams and its search answers, and not one
request leaves the site: no web fonts, no CDN."""

from pathlib import Path

import pytest

from tests.browser.conftest import requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tmp_path_factory.mktemp("site")
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True))
    return site_dir


def test_the_docs_render_diagrams_and_search_with_nothing_from_another_host(
    chromium, site
):
    page = chromium.new_page()
    page.set_default_timeout(15_000)
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    # the authentication page's sequence diagrams are drawn by the local
    # Mermaid (Material draws each into a closed shadow root: an undrawn one
    # is an empty box)
    page.goto((site / "authentication.html").as_uri())
    diagrams = page.locator(".mermaid")
    assert diagrams.count() == 4
    page.wait_for_function(
        "[...document.querySelectorAll('.mermaid')]"
        ".every(d => d.getBoundingClientRect().height > 200)"
    )

    # the code tabs switch between curl, JavaScript and Python
    page.locator(".tabbed-labels label", has_text="Python").first.click()
    assert "import requests" in page.locator(".tabbed-block:visible").first.inner_text()

    # search works from the file system (the index is inlined)
    page.fill("input[data-md-component=search-query]", "Idempotency")
    page.wait_for_selector(".md-search-result__item")

    outside = [url for url in requests if not url.startswith(("file://", "data:"))]
    assert outside == []
    assert errors == []
