from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "toolkit.framework"
    label = "framework"

    def ready(self):
        from . import selectors  # noqa: F401 - connects the content-version cache's signal
