"""Assertions on the API's one error shape."""


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
