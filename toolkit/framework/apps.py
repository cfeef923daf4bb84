from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "toolkit.framework"
    label = "framework"
