"""Serializer fields shared by several endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from project.core.validators import validate_image_file


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class ImageUploadField(serializers.ImageField):
    """Takes an uploaded JPEG, PNG or WebP (decoded by Pillow, size and pixel
    limits checked); shows the stored image's absolute URL, or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_image_file])
        super().__init__(**kwargs)
