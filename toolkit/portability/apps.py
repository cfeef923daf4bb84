from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "toolkit.portability"
    label = "portability"
    verbose_name = "Area backup, restore and deletion"
