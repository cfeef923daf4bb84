from django.apps import AppConfig


class PaperConfig(AppConfig):
    name = "toolkit.paper"
    label = "paper"
    verbose_name = "Paper in the room"
