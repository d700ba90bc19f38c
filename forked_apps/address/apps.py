import oscar.apps.address.apps as apps


class AddressConfig(apps.AddressConfig):
    name = "forked_apps.address"

    def ready(self):
        super().ready()
        from forked_apps.address import selectors  # noqa: F401  (its cache invalidation)
