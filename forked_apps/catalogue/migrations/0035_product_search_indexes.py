"""Full-text and trigram indexes for product search, on PostgreSQL only
(SQLite searches with a plain substring match)."""

from django.db import migrations


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from forked_apps.catalogue.search import FULL_TEXT_INDEX, TRIGRAM_INDEX_SQL

    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.add_index(apps.get_model("catalogue", "Product"), FULL_TEXT_INDEX)
    schema_editor.execute(TRIGRAM_INDEX_SQL)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from forked_apps.catalogue.search import FULL_TEXT_INDEX

    schema_editor.remove_index(apps.get_model("catalogue", "Product"), FULL_TEXT_INDEX)
    schema_editor.execute("DROP INDEX IF EXISTS catalogue_product_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0034_product_deleted_at_product_rating_count_and_more")]

    operations = [migrations.RunPython(create_search_indexes, drop_search_indexes)]
