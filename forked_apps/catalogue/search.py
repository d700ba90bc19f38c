"""Product search: PostgreSQL full-text search (English stemming, name ranked
above description) plus a trigram-indexed substring match on the name, so
that "shirts" finds "Shirt" and "oodi" finds "Hoodie". On SQLite: a plain
case-insensitive substring match on name and description."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

SEARCH_CONFIG = "english"


def product_search_vector():
    """The expression of the full-text index (the query must use the same one)."""
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "description", weight="B", config=SEARCH_CONFIG
    )


# Created by a PostgreSQL-only migration (catalogue 0035).
FULL_TEXT_INDEX = GinIndex(product_search_vector(), name="catalogue_product_fts_idx")
# Serves `title__icontains`, which PostgreSQL runs as UPPER(title) LIKE UPPER(...).
TRIGRAM_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS catalogue_product_trgm_idx ON catalogue_product "
    "USING gin ((UPPER(title)) gin_trgm_ops)"
)


def search_products(queryset: QuerySet, text: str) -> QuerySet:
    """Filter `queryset` to products matching `text`, annotated with
    `search_rank` (higher is better)."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor != "postgresql":
        return queryset.filter(
            Q(title__icontains=text) | Q(description__icontains=text)
        ).annotate(
            search_rank=Case(
                When(title__icontains=text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    return queryset.annotate(
        search_document=product_search_vector(),
        search_rank=SearchRank(F("search_document"), query),
    ).filter(Q(search_document=query) | Q(title__icontains=text))
