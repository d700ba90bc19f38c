"""Load the ISO 3166 countries (as `oscar_populate_countries` does), so that
addresses and checkout work on a fresh database."""

from django.db import migrations


def load_countries(apps, schema_editor):
    import pycountry

    Country = apps.get_model("address", "Country")
    if Country.objects.exists():
        return
    Country.objects.bulk_create(
        Country(
            iso_3166_1_a2=country.alpha_2,
            iso_3166_1_a3=country.alpha_3,
            iso_3166_1_numeric=country.numeric,
            printable_name=country.name,
            name=getattr(country, "official_name", ""),
            is_shipping_country=True,
        )
        for country in pycountry.countries
    )


class Migration(migrations.Migration):
    dependencies = [("address", "0008_useraddress_uuid")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
