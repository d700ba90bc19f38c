"""Wish list serializers (docs/api.md "Wish lists"). A product's price and
stock come from the `stock` context ({product pk: stock record}), read in
one query for the whole page."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forked_apps.partner.selectors import available_quantity
from forked_apps.wishlists.services import VISIBILITIES, VISIBILITY_NAMES

MONEY = {"max_digits": 12, "decimal_places": 2}


class WishlistProductSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    slug = serializers.CharField()
    name = serializers.CharField(source="title")
    price = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    in_stock = serializers.SerializerMethodField()

    def _record(self, product):
        return self.context.get("stock", {}).get(product.pk)

    @extend_schema_field(serializers.DecimalField(allow_null=True, **MONEY))
    def get_price(self, product):
        record = self._record(product)
        return None if record is None or record.price is None else str(record.price)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_currency(self, product):
        record = self._record(product)
        return record.price_currency if record is not None else None

    @extend_schema_field(serializers.BooleanField())
    def get_in_stock(self, product) -> bool:
        return available_quantity(self._record(product)) > 0


class WishlistItemSerializer(serializers.Serializer):
    product = WishlistProductSerializer()
    added_at = serializers.DateTimeField(source="date_created")


class SharedWishlistSerializer(serializers.Serializer):
    """A shared list as anyone with its key sees it (no owner)."""

    name = serializers.CharField()
    key = serializers.CharField()
    items = WishlistItemSerializer(many=True, source="lines.all")
    created_at = serializers.DateTimeField(source="date_created")


class WishlistSerializer(serializers.Serializer):
    """A list as its owner sees it."""

    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField()
    visibility = serializers.SerializerMethodField()
    key = serializers.CharField(
        help_text="Opens the list at /wishlists/shared/{key}/ while it is shared"
    )
    items = WishlistItemSerializer(many=True, source="lines.all")
    created_at = serializers.DateTimeField(source="date_created")

    @extend_schema_field(serializers.ChoiceField(choices=list(VISIBILITIES)))
    def get_visibility(self, wishlist) -> str:
        return VISIBILITY_NAMES.get(wishlist.visibility, "shared")


class WishlistWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    visibility = serializers.ChoiceField(
        choices=list(VISIBILITIES),
        default="private",
        help_text="private: only you; shared: anyone with the list's key",
    )


class WishlistItemAddSerializer(serializers.Serializer):
    product = serializers.CharField(
        max_length=255, help_text="The product's id (UUID) or slug"
    )
