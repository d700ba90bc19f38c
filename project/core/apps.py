from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "project.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from project.core.observability.metrics import install_query_counter
        from project.core.sites import sync_sites

        post_migrate.connect(sync_sites, sender=self)
        # Every database statement is counted (/metrics, request log lines).
        connection_created.connect(install_query_counter)
