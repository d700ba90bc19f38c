import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "forked_apps.catalogue"

    def ready(self):
        super().ready()
        from forked_apps.catalogue import signals  # noqa: F401
