from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "project.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_migrate

        from project.core.sites import sync_sites

        post_migrate.connect(sync_sites, sender=self)
