"""Address reads: countries are reference data, read on every checkout."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

Country = get_model("address", "Country")

CACHE_KEY = "address:countries"
CACHE_SECONDS = 3600


def countries_by_code() -> dict[str, Country]:
    """Every country by its ISO 3166-1 alpha-2 code, from the cache: one
    query an hour, and again after a change to a country (at once in the
    process that made it and, with Redis, everywhere)."""
    countries = cache.get(CACHE_KEY)
    if countries is None:
        countries = {
            country.iso_3166_1_a2: country for country in Country.objects.all()
        }
        cache.set(CACHE_KEY, countries, CACHE_SECONDS)
    return countries


def _forget_countries(sender, **kwargs):
    cache.delete(CACHE_KEY)


post_save.connect(_forget_countries, sender=Country, dispatch_uid="countries-saved")
post_delete.connect(_forget_countries, sender=Country, dispatch_uid="countries-deleted")
