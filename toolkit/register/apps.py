from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "toolkit.register"
    label = "register"
