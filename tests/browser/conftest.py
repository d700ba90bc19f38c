"""Browser tests: Debian's Chromium driven by Playwright against a live
server (CHROMIUM_PATH to use another Chromium)."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
# `make docs-images` sets DOCS_SCREENSHOTS: the journeys' screenshots that the
# documentation shows are then written into docs/images/ too (and committed).
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)

requires_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"Chromium not found at {CHROMIUM} (apt install chromium); .ci/run installs it",
)


def screenshot(page, name: str, docs: str | None = None) -> None:
    """Save a full-page screenshot to tests/artifacts/<name>.png; with
    DOCS_SCREENSHOTS set, also to docs/images/<docs>.jpg."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    if docs and os.environ.get("DOCS_SCREENSHOTS"):
        target = DOCS_IMAGES / f"{docs}.jpg"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True, type="jpeg", quality=70)


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(live_server, chromium):
    page = chromium.new_page(
        viewport={"width": 1400, "height": 1000}, base_url=live_server.url
    )
    page.set_default_timeout(15_000)
    return page
