from oscar.core.loading import get_model
from rest_framework import serializers

from forked_apps.address.selectors import countries_by_code

UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")


class CountryField(serializers.SlugRelatedField):
    """A country by its ISO 3166-1 alpha-2 code ("GB", "us")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("help_text", "ISO 3166-1 alpha-2 country code")
        super().__init__(slug_field="iso_3166_1_a2", **kwargs)

    def to_internal_value(self, data):
        code = str(data).strip().upper()
        country = countries_by_code().get(code)
        if country is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=code)
        return country


ADDRESS_FIELDS = [
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
    "country",
    "phone_number",
    "notes",
]
# Oscar's `notes` (delivery instructions) is an unbounded text column.
ADDRESS_NOTES_MAX_LENGTH = 1000
# What Oscar's address forms insist on (OSCAR_REQUIRED_ADDRESS_FIELDS).
REQUIRED_ADDRESS_FIELDS = [
    "first_name",
    "last_name",
    "line1",
    "line4",
    "postcode",
    "country",
]


class UserAddressSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    country = CountryField()

    class Meta:
        model = UserAddress
        fields = [
            "id",
            *ADDRESS_FIELDS,
            "is_default_for_shipping",
            "is_default_for_billing",
            "date_created",
        ]
        read_only_fields = ["date_created"]
        extra_kwargs = {
            **{
                name: {"required": True, "allow_blank": False}
                for name in REQUIRED_ADDRESS_FIELDS
                if name != "country"
            },
            "notes": {"max_length": ADDRESS_NOTES_MAX_LENGTH},
        }
