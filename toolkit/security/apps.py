from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "toolkit.security"
    label = "security"

    def ready(self):
        from . import signals  # noqa: F401  (connects the audit receivers)
