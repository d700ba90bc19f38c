"""The shop as an operator runs it (`make up`): nginx in front of two gunicorn
instances, a Celery worker and beat, on PostgreSQL and Redis. Real processes,
real signals: requests spread over both instances, races and login limits
that hold across them, an instance and a worker killed mid-work, a rolling
restart under load."""

import gzip
import re
import signal
import threading
import time
import uuid
from collections import Counter

import kombu
import pytest

from deploy.stack import Stack
from tests.deploy.conftest import METRICS_TOKEN

RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672//"

pytestmark = [pytest.mark.deploy]


def auth(buyer, **headers):
    return {"Authorization": f"Bearer {buyer['token']}", **headers}


ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "line1": "12 St James's Square",
    "line4": "London",
    "postcode": "SW1Y 4JH",
    "country": "GB",
}


def add_to_basket(deployment, buyer, slug, quantity=1):
    status, _, body = deployment.http().request(
        "POST",
        "/api/v1/basket/lines/",
        {"product": slug, "quantity": quantity},
        auth(buyer),
    )
    assert status == 201, body


def in_threads(work, items, threads):
    """Run work(item) for every item on `threads` threads; results in order."""
    results = [None] * len(items)
    queue = list(enumerate(items))
    lock = threading.Lock()

    def run():
        while True:
            with lock:
                if not queue:
                    return
                index, item = queue.pop(0)
            results[index] = work(item)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    return results


def metric(text, name, **labels):
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


# --- nginx in front -------------------------------------------------------------


def test_nginx_spreads_requests_over_both_instances_and_serves_files(deployment):
    http = deployment.http()
    ids = [f"spread-{n}-{uuid.uuid4().hex[:6]}" for n in range(10)]

    for request_id in ids:
        status, headers, _ = http.request(
            "GET", "/api/v1/categories/", headers={"X-Request-ID": request_id}
        )
        assert status == 200
        assert headers["X-Request-ID"] == request_id  # back to the client

    served_by = deployment.wait_until(
        lambda: (found := deployment.instance_of(ids)) and len(found) == 10 and found,
        timeout=10,
        message="every request in an instance's log",
    )
    assert Counter(served_by.values()) == {"web1": 5, "web2": 5}  # round robin
    # nginx's own access log has the same ids
    access = deployment.stack.log_dir / "nginx-access.log"
    deployment.wait_until(
        lambda: all(request_id in access.read_text() for request_id in ids),
        timeout=10,
        message="the ids in nginx's access log",
    )

    # a request without an id gets nginx's, which gunicorn returns
    _, headers, _ = http.request("GET", "/health/")
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])

    # static files come from nginx (gzip'd by whitenoise at collectstatic)
    status, headers, body = http.request(
        "GET", "/static/shop/dashboard.js", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "X-Request-ID" not in headers  # never reached gunicorn
    assert gzip.decompress(body)

    # media files too, although Django would not serve them (SERVE_MEDIA=0)
    media = deployment.stack.var_dir / "media" / "probe.txt"
    media.write_text("served by nginx")
    status, headers, body = http.request("GET", "/media/probe.txt")
    assert (status, body) == (200, b"served by nginx")
    assert "X-Request-ID" not in headers

    # JSON answers are compressed on the way out
    status, headers, body = http.request(
        "GET", "/api/v1/schema/", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"

    # nginx refuses bodies over its limit before they reach an instance
    status, _, _ = http.request(
        "POST",
        "/api/v1/products/",
        body=b"x" * (13 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
    )
    assert status == 413


# --- races and limits across instances -----------------------------------------


def test_20_buyers_racing_for_5_units_through_both_instances_get_5_orders(deployment):
    seeded = deployment.seed(products={"Race Lamp": 5}, buyers={"racer": 20})
    slug = seeded["products"]["Race Lamp"]
    buyers = seeded["buyers"]["racer"]
    for buyer in buyers:
        add_to_basket(deployment, buyer, slug)
    ids = [f"race-{n}-{uuid.uuid4().hex[:6]}" for n in range(20)]
    start = threading.Barrier(20)

    def checkout(n):
        http = deployment.http()
        start.wait()
        status, _, body = http.request(
            "POST",
            "/api/v1/orders/",
            {"shipping_address": ADDRESS},
            auth(
                buyers[n],
                **{"Idempotency-Key": uuid.uuid4().hex, "X-Request-ID": ids[n]},
            ),
        )
        return status, body

    results = in_threads(checkout, list(range(20)), threads=20)

    assert Counter(status for status, _ in results) == {201: 5, 409: 15}, results
    assert all(
        b"insufficient_stock" in body for status, body in results if status == 409
    )
    [(in_stock, allocated)] = deployment.sql(
        "SELECT s.num_in_stock, s.num_allocated FROM partner_stockrecord s "
        "JOIN catalogue_product p ON p.id = s.product_id WHERE p.slug = %s",
        slug,
    )
    assert (in_stock, allocated) == (5, 5)  # nothing left, nothing oversold
    [(orders,)] = deployment.sql(
        "SELECT count(DISTINCT l.order_id) FROM order_line l "
        "JOIN catalogue_product p ON p.id = l.product_id WHERE p.slug = %s",
        slug,
    )
    assert orders == 5
    served_by = deployment.wait_until(
        lambda: (found := deployment.instance_of(ids)) and len(found) == 20 and found,
        timeout=10,
        message="every checkout in an instance's log",
    )
    assert set(served_by.values()) == {"web1", "web2"}

    # the worker sends each confirmation, and its log line carries the id of
    # the checkout request that enqueued it (a task header)
    placed = {ids[n] for n, (status, _) in enumerate(results) if status == 201}

    def confirmations_logged():
        return {
            line["request_id"]
            for line in deployment.log_lines("worker")
            if line.get("task") == "forked_apps.order.tasks.send_order_email"
            and line.get("outcome") == "succeeded"
            and line.get("request_id") in placed
        }

    deployment.wait_until(
        lambda: confirmations_logged() == placed,
        message="the worker's log line of each confirmation, with its request id",
    )
    assert sum("is confirmed" in s for s in deployment.smtp.subjects()) == 5


def test_the_login_limit_counts_across_both_instances(deployment):
    deployment.seed(logins={"limited@example.com": "correct-Horse-battery-9"})
    attacker = deployment.http(source="127.0.0.5")  # the client IP nginx sees
    ids = [f"login-{n}-{uuid.uuid4().hex[:6]}" for n in range(11)]

    statuses = []
    for n, request_id in enumerate(ids):
        status, headers, _ = attacker.request(
            "POST",
            "/api/v1/auth/login",
            {"email": "limited@example.com", "password": f"wrong-{n}"},
            # a forged header changes nothing: nginx appends the real address
            {"X-Request-ID": request_id, "X-Forwarded-For": f"198.51.100.{n}"},
        )
        statuses.append(status)

    # 10 failures pass (alternating instances), the 11th is refused
    assert statuses == [401] * 10 + [429], statuses
    assert headers["Retry-After"]
    served_by = deployment.wait_until(
        lambda: (found := deployment.instance_of(ids)) and len(found) == 11 and found,
        timeout=10,
        message="every attempt in an instance's log",
    )
    assert set(served_by.values()) == {"web1", "web2"}
    ips = {
        line["client_ip"]
        for name in ("web1", "web2")
        for line in deployment.log_lines(name)
        if line.get("logger") == "shop.request" and line.get("request_id") in ids
    }
    assert ips == {"127.0.0.5"}  # from X-Forwarded-For, through TRUSTED_PROXY_COUNT=1
    # the owner, from another address, still logs in
    status, _, _ = deployment.http(source="127.0.0.6").request(
        "POST",
        "/api/v1/auth/login",
        {"email": "limited@example.com", "password": "correct-Horse-battery-9"},
    )
    assert status == 200


# --- failures under load -----------------------------------------------------------


def until_answered(http, method, path, body, headers, seconds=30):
    """The request, retried with the same Idempotency-Key while the shop
    cannot answer it (connection cut, 502/503, 409 while a first attempt is
    held or its payment still pending)."""
    deadline = time.monotonic() + seconds
    while True:
        status, _, content = http.request(method, path, body, headers)
        if status in (200, 201) or time.monotonic() > deadline:
            return status, content
        held = status == 409 and b"idempotency_request_in_progress" in content
        if status not in (0, 502, 503, 504) and not held:
            return status, content
        time.sleep(0.3)


def pay(deployment, buyer, order_id, key, seconds=30):
    return until_answered(
        deployment.http(),
        "POST",
        "/api/v1/payments/",
        {"order": order_id, "provider": "sandbox", "token": "tok_success"},
        auth(buyer, **{"Idempotency-Key": key + "-pay"}),
        seconds,
    )


def buy_and_pay(deployment, buyer, slug):
    """Checkout then pay, as a frontend would."""
    http = deployment.http()
    key = uuid.uuid4().hex

    # adding to the basket is no idempotent request: after a cut answer the
    # frontend looks at the basket before adding again
    while True:
        status, _, content = http.request(
            "POST",
            "/api/v1/basket/lines/",
            {"product": slug, "quantity": 1},
            auth(buyer),
        )
        if status == 201:
            break
        assert status in (0, 502, 503, 504), content
        time.sleep(0.3)
        status, _, content = http.request("GET", "/api/v1/basket/", headers=auth(buyer))
        if status == 200 and slug.encode() in content:
            break
    status, content = until_answered(
        http,
        "POST",
        "/api/v1/orders/",
        {"shipping_address": ADDRESS},
        auth(buyer, **{"Idempotency-Key": key}),
    )
    if status != 201:
        return ("order", status, content, key)
    order_id = re.search(rb'"id":\s*"([0-9a-f-]{36})"', content).group(1).decode()
    status, content = pay(deployment, buyer, order_id, key)
    return ("paid" if status in (200, 201) else "payment", status, order_id, key)


def test_a_web_instance_killed_mid_checkout_loses_nothing(deployment):
    seeded = deployment.seed(products={"Crash Lamp": 40}, buyers={"crash": 24})
    slug = seeded["products"]["Crash Lamp"]
    buyers = seeded["buyers"]["crash"]
    killed = threading.Event()

    def kill_when_busy():
        # once the load is on, web1's master and workers die at once
        deployment.wait_until(
            lambda: (
                deployment.sql(
                    "SELECT count(*) FROM order_line l JOIN catalogue_product p "
                    "ON p.id = l.product_id WHERE p.slug = %s",
                    slug,
                )[0][0]
                >= 6
            ),
            timeout=120,
            interval=0.05,
            message="checkouts under way",
        )
        deployment.stack.signal("web1", signal.SIGKILL, group=True)
        killed.set()

    killer = threading.Thread(target=kill_when_busy)
    killer.start()
    outcomes = in_threads(lambda b: buy_and_pay(deployment, b, slug), buyers, threads=6)
    killer.join()
    assert killed.is_set()
    deployment.stack.start_process("web1")  # back for the next tests
    deployment.stack.wait_for(
        f"http://127.0.0.1:{deployment.stack.web_ports[0]}/health/", 60
    )

    # every buyer got an order; a payment cut mid-way stays pending (409 to
    # the retries) until reconciliation, run by the worker as beat would,
    # settles it with the provider's books; then the buyer's retry pays
    assert all(outcome != "order" for outcome, *_ in outcomes), outcomes
    reconciled = deployment.run_task(
        "project.workflows.tasks.reconcile_recent_payments"
    )
    assert reconciled["outcome"] == "succeeded"
    for n, (outcome, _, order_id, key) in enumerate(outcomes):
        if outcome == "payment":
            status, content = pay(deployment, buyers[n], order_id, key)
            # paid now, or reconciliation found the charge and settled it
            settled = status == 409 and b"a succeeded payment" in content
            assert status in (200, 201) or settled, content
            outcomes[n] = ("paid", status, order_id, key)
    assert Counter(outcome for outcome, *_ in outcomes) == {"paid": 24}, outcomes
    # no half order: one line each, stock + sold = initial stock
    rows = deployment.sql(
        "SELECT o.number, o.status, count(l.id), sum(l.quantity) FROM order_order o "
        "JOIN order_line l ON l.order_id = o.id JOIN catalogue_product p "
        "ON p.id = l.product_id WHERE p.slug = %s GROUP BY o.number, o.status",
        slug,
    )
    assert len(rows) == 24  # one order per buyer: retries replayed, not repeated
    assert all(lines == 1 and quantity == 1 for _, _, lines, quantity in rows)
    assert {status for _, status, _, _ in rows} == {"paid"}
    [(in_stock, allocated)] = deployment.sql(
        "SELECT s.num_in_stock, s.num_allocated FROM partner_stockrecord s "
        "JOIN catalogue_product p ON p.id = s.product_id WHERE p.slug = %s",
        slug,
    )
    assert in_stock == 40 and allocated == 24
    assert (in_stock - allocated) + 24 == 40
    # one charge per order at the provider: nothing paid twice
    numbers = {number for number, _, _, _ in rows}
    charges = deployment.sql(
        "SELECT metadata->>'order_number', count(*) FROM payments_sandboxcharge "
        "WHERE status = 'succeeded' GROUP BY 1"
    )
    charged = {number: count for number, count in charges if number in numbers}
    assert charged == dict.fromkeys(numbers, 1)

    # and every customer gets one confirmation and one "paid" email
    def emails():
        subjects = deployment.smtp.subjects()
        return {
            number: (
                sum(f"{number} is confirmed" in s for s in subjects),
                sum(f"{number} is now paid" in s for s in subjects),
            )
            for number in numbers
        }

    deployment.wait_until(
        lambda: all(sent == (1, 1) for sent in emails().values()),
        message="one confirmation and one paid email per order",
    )


def test_a_worker_killed_mid_task_leaves_the_task_to_run_again(deployment):
    seeded = deployment.seed(products={"Worker Lamp": 5}, buyers={"patient": 1})
    buyer = seeded["buyers"]["patient"][0]
    smtp = deployment.smtp
    smtp.held.clear()
    smtp.hold.set()  # the mail server stops answering mid-conversation
    add_to_basket(deployment, buyer, seeded["products"]["Worker Lamp"])
    status, _, body = deployment.http().request(
        "POST", "/api/v1/orders/", {"shipping_address": ADDRESS}, auth(buyer)
    )
    assert status == 201
    number = re.search(rb'"number":\s*"([^"]+)"', body).group(1).decode()

    deployment.wait_until(smtp.held.is_set, message="the email task mid-send")
    deployment.stack.signal("worker", signal.SIGKILL, group=True)  # pool too
    smtp.hold.clear()
    time.sleep(1)
    assert not any(number in s for s in smtp.subjects())  # it never got through
    deployment.stack.start_process("worker")

    # the message was never acknowledged: it comes back to the new worker
    deployment.wait_until(
        lambda: any(f"{number} is confirmed" in s for s in smtp.subjects()),
        timeout=90,
        message="the confirmation sent by the restarted worker",
    )
    time.sleep(2)
    assert sum(f"{number} is confirmed" in s for s in smtp.subjects()) == 1
    [(recorded,)] = deployment.sql(
        "SELECT count(*) FROM effects_sideeffect e JOIN order_order o "
        "ON e.key = 'order-email:' || o.id || ':placed' WHERE o.number = %s",
        number,
    )
    assert recorded == 1


def test_a_worker_on_rabbitmq_killed_mid_task_gets_the_task_back(deployment, tmp_path):
    # a second worker, on RabbitMQ, with a queue of its own
    queue = f"deploy-tests-rabbitmq-{uuid.uuid4().hex[:8]}"
    rabbit = Stack(
        var_dir=tmp_path,
        web_ports=[],
        env_overrides={
            **deployment.stack.env_overrides,
            "CELERY_BROKER_URL": RABBITMQ_URL,
            "CELERY_QUEUE": queue,
        },
    )
    [(order_pk, number)] = deployment.sql(
        "SELECT id, number FROM order_order WHERE status = 'pending' "
        "ORDER BY id DESC LIMIT 1"
    )
    smtp = deployment.smtp
    try:
        rabbit.start_process("worker")
        # a task it runs, start to end
        task_id = deployment.send_task(
            "project.workflows.tasks.cancel_unpaid_orders", stack=rabbit
        )
        outcome = deployment.task_outcome(task_id, stack=rabbit)
        assert outcome["outcome"] == "succeeded"
        assert "rabbitmq" not in (deployment.stack.log_dir / "worker.log").read_text()

        # a task it is killed in the middle of: RabbitMQ hands it to the
        # next worker as soon as the dead one's connection is gone
        smtp.held.clear()
        smtp.hold.set()
        task_id = deployment.send_task(
            "forked_apps.order.tasks.send_order_email",
            [order_pk, "status"],
            stack=rabbit,
        )
        deployment.wait_until(smtp.held.is_set, message="the email task mid-send")
        rabbit.signal("worker", signal.SIGKILL, group=True)
        smtp.hold.clear()
        rabbit.start_process("worker")
        deployment.wait_until(
            lambda: any(f"{number} is now pending" in s for s in smtp.subjects()),
            timeout=60,
            message="the email sent by the worker that took over",
        )
        assert deployment.task_outcome(task_id, stack=rabbit)["outcome"] == "succeeded"
        assert sum(f"{number} is now pending" in s for s in smtp.subjects()) == 1
    finally:
        smtp.hold.clear()
        rabbit.stop_process("worker")
        with kombu.Connection(RABBITMQ_URL) as conn:
            conn.default_channel.queue_delete(queue)


def test_a_rolling_restart_under_load_drops_no_request(deployment):
    seeded = deployment.seed(products={"Steady Lamp": 1000}, buyers={"steady": 4})
    slug = seeded["products"]["Steady Lamp"]
    buyers = seeded["buyers"]["steady"]
    stop = threading.Event()
    results = Counter()
    lock = threading.Lock()

    def load(buyer):
        http = deployment.http()
        n = 0
        while not stop.is_set():
            n += 1
            if n % 3:
                status, _, _ = http.request("GET", f"/api/v1/products/{slug}/")
            else:  # a write that is not idempotent
                status, _, _ = http.request(
                    "POST",
                    "/api/v1/basket/lines/",
                    {"product": slug, "quantity": 1},
                    auth(buyer),
                )
                status = 200 if status == 201 else status
            with lock:
                results[status] += 1

    def boots(name):
        return (
            (deployment.stack.log_dir / f"{name}.log")
            .read_text()
            .count("Booting worker")
        )

    before = {name: boots(name) for name in ("web1", "web2")}
    threads = [threading.Thread(target=load, args=(b,)) for b in buyers]
    for thread in threads:
        thread.start()
    time.sleep(2)
    deployment.stack.signal("web1", signal.SIGHUP)
    time.sleep(3)
    deployment.stack.signal("web2", signal.SIGHUP)
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    assert set(results) == {200}, results  # not one error or cut connection
    assert sum(results.values()) > 50
    for name in ("web1", "web2"):  # every worker of both was replaced
        assert boots(name) >= before[name] + 2, name


# --- beat, metrics, the report -----------------------------------------------------


def test_beat_cancels_an_unpaid_order_through_the_worker(deployment):
    seeded = deployment.seed(products={"Late Lamp": 3}, buyers={"late": 1})
    buyer = seeded["buyers"]["late"][0]
    add_to_basket(deployment, buyer, seeded["products"]["Late Lamp"], quantity=2)
    status, _, body = deployment.http().request(
        "POST", "/api/v1/orders/", {"shipping_address": ADDRESS}, auth(buyer)
    )
    assert status == 201
    number = re.search(rb'"number":\s*"([^"]+)"', body).group(1).decode()

    # placed two hours ago and never paid
    deployment.sql(
        "UPDATE order_order SET date_placed = now() - interval '2 hours' "
        "WHERE number = %s",
        number,
    )

    deployment.wait_until(
        lambda: (
            deployment.sql("SELECT status FROM order_order WHERE number = %s", number)
            == [("cancelled",)]
        ),
        timeout=60,
        message="beat's cancel_unpaid_orders to cancel the order",
    )
    [(allocated,)] = deployment.sql(
        "SELECT s.num_allocated FROM partner_stockrecord s JOIN catalogue_product p "
        "ON p.id = s.product_id WHERE p.title = 'Late Lamp'"
    )
    assert allocated == 0  # the stock is back


def test_metrics_add_up_every_process_of_both_instances_and_the_worker(deployment):
    http = deployment.http()

    assert http.request("GET", "/metrics")[0] == 401
    texts = []
    for _ in range(2):  # one scrape per instance (round robin)
        status, _, body = http.request(
            "GET", "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
        )
        assert status == 200
        texts.append(body.decode())

    for text in texts:  # both instances report the same host-wide totals
        # the race's 5 orders, whichever worker of whichever instance took them
        assert (
            metric(
                text, "shop_http_requests_total", route="api:order-list", status="201"
            )
            >= 5 + 24
        )
        assert (
            metric(
                text, "shop_http_requests_total", route="api:order-list", status="409"
            )
            >= 15
        )
        assert (
            metric(
                text,
                "shop_celery_tasks_total",
                task="forked_apps.order.tasks.send_order_email",
                outcome="succeeded",
            )
            >= 5
        )
        assert metric(text, "shop_db_queries_total") > 0
        assert "shop_http_request_duration_seconds_bucket" in text


def test_the_reports_page_shows_response_times_from_every_instance(deployment):
    seeded = deployment.seed(staff=True)

    status, _, body = deployment.http().request(
        "GET",
        "/dashboard/reports/",
        headers={"Cookie": f"sessionid={seeded['staff_session']}"},
    )

    assert status == 200
    html = body.decode()
    assert "shared in Redis" in html
    checkout = re.search(
        r"<td>checkout</td><td>(\d+)</td><td>([\d.]+)</td><td>([\d.]+)</td>", html
    )
    assert checkout, html[html.find('id="response-times"') :][:2000]
    # every checkout of the earlier tests, through both instances
    assert int(checkout.group(1)) >= 20 + 24
    assert float(checkout.group(2)) > 0 and float(checkout.group(3)) > 0
