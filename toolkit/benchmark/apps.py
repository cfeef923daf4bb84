from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "toolkit.benchmark"
    label = "benchmark"
    verbose_name = "National benchmark"
