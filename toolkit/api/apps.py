from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "toolkit.api"
    label = "api"
    verbose_name = "API"
