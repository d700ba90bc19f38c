"""Schema pieces drf-standardized-errors does not ship: the 409 and 413
answers, documented on the endpoints that give them."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from rest_framework import serializers


class Error409Serializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="e.g. insufficient_stock, duplicate, illegal_transition"
    )
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse409Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error409Serializer(many=True)


class Error413Serializer(serializers.Serializer):
    code = serializers.CharField(help_text="too_large")
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse413Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error413Serializer(many=True)


CONFLICT = OpenApiResponse(
    ErrorResponse409Serializer, description="Conflict with the current state"
)
TOO_LARGE = OpenApiResponse(ErrorResponse413Serializer, description="Upload too large")

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=(
        "Retry-safe creation: the same key with the same body returns the first "
        "response again and creates nothing; with another body, 409. Kept 24 h."
    ),
)
