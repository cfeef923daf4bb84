from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "toolkit.register"
    label = "register"

    def ready(self):
        from toolkit.evidence.value import register_relationship_source

        from .models import Relationship

        register_relationship_source(
            lambda area: Relationship.objects.filter(area=area).order_by("title", "id")
        )
