from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "project.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from project.accounts import signals  # noqa: F401
