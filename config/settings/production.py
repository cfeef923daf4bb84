"""Production: everything that matters comes from the environment, and a missing secret
stops the process at start-up rather than running insecurely."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list


def required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or required("ALLOWED_HOSTS").split(",")
required("DATABASE_URL")
# Every absolute link (emails, respondent links, security.txt) is built from it
# (toolkit/core/links.py): without it, a link would follow the Host header of a request.
SITE_URL = required("SITE_URL").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Redis for the cache and the rate-limit counters (anything that can be rebuilt); sessions and
# sign-in lockouts stay in the database so that losing Redis signs nobody out and unlocks
# nobody. The cache backend degrades when Redis is unreachable (misses, dropped writes, rate
# limits off) instead of failing requests; /healthz still reports it. Without REDIS_URL each
# process keeps a local cache.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "toolkit.core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
