"""Every operation of the OpenAPI schema shows an example (Swagger UI and
ReDoc display them; code generated from the schema relies on them), and
every example is true to the schema it illustrates: the right fields, the
right types, nothing the serializer does not have."""

import copy

import pytest
from jsonschema import Draft202012Validator
from rest_framework import exceptions

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
# drf-standardized-errors adds an example of each generic error (named after
# DRF's exception classes) to every operation; those do not count as ours.
GENERIC = {
    name
    for name, value in vars(exceptions).items()
    if isinstance(value, type) and issubclass(value, exceptions.APIException)
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def _json_schema(node):
    """OpenAPI 3.0's dialect to JSON Schema: `nullable`, and objects closed to
    fields the schema does not name (so an example cannot invent one)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def _validator(schema, target):
    root = {"components": _json_schema(copy.deepcopy(schema["components"]))}
    return Draft202012Validator({**_json_schema(target), **root})


def test_every_operation_has_examples_of_its_own(schema):
    missing = []
    for name, operation in _operations(schema):
        ours = []
        body = operation.get("requestBody", {}).get("content", {})
        main = body.get("application/json") or body.get("multipart/form-data")
        if main is not None:
            if not main.get("examples"):
                missing.append(f"{name}: request body")
            ours += list(main.get("examples", {}))
        for status, response in operation["responses"].items():
            for media in response.get("content", {}).values():
                examples = list(media.get("examples", {}))
                if status.startswith("2") and not examples:
                    missing.append(f"{name}: {status} response")
                ours += [example for example in examples if example not in GENERIC]
        if not ours:
            missing.append(f"{name}: no example but the generic errors")
    assert not missing, "\n".join(missing)


def test_every_example_fits_its_schema(schema):
    checked, wrong = 0, []
    for name, operation in _operations(schema):
        places = [
            (f"{name} request {media_type}", media)
            for media_type, media in operation.get("requestBody", {})
            .get("content", {})
            .items()
        ] + [
            (f"{name} {status}", media)
            for status, response in operation["responses"].items()
            for media in response.get("content", {}).values()
        ]
        for where, media in places:
            validator = _validator(schema, media["schema"])
            for example_name, example in media.get("examples", {}).items():
                checked += 1
                for error in validator.iter_errors(example["value"]):
                    path = "/".join(map(str, error.absolute_path))
                    wrong.append(f"{where} {example_name} at {path}: {error.message}")
    assert checked > 100
    assert not wrong, "\n".join(wrong)
