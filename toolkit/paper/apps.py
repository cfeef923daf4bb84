from django.apps import AppConfig


class PaperConfig(AppConfig):
    name = "toolkit.paper"
    label = "paper"
    verbose_name = "Paper in the room"

    def ready(self):
        from toolkit.workshops.selectors import register_workshop_links

        from .selectors import pile_links

        register_workshop_links(pile_links)
