"""Query parameters of GET /api/v1/products/ (django-filter)."""

import django_filters
from django import forms
from django.db.models import F
from oscar.core.loading import get_model
from rest_framework.exceptions import ValidationError

from forked_apps.catalogue.selectors import product_filter_by_category, product_search

Category = get_model("catalogue", "Category")
MAX_PRICE = 10**10

# API ordering name -> model expression; nulls (no rating, no price) go last.
ORDERINGS = {
    "price": F("price").asc(nulls_last=True),
    "-price": F("price").desc(nulls_last=True),
    "name": F("title").asc(),
    "-name": F("title").desc(),
    "created_at": F("date_created").asc(),
    "-created_at": F("date_created").desc(),
    "rating": F("rating").asc(nulls_last=True),
    "-rating": F("rating").desc(nulls_last=True),
}


class StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` as JSON writes them (and as generated clients send a
    boolean); anything else is a 400 rather than a filter silently ignored."""

    widget = forms.TextInput  # the raw value, not NullBooleanSelect's guesses

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, False):
            return value
        if str(value) in ("true", "false"):
            return str(value) == "true"
        raise forms.ValidationError("Use true or false.", code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A boolean query parameter, typed as a boolean in the OpenAPI schema."""

    field_class = StrictBooleanField


class ProductFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(
        method="filter_category", help_text="Category slug; includes its subcategories."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Words in the name or description.",
    )
    min_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", min_value=0, max_value=MAX_PRICE
    )
    max_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", min_value=0, max_value=MAX_PRICE
    )
    in_stock = StrictBooleanFilter(
        method="filter_in_stock",
        help_text="true: only products that can be bought now; false: only sold-out ones.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ORDERINGS],
        method="filter_ordering",
        empty_label=None,
        help_text="Default -created_at (or relevance with search).",
    )

    def filter_category(self, queryset, name, value):
        category = Category.objects.filter(slug=value).only("path", "depth").first()
        if category is None:
            raise ValidationError(
                {"category": [f"Unknown category '{value}'."]}, code="invalid"
            )
        return product_filter_by_category(queryset, category)

    def filter_search(self, queryset, name, value):
        return product_search(queryset, value)

    def filter_in_stock(self, queryset, name, value):
        if value:
            return queryset.filter(available_quantity__gt=0)
        return queryset.filter(available_quantity=0)

    def filter_ordering(self, queryset, name, value):
        return queryset  # applied in filter_queryset, after every other filter

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering")
        if ordering:
            return queryset.order_by(ORDERINGS[ordering], "-pk")
        if self.form.cleaned_data.get("search"):
            return queryset.order_by("-search_rank", "-date_created", "-pk")
        return queryset.order_by("-date_created", "-pk")
