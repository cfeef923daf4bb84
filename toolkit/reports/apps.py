from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "toolkit.reports"
    label = "reports"
    verbose_name = "Reports and data downloads"
