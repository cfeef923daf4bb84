from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "toolkit.actions"
    label = "actions"
    verbose_name = "Joint action plan and peer review"
