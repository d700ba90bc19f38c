"""Validation of uploaded images: the file must decode as JPEG, PNG or WebP,
and stay within the configured byte and pixel limits."""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


class ImageTooLarge(ValidationError):
    """The upload is bigger than MAX_IMAGE_UPLOAD_BYTES (answered with 413)."""


def validate_image_file(file):
    """Decode the file with Pillow; a text file named .jpg is refused."""
    max_bytes = settings.MAX_IMAGE_UPLOAD_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ImageTooLarge(
            f"The image is larger than {max_bytes // (1024 * 1024)} MB.",
            code="file_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ):
        raise ValidationError(
            "Upload a valid image: JPEG, PNG or WebP.", code="invalid_image"
        ) from None
    finally:
        file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            "Upload a valid image: JPEG, PNG or WebP.", code="invalid_image"
        )
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            f"The image is too large ({width}x{height} pixels).",
            code="image_dimensions",
        )
