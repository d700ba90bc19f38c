from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "project.workflows"
    label = "workflows"
    verbose_name = "Workflows"
