"""Schema pieces for the API's one error shape, documented as it is:
{"type", "errors": [{"code", "detail", "attr"}]} for every error status, with
machine codes as open strings (services add their own, e.g.
insufficient_stock, idempotency_key_reused). drf-standardized-errors decides
which statuses each operation documents; ERROR_SCHEMAS points it here."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

ERROR_TYPES = ["validation_error", "client_error", "server_error"]


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="Machine code, e.g. required, not_found, insufficient_stock"
    )
    detail = serializers.CharField(help_text="Human-readable message")
    attr = serializers.CharField(
        allow_null=True, help_text="The offending field, for validation errors"
    )


class ErrorResponseSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ERROR_TYPES)
    errors = ErrorSerializer(many=True)


CONFLICT = OpenApiResponse(
    ErrorResponseSerializer, description="Conflict with the current state"
)
TOO_LARGE = OpenApiResponse(ErrorResponseSerializer, description="Upload too large")
FORBIDDEN = OpenApiResponse(
    ErrorResponseSerializer, description="Invalid or missing signature"
)
UNAUTHORIZED = OpenApiResponse(
    ErrorResponseSerializer, description="Invalid, expired or blacklisted token"
)

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=(
        "Retry-safe creation: the same key with the same body returns the first "
        "response again and creates nothing; with another body, 409. Kept 24 h."
    ),
)
