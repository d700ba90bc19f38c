"""Refresh rotation is atomic: of concurrent refreshes of one refresh token
exactly one succeeds (real threads on their own connections, PostgreSQL)."""

from collections import Counter

import pytest
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, requires_postgres
from tests.factories import UserFactory
from tests.orders.test_concurrency import race

pytestmark = [
    requires_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def refresh(token):
    return APIClient().post("/api/v1/auth/refresh", {"refresh": token}, format="json")


def test_of_5_concurrent_refreshes_of_one_token_exactly_one_succeeds():
    user = UserFactory(password=PASSWORD)
    tokens = (
        APIClient()
        .post(
            "/api/v1/auth/login",
            {"email": user.email, "password": PASSWORD},
            format="json",
        )
        .json()
    )

    responses = race([lambda: refresh(tokens["refresh"]) for _ in range(5)])

    statuses = Counter(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses == {200: 1, 401: 4}, statuses
    winner = next(r for r in responses if r.status_code == 200).json()
    # only the winner's new refresh token lives on
    assert refresh(winner["refresh"]).status_code == 200
    assert refresh(tokens["refresh"]).status_code == 401
