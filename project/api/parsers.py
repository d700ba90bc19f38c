"""Request body parsers that refuse hostile input with a 4xx, never a 500.

- JSON nested deeper than MAX_JSON_DEPTH (or too deep for Python's decoder
  at all, say "[" x 5000) is a 400 parse error.
- A NUL character in any string of a JSON body or a form (keys included) is a
  400 naming the field: PostgreSQL can store or compare no NUL, so it would
  otherwise fail deep inside a query (slugs, product references, countries).
- BoundedRawBodyParser keeps the exact bytes of a body (a webhook signature is
  computed over them) and reads at most `max_bytes` of it: a longer body is a
  413 before anything, signature included, is looked at.
"""

import json

from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError

MAX_JSON_DEPTH = 32
NUL = "\x00"
NUL_MESSAGE = "Null characters are not allowed."
NUL_CODE = "null_characters_not_allowed"  # DRF's code for the same rule


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _attr(path: tuple) -> str:
    return ".".join(str(part).replace(NUL, "\\u0000") for part in path) or (
        "non_field_errors"
    )


def check_json_value(value) -> None:
    """Raise ParseError if `value` (decoded JSON) nests deeper than
    MAX_JSON_DEPTH, ValidationError naming the field if a string in it (a key
    or a value) holds a NUL. Iterative, so no input can exhaust the stack."""
    pending = [(value, (), 0)]
    while pending:
        item, path, depth = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                raise ValidationError({_attr(path): [NUL_MESSAGE]}, code=NUL_CODE)
        elif isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise ParseError(
                    f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."
                )
            if isinstance(item, dict):
                for key, child in item.items():
                    if NUL in key:
                        raise ValidationError(
                            {_attr((*path, key)): [NUL_MESSAGE]}, code=NUL_CODE
                        )
                    pending.append((child, (*path, key), depth + 1))
            else:
                pending.extend(
                    (child, (*path, index), depth + 1)
                    for index, child in enumerate(item)
                )


def check_form_data(data) -> None:
    """The same NUL rule for a form's fields (a QueryDict)."""
    for key, values in data.lists():
        for value in [key, *values]:
            if isinstance(value, str) and NUL in value:
                raise ValidationError({_attr((key,)): [NUL_MESSAGE]}, code=NUL_CODE)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        check_json_value(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_form_data(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        check_form_data(result.data)
        return result


class BoundedRawBodyParser(parsers.BaseParser):
    """The raw bytes of the body, at most `max_bytes` (64 KB) read: a longer
    one, by its Content-Length or by what arrives, is a 413. A JSON body is
    also held to the depth and NUL rules above."""

    media_type = "*/*"
    max_bytes = 64 * 1024

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            too_long = int(declared or 0) > self.max_bytes
        except ValueError:
            too_long = False
        if too_long:
            raise PayloadTooLarge(f"The body is larger than {self.max_bytes} bytes.")
        body = stream.read(self.max_bytes + 1) if stream is not None else b""
        if len(body) > self.max_bytes:
            raise PayloadTooLarge(f"The body is larger than {self.max_bytes} bytes.")
        if media_type and "json" in media_type.lower():
            self._check_json(body)
        return body

    @staticmethod
    def _check_json(body: bytes) -> None:
        try:
            data = json.loads(body)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        except ValueError:
            return  # not JSON after all: the receiver decides what that means
        check_json_value(data)
