from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "toolkit.mapping"
    label = "mapping"
