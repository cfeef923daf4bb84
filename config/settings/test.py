"""Test run: fast hashing, in-memory e-mail, static files straight from the build folder."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
TWO_FACTOR_REQUIRED = False  # tests that need it turn it on
# Every test process signs in and calls the API from 127.0.0.1 many times; the tests of the
# rate limits set their own.
SIGN_IN_RATE_LIMIT = API_RATE_LIMIT = API_AUTH_FAILURE_RATE_LIMIT = "100000/60"
INVITATION_RATE_LIMIT = INVITATION_AREA_RATE_LIMIT = "100000/60"
LOGGING["loggers"]["toolkit.access"]["level"] = "WARNING"  # noqa: F405
