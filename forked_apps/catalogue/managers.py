"""Oscar's product queryset, with soft-deleted products left out of every
public listing (Oscar's storefront uses browsable() and public())."""

from oscar.apps.catalogue.managers import (  # noqa: F401  (Oscar loads these names from here)
    AttributeFilter,
    CategoryManager,
    CategoryQuerySet,
)
from oscar.apps.catalogue.managers import ProductQuerySet as OscarProductQuerySet


class ProductQuerySet(OscarProductQuerySet):
    def alive(self):
        """Not soft-deleted (what staff see, active or not)."""
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def public(self):
        return super().public().filter(deleted_at__isnull=True)

    def browsable(self):
        return super().browsable().filter(deleted_at__isnull=True)
