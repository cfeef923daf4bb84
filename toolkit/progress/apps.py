from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "toolkit.progress"
    label = "progress"
    verbose_name = "Open progress (the public page)"
