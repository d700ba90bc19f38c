"""What an operator sees of a request: its id, its JSON log line, /metrics,
and /health/ready naming what is down."""

import io
import json
import logging
import re

import pytest
from django.test import Client

from project.celery import app as celery_app
from project.core.observability.logs import ContextFilter, JsonFormatter
from tests.conftest import bearer_client
from tests.factories import make_product
from tests.shopping import place_order


def metric_value(text: str, name: str, **labels) -> float:
    """The sample `name{labels}` of a Prometheus exposition (0 if absent)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def scrape(client=None, **headers) -> str:
    response = (client or Client()).get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


# --- X-Request-ID ------------------------------------------------------------


@pytest.mark.django_db
def test_a_clients_request_id_comes_back():
    response = Client().get("/health/", HTTP_X_REQUEST_ID="edge-1234.abc")

    assert response["X-Request-ID"] == "edge-1234.abc"


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one_each_time():
    first = Client().get("/health/")["X-Request-ID"]
    second = Client().get("/api/v1/nowhere/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


@pytest.mark.django_db
def test_a_hostile_request_id_is_cleaned_and_cut():
    hostile = 'abc"\t<script>{"level":"ERROR"}' + "x" * 500

    returned = Client().get("/health/", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]

    assert re.fullmatch(r"[A-Za-z0-9._:@+=/-]{1,64}", returned)
    assert returned.startswith("abcscriptlevel:ERROR")
    only_junk = Client().get("/health/", HTTP_X_REQUEST_ID='"" <>')["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", only_junk)  # nothing usable: a new one


# --- the request's JSON log line ------------------------------------------------


@pytest.fixture
def json_log():
    """The JSON lines the root logger writes while the test runs (the
    console handler's filter and formatter, into a buffer)."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)

    def lines(logger=None) -> list[dict]:
        parsed = [json.loads(line) for line in buffer.getvalue().splitlines()]
        return [line for line in parsed if logger in (None, line["logger"])]

    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_who_what_and_how_long(
    json_log, user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    make_product("Lamp")
    client = bearer_client(user)

    client.get(
        "/api/v1/basket/",
        HTTP_X_REQUEST_ID="req-basket-1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    lines = json_log("shop.request")
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/basket/"
    assert line["route"] == "api:basket"
    assert line["status"] == 200
    assert line["user_id"] == user.pk  # the bearer token's user
    assert line["request_id"] == "req-basket-1"
    assert line["client_ip"] == "203.0.113.9"  # one trusted proxy in front
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["db_queries"] > 0
    assert line["level"] == "INFO" and line["logger"] == "shop.request"


@pytest.mark.django_db
def test_an_anonymous_request_logs_no_user_and_loads_none(json_log):
    Client().get("/health/")

    (line,) = json_log("shop.request")
    assert line["user_id"] is None
    assert line["db_queries"] == 1  # SELECT 1: no session or user read for the log


@pytest.mark.django_db
def test_log_lines_written_during_a_request_carry_its_id(json_log, staff_client):
    make_product("Lamp")

    # Django logs the 404 as a warning of its own
    staff_client.get("/api/v1/products/no-such-lamp/", HTTP_X_REQUEST_ID="trace-7")

    lines = json_log()
    assert {line["logger"] for line in lines} >= {"shop.request", "django.request"}
    assert all(line["request_id"] == "trace-7" for line in lines), lines


# --- /metrics --------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_count_requests_by_route_name_and_status_with_latency_and_queries():
    make_product("Lamp")
    before = scrape()

    for _ in range(3):
        Client().get("/api/v1/products/lamp/")
    Client().get("/api/v1/products/no-such-lamp/")

    after = scrape()
    route = {"route": "api:product-detail", "method": "GET"}
    ok = metric_value(after, "shop_http_requests_total", status="200", **route)
    assert (
        ok - metric_value(before, "shop_http_requests_total", status="200", **route)
        == 3
    )
    missing = metric_value(after, "shop_http_requests_total", status="404", **route)
    assert (
        missing
        - metric_value(before, "shop_http_requests_total", status="404", **route)
        == 1
    )
    # the raw path is never a label
    assert "no-such-lamp" not in after
    count = "shop_http_request_duration_seconds_count"
    assert (
        metric_value(after, count, status="200", **route)
        - metric_value(before, count, status="200", **route)
        == 3
    )
    assert (
        metric_value(
            after,
            "shop_http_request_duration_seconds_bucket",
            le="+Inf",
            status="200",
            **route,
        )
        >= 3
    )
    assert metric_value(after, "shop_db_queries_total", alias="default") > metric_value(
        before, "shop_db_queries_total", alias="default"
    )
    assert (
        metric_value(
            after, "shop_http_request_db_queries_count", route="api:product-detail"
        )
        - metric_value(
            before, "shop_http_request_db_queries_count", route="api:product-detail"
        )
        == 4
    )


@pytest.mark.django_db
def test_metrics_count_celery_task_outcomes(user, django_capture_on_commit_callbacks):
    make_product("Lamp", stock=3)
    before = scrape()

    with django_capture_on_commit_callbacks(execute=True):  # email and counters
        place_order(bearer_client(user), {"lamp": 1})

    after = scrape()
    for task in (
        "forked_apps.order.tasks.send_order_email",
        "forked_apps.order.tasks.record_order_analytics",
    ):
        labels = {"task": task, "outcome": "succeeded"}
        assert (
            metric_value(after, "shop_celery_tasks_total", **labels)
            - metric_value(before, "shop_celery_tasks_total", **labels)
            == 1
        ), task


@pytest.mark.django_db
def test_metrics_need_the_bearer_token_when_one_is_set(settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"

    assert Client().get("/metrics").status_code == 401
    wrong = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")
    assert "shop_http" not in wrong.content.decode()
    text = scrape(HTTP_AUTHORIZATION="Bearer s3cret-metrics-token")
    assert "shop_http_requests_total" in text


# --- /health/ready -------------------------------------------------------------


@pytest.fixture
def broker(request):
    """Celery configured with a real broker URL (not inline) for one test."""
    saved = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)

    def use(url):
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = url

    yield use
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved


@pytest.mark.django_db
def test_ready_checks_database_cache_and_broker(broker):
    broker("amqp://guest:guest@127.0.0.1:5672//")  # RabbitMQ on this machine

    response = Client().get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


@pytest.mark.django_db
def test_ready_says_tasks_run_inline_without_a_broker():
    response = Client().get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "inline"


@pytest.mark.django_db
def test_ready_is_503_naming_the_broker_when_it_is_down(broker):
    broker("redis://127.0.0.1:1/0")  # nobody listens there

    response = Client().get("/health/ready/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "ok", "broker": "unavailable"},
        "failed": ["broker"],
    }
    # liveness does not depend on the broker
    assert Client().get("/health/").status_code == 200


@pytest.mark.django_db
def test_ready_is_503_naming_the_cache_when_it_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = Client().get("/health/ready")

    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]
    assert response.json()["checks"]["database"] == "ok"
