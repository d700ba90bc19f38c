"""Assertions on the API's one error shape and on query budgets; stock
numbers; races with real threads."""

import contextlib
import threading


def assert_error(
    response, status: int, code: str | None = None, attr: str | None = None
):
    """The response has `status` and the documented error body; when given,
    one error has `code` and/or names the field `attr`."""
    assert response.status_code == status, (
        response.status_code,
        response.content[:500],
    )
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["type"] in {"validation_error", "client_error", "server_error"}
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}, error
        assert error["detail"]
    if code is not None:
        assert code in {error["code"] for error in body["errors"]}, body
    if attr is not None:
        assert attr in {error["attr"] for error in body["errors"]}, body
    return body


@contextlib.contextmanager
def max_statements(limit: int):
    """At most `limit` SQL statements in the block, not counting SAVEPOINT and
    RELEASE: inside a test's transaction Django turns each inner transaction
    into a savepoint, which a real request (BEGIN/COMMIT, not captured) does
    not issue."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        yield captured
    statements = [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(statements) <= limit, (
        f"{len(statements)} statements (at most {limit}):\n" + "\n".join(statements)
    )


def stock(product) -> tuple[int, int]:
    """(units in stock, units allocated to orders) of the product's default
    stock record."""
    from forked_apps.partner.models import StockRecord

    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated


def race(workers):
    """Run the callables at the same moment, each in its own thread (so its
    own database connection); return their results (or exceptions) in order."""
    from django.db import connection

    barrier = threading.Barrier(len(workers))
    results = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as exc:  # reported by the assertions of the test
            results[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, work)) for i, work in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
