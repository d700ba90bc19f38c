"""Order serializers (docs/api.md "Orders"). Lines show the snapshot taken at
purchase, never the product as it is now."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_model
from rest_framework import serializers

from project.api.serializers.checkout import (
    ADDRESS_FIELDS,
    ADDRESS_NOTES_MAX_LENGTH,
    REQUIRED_ADDRESS_FIELDS,
    CountryField,
)
from project.payments.models import Payment

Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")

MONEY = {"max_digits": 12, "decimal_places": 2}


class OrderLineSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    product_name = serializers.CharField(source="title")
    product_slug = serializers.CharField()
    unit_price = serializers.DecimalField(source="unit_price_incl_tax", **MONEY)
    quantity = serializers.IntegerField()
    line_total = serializers.DecimalField(
        source="line_price_before_discounts_incl_tax",
        help_text="unit_price x quantity; the order's discounts are listed apart",
        **MONEY,
    )


class ShippingAddressSerializer(serializers.ModelSerializer):
    country = CountryField()

    class Meta:
        model = ShippingAddress
        fields = ADDRESS_FIELDS
        extra_kwargs = {
            **{
                name: {"required": True, "allow_blank": False}
                for name in REQUIRED_ADDRESS_FIELDS
                if name != "country"
            },
            "notes": {"max_length": ADDRESS_NOTES_MAX_LENGTH},
        }


class PaymentSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    # A choice (an enum in the schema, so generated clients can switch on it).
    status = serializers.ChoiceField(choices=Payment.Status.values)
    provider = serializers.CharField()


class OrderDiscountSerializer(serializers.Serializer):
    """A discount the order got, as it was at purchase."""

    code = serializers.SerializerMethodField()
    name = serializers.CharField(source="offer_name")
    amount = serializers.DecimalField(**MONEY)

    def get_code(self, discount) -> str | None:
        return discount.voucher_code or None


class OrderSerializer(serializers.Serializer):
    """An order from orders_for_display(): total = subtotal - discount +
    shipping, as they were at purchase."""

    id = serializers.UUIDField(source="uuid")
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=Order.all_statuses())
    lines = OrderLineSerializer(many=True, source="lines.all")
    subtotal = serializers.SerializerMethodField()
    discount = serializers.SerializerMethodField()
    discounts = serializers.SerializerMethodField()
    shipping = serializers.DecimalField(source="shipping_incl_tax", **MONEY)
    total = serializers.DecimalField(source="total_incl_tax", **MONEY)
    currency = serializers.CharField()
    shipping_address = ShippingAddressSerializer(allow_null=True)
    shipping_method = serializers.CharField()
    tracking_number = serializers.CharField()
    payment = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="date_placed")

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_subtotal(self, order):
        """The lines before discounts (prefetched: no query)."""
        subtotal = sum(
            (line.line_price_before_discounts_incl_tax for line in order.lines.all()),
            Decimal("0"),
        )
        return str(subtotal.quantize(Decimal("0.01")))

    @staticmethod
    def _basket_discounts(order) -> list:
        # Shipping discounts are already in `shipping`.
        return [
            discount
            for discount in order.discounts.all()
            if discount.category == discount.BASKET
        ]

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_discount(self, order):
        total = sum(
            (discount.amount for discount in self._basket_discounts(order)),
            Decimal("0"),
        )
        return str(total.quantize(Decimal("0.01")))

    @extend_schema_field(OrderDiscountSerializer(many=True))
    def get_discounts(self, order):
        return OrderDiscountSerializer(self._basket_discounts(order), many=True).data

    @extend_schema_field(PaymentSummarySerializer(allow_null=True))
    def get_payment(self, order):
        payment = getattr(order, "payment", None)
        if payment is None:
            return None
        return {
            "id": str(payment.id),
            "status": payment.status,
            "provider": payment.provider,
        }


class AdminOrderSerializer(OrderSerializer):
    customer_email = serializers.EmailField(source="email")


class CheckoutSerializer(serializers.Serializer):
    """POST /orders/: a shipping address (fields, or the id of one in the
    address book) and an optional shipping method code."""

    shipping_address = ShippingAddressSerializer(required=False)
    shipping_address_id = serializers.UUIDField(required=False)
    shipping_method = serializers.CharField(required=False, max_length=128)

    def validate(self, attrs):
        has_fields, has_id = "shipping_address" in attrs, "shipping_address_id" in attrs
        if has_fields == has_id:
            raise serializers.ValidationError(
                {
                    "shipping_address": [
                        "Give either shipping_address or shipping_address_id."
                    ]
                },
                code="required",
            )
        if has_id:
            address = UserAddress.objects.filter(
                uuid=attrs["shipping_address_id"], user=self.context["request"].user
            ).first()
            if address is None:
                raise serializers.ValidationError(
                    {"shipping_address_id": ["No such address in your address book."]},
                    code="does_not_exist",
                )
            attrs["shipping_address"] = {
                name: getattr(address, name) for name in ADDRESS_FIELDS
            }
        country = attrs["shipping_address"]["country"]
        if not country.is_shipping_country:
            raise serializers.ValidationError(
                {"shipping_address": [f"We do not ship to {country.printable_name}."]},
                code="invalid",
            )
        return attrs


class OrderStatusUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Order.all_statuses(), required=False)
    tracking_number = serializers.CharField(
        max_length=128, required=False, allow_blank=False
    )
