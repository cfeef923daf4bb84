from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "toolkit.workshops"
    label = "workshops"
    verbose_name = "Workshops in the room"

    def ready(self):
        from toolkit.mapping.targets import register_target_source
        from toolkit.rounds.selectors import register_gathering_links

        from .selectors import earlier_map_targets, map_targets, workshop_links

        register_target_source(map_targets, earlier=earlier_map_targets)
        register_gathering_links(workshop_links)
