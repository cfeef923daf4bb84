from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "toolkit.mapping"
    label = "mapping"

    def ready(self):
        from .respondent import register

        register()
