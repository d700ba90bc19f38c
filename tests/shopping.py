"""Helpers that shop through the API, as a frontend does."""

import uuid

ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "line1": "12 St James's Square",
    "line4": "London",
    "postcode": "SW1Y 4JH",
    "country": "GB",
}


def fill_basket(client, quantities: dict[str, int]) -> None:
    for slug, quantity in quantities.items():
        response = client.post(
            "/api/v1/basket/lines/",
            {"product": slug, "quantity": quantity},
            format="json",
        )
        assert response.status_code == 201, response.content


def checkout(client, key: str | None = None, **payload):
    body = {"shipping_address": ADDRESS, **payload}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/orders/", body, format="json", **headers)


def place_order(client, quantities: dict[str, int]) -> dict:
    fill_basket(client, quantities)
    response = checkout(client, key=uuid.uuid4().hex)
    assert response.status_code == 201, response.content
    return response.json()


def pay(
    client, order_id: str, token: str = "tok_success", key: str | None = None, **extra
):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/v1/payments/",
        {"order": order_id, "provider": "sandbox", "token": token, **extra},
        format="json",
        **headers,
    )
