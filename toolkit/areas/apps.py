from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "toolkit.areas"
    label = "areas"
