"""One error shape for the whole API (drf-standardized-errors):

    {"type": "validation_error" | "client_error" | "server_error",
     "errors": [{"code": "<machine code>", "detail": "<message>", "attr": "<field>" | null}]}

This module adds the exceptions our views raise and maps Django's own errors
into that shape, including for URLs that match no view (404) and crashes (500).
"""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_standardized_errors.handler import ExceptionHandler as BaseExceptionHandler
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework_simplejwt.exceptions import InvalidToken

from project.api.parsers import PayloadTooLarge
from project.core import exceptions as shop_exceptions


class Conflict(exceptions.APIException):
    """The request is valid but clashes with the current state (stock,
    duplicates, an illegal status change)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class ExceptionHandler(BaseExceptionHandler):
    def convert_known_exceptions(self, exc):
        if isinstance(exc, RequestDataTooBig):
            return PayloadTooLarge()
        if isinstance(exc, DjangoValidationError):
            return exceptions.ValidationError(as_serializer_error(exc))
        if isinstance(exc, shop_exceptions.ShopError):
            return _from_shop_error(exc)
        if isinstance(exc, InvalidToken):
            return _from_invalid_token(exc)
        return super().convert_known_exceptions(exc)


def _from_invalid_token(exc: InvalidToken) -> exceptions.AuthenticationFailed:
    """SimpleJWT's detail is a dict ({"detail", "code", "messages"}) that would
    come out as three errors naming fields "detail", "code" and "messages";
    it is one error: token_not_valid, with SimpleJWT's message."""
    detail = exc.detail
    message = detail.get("detail") if isinstance(detail, dict) else detail
    converted = exceptions.AuthenticationFailed(
        str(message or InvalidToken.default_detail), code="token_not_valid"
    )
    converted.auth_header = getattr(exc, "auth_header", None)
    return converted


def _from_shop_error(exc: shop_exceptions.ShopError) -> exceptions.APIException:
    if isinstance(exc, shop_exceptions.Conflict):
        return Conflict(exc.message, code=exc.code)
    if isinstance(exc, shop_exceptions.NotFound):
        return exceptions.NotFound(exc.message, code=exc.code)
    detail = {exc.field: [exc.message]} if exc.field else [exc.message]
    return exceptions.ValidationError(detail, code=exc.code)


def _error_body(error_type: str, code: str, detail: str) -> dict:
    return {
        "type": error_type,
        "errors": [{"code": code, "detail": detail, "attr": None}],
    }


@csrf_exempt  # an unknown path is a 404 for every method, never a CSRF 403
def api_not_found(request, exception=None):
    """404 for a path under /api/ that no view matches."""
    return JsonResponse(
        _error_body("client_error", "not_found", "Not found."),
        status=status.HTTP_404_NOT_FOUND,
    )


def api_server_error(request):
    """500 outside DRF's own handling (middleware, URL resolution)."""
    return JsonResponse(
        _error_body("server_error", "error", "A server error occurred."),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def api_bad_request(request, exception=None):
    return JsonResponse(
        _error_body("client_error", "bad_request", "Bad request."),
        status=status.HTTP_400_BAD_REQUEST,
    )
