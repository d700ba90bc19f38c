from django.apps import AppConfig


class EffectsConfig(AppConfig):
    name = "project.core.effects"
    label = "effects"
    verbose_name = "Side effects done once"
