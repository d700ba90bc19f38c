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


def make_voucher(
    code: str = "SAVE10",
    *,
    name: str | None = None,
    benefit_type: str = "percentage",
    value="10",
    usage: str = "multi_use",
    minimum_spend=None,
    starts=None,
    ends=None,
):
    """A voucher made the way the staff API makes one (voucher_create),
    valid from a day ago for a month unless told otherwise."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from forked_apps.voucher.services import voucher_create

    now = timezone.now()
    return voucher_create(
        code=code,
        name=name or f"Voucher {code}",
        benefit_type=benefit_type,
        benefit_value=Decimal(value),
        usage=usage,
        start_datetime=starts or now - timedelta(days=1),
        end_datetime=ends or now + timedelta(days=30),
        minimum_spend=Decimal(minimum_spend) if minimum_spend is not None else None,
    )


def make_site_offer(
    name: str,
    *,
    percent="10",
    category=None,
    min_items: int = 1,
    max_affected_items=None,
    starts=None,
    ends=None,
    priority: int = 0,
):
    """A site offer as the dashboard's offer pages make one: `percent` off
    the products of `category` (every product without one) when the basket
    holds at least `min_items` of them, between `starts` and `ends`."""
    from decimal import Decimal

    from oscar.core.loading import get_model

    Benefit = get_model("offer", "Benefit")
    Condition = get_model("offer", "Condition")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Range = get_model("offer", "Range")

    products = Range.objects.create(
        name=f"{name} range", includes_all_products=category is None
    )
    if category is not None:
        products.included_categories.add(category)
    return ConditionalOffer.objects.create(
        name=name,
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(
            range=products, type=Condition.COUNT, value=min_items
        ),
        benefit=Benefit.objects.create(
            range=products,
            type=Benefit.PERCENTAGE,
            value=Decimal(percent),
            max_affected_items=max_affected_items,
        ),
        start_datetime=starts,
        end_datetime=ends,
        priority=priority,
    )
