from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "toolkit.core"
    label = "core"
