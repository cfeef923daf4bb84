from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "toolkit.demo"
    label = "demo"
