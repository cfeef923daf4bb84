from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "toolkit.rounds"
    label = "rounds"

    def ready(self):
        from toolkit.areas.overview import register_overview_part

        from . import groups
        from .selectors import waiting_overview

        groups.register()
        register_overview_part(template="rounds/_waiting_for_you.html", context=waiting_overview)
