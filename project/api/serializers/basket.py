"""Basket serializers (docs/api.md "Basket"): totals always computed by the server."""

from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_model
from rest_framework import serializers

from forked_apps.basket.services import basket_discounts

Product = get_model("catalogue", "Product")


class ProductRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class BasketLineSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    product = serializers.SerializerMethodField()
    quantity = serializers.IntegerField()
    unit_price = serializers.SerializerMethodField()
    line_total = serializers.SerializerMethodField()

    @extend_schema_field(ProductRefSerializer)
    def get_product(self, line):
        return {"slug": line.product.slug, "name": line.product.get_title()}

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_unit_price(self, line):
        return _money(line.unit_price_incl_tax)

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_line_total(self, line):
        """unit_price x quantity; discounts are the basket's discount lines."""
        return _money(line.line_price_incl_tax)


def _money(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


class DiscountSerializer(serializers.Serializer):
    """A discount line: a voucher's (`code`) or a site offer's (`code` null)."""

    code = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class VoucherRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class VoucherCodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=128, help_text="Any case")


class BasketSerializer(serializers.Serializer):
    """An Oscar basket prepared by basket_prepare (strategy and offers
    applied): total = subtotal - discount, discount = the sum of `discounts`."""

    id = serializers.UUIDField(source="uuid")
    lines = serializers.SerializerMethodField()
    subtotal = serializers.SerializerMethodField()
    discount = serializers.SerializerMethodField()
    discounts = serializers.SerializerMethodField()
    vouchers = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    num_items = serializers.SerializerMethodField()

    @extend_schema_field(BasketLineSerializer(many=True))
    def get_lines(self, basket):
        return BasketLineSerializer(basket.all_lines(), many=True).data

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_subtotal(self, basket):
        return _money(basket.total_incl_tax_excl_discounts)

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_discount(self, basket):
        return _money(sum((d.amount for d in basket_discounts(basket)), Decimal(0)))

    @extend_schema_field(DiscountSerializer(many=True))
    def get_discounts(self, basket):
        return DiscountSerializer(basket_discounts(basket), many=True).data

    @extend_schema_field(VoucherRefSerializer(many=True))
    def get_vouchers(self, basket):
        """The vouchers the basket holds (one may give no discount now, e.g.
        under its minimum spend)."""
        return VoucherRefSerializer(getattr(basket, "voucher_list", []), many=True).data

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_total(self, basket):
        return _money(basket.total_incl_tax)

    def get_currency(self, basket) -> str:
        return basket.currency or settings.OSCAR_DEFAULT_CURRENCY

    def get_num_items(self, basket) -> int:
        return basket.num_items


QUANTITY_LIMIT = settings.OSCAR_MAX_BASKET_QUANTITY_THRESHOLD


class ProductSlugField(serializers.SlugRelatedField):
    """An active, not deleted product by slug (with its product class, which
    pricing asks for)."""

    def __init__(self, **kwargs):
        queryset = Product.objects.public().select_related("product_class")
        super().__init__(slug_field="slug", queryset=queryset, **kwargs)


class LineInputSerializer(serializers.Serializer):
    product = ProductSlugField()
    quantity = serializers.IntegerField(min_value=1, max_value=QUANTITY_LIMIT)


class LineQuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(
        min_value=0, max_value=QUANTITY_LIMIT, help_text="0 removes the line"
    )


class GuestCartSerializer(serializers.Serializer):
    lines = LineInputSerializer(many=True, allow_empty=False, max_length=100)


class QuoteRequestSerializer(GuestCartSerializer):
    voucher_codes = serializers.ListField(
        child=serializers.CharField(max_length=128),
        required=False,
        default=list,
        max_length=10,
        help_text="Voucher codes (any case) to price the cart with",
    )


class SkippedLineSerializer(serializers.Serializer):
    product = serializers.CharField()
    reason = serializers.CharField()


class MergedBasketSerializer(BasketSerializer):
    skipped = serializers.SerializerMethodField()

    @extend_schema_field(SkippedLineSerializer(many=True))
    def get_skipped(self, basket):
        return SkippedLineSerializer(self.context.get("skipped", []), many=True).data


class QuoteLineSerializer(serializers.Serializer):
    product = serializers.SerializerMethodField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    line_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    available_quantity = serializers.IntegerField()

    @extend_schema_field(ProductRefSerializer)
    def get_product(self, line):
        return {"slug": line.product.slug, "name": line.product.get_title()}


class QuoteSerializer(serializers.Serializer):
    """A guest's cart priced by the server (basket_quote): the same fields
    and discounts as the basket; nothing is saved (`id` is null)."""

    id = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    discount = serializers.DecimalField(max_digits=12, decimal_places=2)
    discounts = DiscountSerializer(many=True)
    vouchers = VoucherRefSerializer(many=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    num_items = serializers.SerializerMethodField()

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_id(self, quote):
        return None  # a quote is not saved

    @extend_schema_field(QuoteLineSerializer(many=True))
    def get_lines(self, quote):
        return QuoteLineSerializer(quote.lines, many=True).data

    def get_num_items(self, quote) -> int:
        return sum(line.quantity for line in quote.lines)
