from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "project.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        # The OpenAPI extension of our authentication class registers on import.
        from project.api import authentication  # noqa: F401
