"""Local development: SQLite file, DEBUG on, e-mails printed to the console."""

import hashlib

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production-0123456789"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# `make run` serves pages and runs the task worker in two processes: a long import reports its
# progress through the cache (core.jobs, ADR 36), so the cache is one they share. Keys are
# prefixed with the database, so that two services on two databases never read each other's.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": BASE_DIR / ".cache",  # noqa: F405
        # A digest: a database's path may hold spaces, which cache keys must not.
        "KEY_PREFIX": hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:16],  # noqa: F405
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING["handlers"]["console"]["formatter"] = "plain"  # noqa: F405
LOGGING["loggers"]["toolkit.access"]["level"] = "WARNING"  # noqa: F405
