from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "toolkit.rounds"
    label = "rounds"
