"""factory_boy factories for our models (Oscar's own live in oscar.test.factories)."""

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    password = factory.django.Password("correct-Horse-battery-9")
    is_active = True


_product_counter = iter(range(1, 10**9))


def make_category(name: str, parent=None, **fields):
    from forked_apps.catalogue.services import category_create

    return category_create(name=name, parent=parent, **fields)


def make_product(
    name: str | None = None, *, price="10.00", stock=10, currency="USD", **fields
):
    """A product made the way the API makes one (services.product_create)."""
    from decimal import Decimal

    from forked_apps.catalogue.services import product_create

    name = name or f"Product {next(_product_counter)}"
    return product_create(
        name=name, price=Decimal(price), currency=currency, stock=stock, **fields
    )


def png_bytes(size=(16, 16), colour="teal", image_format="PNG", noise=False) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    image = (
        Image.effect_noise(size, 64).convert("RGB")
        if noise
        else Image.new("RGB", size, colour)
    )
    image.save(buffer, image_format)
    return buffer.getvalue()
