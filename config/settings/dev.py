"""Local development: SQLite file, DEBUG on, e-mails printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production-0123456789"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING["handlers"]["console"]["formatter"] = "plain"  # noqa: F405
LOGGING["loggers"]["toolkit.access"]["level"] = "WARNING"  # noqa: F405
