from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "toolkit.assessment"
    label = "assessment"

    def ready(self):
        from .respondent import register

        register()
