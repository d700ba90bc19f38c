"""The spec's last KPI: API response time per endpoint group, last hour and
last day, on the reports page, from the middleware's measurements."""

import time

import pytest
from django.test import Client

from project.core.observability import response_times
from tests.factories import make_product

# A moment far from now, so buckets written by other requests are not read.
LATER = 4_102_444_800.0  # 2100-01-01


def rows(summary, window: str) -> dict:
    (found,) = [w for w in summary["windows"] if w["label"] == window]
    return {row.group: row for row in found["rows"]}


@pytest.mark.django_db
def test_average_and_p95_match_a_hand_computation():
    # given 90 catalogue requests of 12 ms and 10 of 120 ms, a minute apart
    for n in range(100):
        duration = 12.0 if n < 90 else 120.0
        response_times.record("/api/v1/products/", duration, now=LATER + n % 50)

    summary = response_times.summary(now=LATER + 60)

    catalogue = rows(summary, "last hour")["catalogue"]
    assert catalogue.requests == 100
    assert catalogue.average_ms == pytest.approx((90 * 12 + 10 * 120) / 100)
    # the 95th of 100 is the 5th of the 10 in the (100, 150] ms bucket
    assert catalogue.p95_ms == pytest.approx(100 + 50 * 5 / 10)
    assert rows(summary, "last day")["catalogue"].requests == 100


@pytest.mark.django_db
def test_groups_and_windows():
    response_times.record("/api/v1/basket/lines/", 30.0, now=LATER)
    response_times.record("/api/v1/orders/", 200.0, now=LATER)
    response_times.record("/api/v1/payments/", 80.0, now=LATER)
    response_times.record("/api/v1/auth/login", 300.0, now=LATER)
    response_times.record("/dashboard/orders/", 50.0, now=LATER)
    response_times.record("/static/shop/dashboard.js", 1.0, now=LATER)  # no group
    response_times.record("/health/", 1.0, now=LATER)  # no group
    # two hours before: in the last day, not in the last hour
    response_times.record("/api/v1/basket/", 10.0, now=LATER - 2 * 3600)

    summary = response_times.summary(now=LATER + 1)

    hour, day = rows(summary, "last hour"), rows(summary, "last day")
    assert set(hour) == {"basket", "checkout", "payments", "auth", "admin"}
    assert hour["basket"].requests == 1 and day["basket"].requests == 2
    assert day["basket"].average_ms == pytest.approx(20.0)
    assert hour["checkout"].p95_ms == pytest.approx(150 + 50 * 0.95)
    # a day later nothing is left of either
    assert rows(response_times.summary(now=LATER + 26 * 3600), "last day") == {}


@pytest.mark.django_db
def test_the_reports_page_shows_response_times_of_real_requests(admin_client_):
    make_product("Lamp")
    for _ in range(3):
        Client().get("/api/v1/products/lamp/")
    Client().get("/api/v1/basket/quote")  # 405: measured too

    page = admin_client_.get("/dashboard/reports/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="response-times"' in html
    hour = rows(page.context["response_times"], "last hour")
    assert hour["catalogue"].requests >= 3
    assert hour["catalogue"].average_ms > 0 and hour["catalogue"].p95_ms > 0
    assert hour["basket"].requests >= 1
    assert f"<td>catalogue</td><td>{hour['catalogue'].requests}</td>" in html


@pytest.mark.django_db
def test_without_redis_the_figures_are_per_process_and_the_page_says_so(
    admin_client_, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    response_times.record("/api/v1/products/", 10.0, now=time.time())

    html = admin_client_.get("/dashboard/reports/").content.decode()

    assert response_times.summary()["shared"] is False
    assert "Measured by this web process only" in html


@pytest.mark.django_db
def test_with_redis_the_figures_are_shared(admin_client_, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (CI sets it)")

    html = admin_client_.get("/dashboard/reports/").content.decode()

    assert response_times.summary()["shared"] is True
    assert "Measured by every web instance and process (shared in Redis)" in html
