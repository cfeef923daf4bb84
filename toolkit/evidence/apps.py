from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "toolkit.evidence"
    label = "evidence"
