"""Schemathesis sends generated requests, valid and invalid, to every
operation of the OpenAPI schema, as a customer with a basket and an order:
none may answer with a server error, and every answer (its status and its
body) must be one the schema documents."""

import contextlib

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from project.wsgi import application
from tests.conftest import bearer_client
from tests.factories import UserFactory, make_category, make_product
from tests.shopping import place_order

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@contextlib.contextmanager
def connection_kept():
    """The app is called as plain WSGI, whose request signals would close the
    test's database connection (it is inside the test's transaction); Django's
    test client disconnects them the same way around each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def customer_headers(db):
    """A customer with a product in the shop, an order and a bearer token."""
    from rest_framework_simplejwt.tokens import RefreshToken

    make_category("Lamps")
    make_product("Lamp", stock=50)
    user = UserFactory()
    place_order(bearer_client(user), {"lamp": 1})
    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


@schema.parametrize()
@hypothesis_settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_no_request_makes_a_server_error(case, customer_headers):
    with connection_kept():
        response = case.call(headers=customer_headers)

    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            response_schema_conformance,
        ],
    )
