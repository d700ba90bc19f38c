"""Full-text and trigram indexes for product search, on PostgreSQL only
(SQLite searches with a plain substring match)."""

from django.db import migrations


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from forked_apps.catalogue.search import SEARCH_INDEXES

    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    Product = apps.get_model("catalogue", "Product")
    for index in SEARCH_INDEXES:
        schema_editor.add_index(Product, index)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from forked_apps.catalogue.search import SEARCH_INDEXES

    Product = apps.get_model("catalogue", "Product")
    for index in SEARCH_INDEXES:
        schema_editor.remove_index(Product, index)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0034_product_deleted_at_product_rating_count_and_more")]

    operations = [migrations.RunPython(create_search_indexes, drop_search_indexes)]
