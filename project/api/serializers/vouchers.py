"""Voucher serializers (docs/api.md "Vouchers and offers")."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forked_apps.voucher.selectors import USAGES, voucher_terms

MONEY = {"max_digits": 12, "decimal_places": 2}
USAGE_NAMES = {oscar: ours for ours, oscar in USAGES.items()}


class BenefitInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["percentage", "fixed"])
    value = serializers.DecimalField(
        **MONEY,
        min_value=Decimal("0.01"),
        help_text="Percent off (at most 100), or an amount off in the shop's currency",
    )


class VoucherCreateSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=128, help_text="Letters, digits, '-' and '_'; any case"
    )
    name = serializers.CharField(max_length=128)
    benefit = BenefitInputSerializer()
    usage = serializers.ChoiceField(choices=list(USAGES))
    start_datetime = serializers.DateTimeField()
    end_datetime = serializers.DateTimeField()
    minimum_spend = serializers.DecimalField(
        **MONEY, min_value=Decimal("0.01"), required=False, allow_null=True
    )


class BenefitSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=["percentage", "fixed", "other"],
        help_text="`other`: a voucher whose offer the dashboard gave another benefit",
    )
    value = serializers.DecimalField(**MONEY, allow_null=True)


class VoucherSerializer(serializers.Serializer):
    """A voucher as staff see it (querysets from voucher_queryset())."""

    id = serializers.UUIDField(source="uuid")
    code = serializers.CharField()
    name = serializers.CharField()
    benefit = serializers.SerializerMethodField()
    usage = serializers.SerializerMethodField()
    start_datetime = serializers.DateTimeField()
    end_datetime = serializers.DateTimeField()
    minimum_spend = serializers.SerializerMethodField()
    is_active = serializers.SerializerMethodField()
    num_basket_additions = serializers.IntegerField()
    num_orders = serializers.IntegerField()
    total_discount = serializers.DecimalField(**MONEY)
    created_at = serializers.DateTimeField(source="date_created")

    @extend_schema_field(BenefitSerializer)
    def get_benefit(self, voucher):
        return BenefitSerializer(voucher_terms(voucher)["benefit"]).data

    @extend_schema_field(serializers.ChoiceField(choices=list(USAGES)))
    def get_usage(self, voucher):
        return USAGE_NAMES[voucher.usage]

    @extend_schema_field(serializers.DecimalField(**MONEY, allow_null=True))
    def get_minimum_spend(self, voucher):
        spend = voucher_terms(voucher)["minimum_spend"]
        return None if spend is None else f"{spend:.2f}"

    def get_is_active(self, voucher) -> bool:
        """Between its start and end (whether or not it is used up)."""
        return voucher.is_active()
