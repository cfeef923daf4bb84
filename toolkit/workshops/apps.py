from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "toolkit.workshops"
    label = "workshops"
    verbose_name = "Workshops in the room"
