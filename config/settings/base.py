"""Settings shared by every environment. Values that differ between deployments are read
from the environment; .env.example documents each variable."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from config.storage import storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
SERVICE_NAME = "Council–VCS relationships toolkit"
# The public address, for every absolute link (toolkit/core/links.py). Empty in development:
# links follow the address each request came to. Production requires it.
SITE_URL = env("SITE_URL", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    # Before django_tasks_db: its `db_worker` command is ours (toolkit/core/management).
    "toolkit.core",
    "django_tasks_db",
    "toolkit.places",
    "toolkit.framework",
    "toolkit.accounts",
    "toolkit.areas",
    "toolkit.register",
    "toolkit.rounds",
    "toolkit.mapping",
    "toolkit.assessment",
    "toolkit.evidence",
    "toolkit.actions",
    "toolkit.workshops",
    "toolkit.reminders",
    "toolkit.progress",
    "toolkit.paper",
    "toolkit.reports",
    "toolkit.api",
    "toolkit.benchmark",
    "toolkit.portability",
    "toolkit.security",
    "toolkit.demo",
]

MIDDLEWARE = [
    "toolkit.core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out after inactivity, then sends those who must use two-factor sign-in to set it up.
    "toolkit.security.middleware.SessionTimeoutMiddleware",
    "toolkit.security.middleware.TwoFactorRequiredMiddleware",
    "toolkit.security.middleware.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A dropped database connection gives a 503 "try again" page that keeps the posted form.
    "toolkit.core.middleware.DatabaseUnavailableMiddleware",
    # Axes must be last: it turns failed sign-ins into lockouts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "toolkit" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "toolkit.core.context_processors.service",
                "toolkit.areas.context_processors.area",
            ],
        },
    },
]
# GOV.UK field markup for every form (labels, hints, inline errors): see toolkit/core/forms.py.
FORM_RENDERER = "toolkit.core.forms.GovukFormRenderer"

# SQLite (the default, and `make run`) under a workshop's worth of people at once, with the
# worker polling beside the web process (docs/adr/0021-sqlite-under-concurrency.md):
# - WAL: readers never wait for the writer, and the writer never waits for readers;
# - transactions take the write lock when they begin (BEGIN IMMEDIATE), so a second writer
#   waits its turn for up to `timeout` seconds instead of failing at once with "database is
#   locked" when a read inside its transaction turns into a write;
# - synchronous=NORMAL is safe with WAL (a power cut can lose the last commit, not corrupt).
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


# PostgreSQL: parameters bound by the server, and a statement prepared once it has run five
# times on a connection (connections live for CONN_MAX_AGE), so that the pages everyone loads
# at once (a respondent's question page above all) are not planned again on every request
# (ADR 35). DATABASE_PREPARED_STATEMENTS=false turns it off, for a transaction-pooling PgBouncer
# older than 1.21, which cannot carry prepared statements across server connections.
POSTGRESQL_PREPARE_THRESHOLD = 5


def database_from_url(url: str) -> dict:
    database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    elif "postgresql" in database["ENGINE"] and env_bool("DATABASE_PREPARED_STATEMENTS", True):
        database["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": POSTGRESQL_PREPARE_THRESHOLD,
            **database.get("OPTIONS", {}),
        }
    return database


DATABASES = {
    "default": database_from_url(env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "toolkit.accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "areas:home"
LOGOUT_REDIRECT_URL = "core:home"

# Sign-in rate limiting: 5 failures per 15 minutes for the same account from the same address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "toolkit.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client address for lockouts and rate limits: X-Forwarded-For is trusted only with this
# many proxies in front that append to it (toolkit/core/client_ip.py); 0 = REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "0") or 0)
AXES_CLIENT_IP_CALLABLE = "toolkit.core.client_ip.client_ip"
# Rate limits, "requests/seconds", counted in the cache (Redis in production; see
# toolkit/core/ratelimit.py): failed sign-ins per client address, API requests per token, and
# API requests without a valid token per client address.
SIGN_IN_RATE_LIMIT = env("SIGN_IN_RATE_LIMIT", "30/300")
API_RATE_LIMIT = env("API_RATE_LIMIT", "120/60")
API_AUTH_FAILURE_RATE_LIMIT = env("API_AUTH_FAILURE_RATE_LIMIT", "30/60")
# Password-reset requests per client address (then a 429 page) and per email address (then
# no more emails, with the usual page, so it says nothing about whether an account exists).
PASSWORD_RESET_RATE_LIMIT = env("PASSWORD_RESET_RATE_LIMIT", "10/3600")
PASSWORD_RESET_EMAIL_RATE_LIMIT = env("PASSWORD_RESET_EMAIL_RATE_LIMIT", "3/3600")

INVITATION_VALID_DAYS = 14
# Invitations per facilitator and per area, "emails/seconds" (toolkit/core/sending_limits.py):
# then the invite form says when they can send more.
INVITATION_RATE_LIMIT = env("INVITATION_RATE_LIMIT", "20/3600")
INVITATION_AREA_RATE_LIMIT = env("INVITATION_AREA_RATE_LIMIT", "60/3600")
# Respondents' personal links sent by email, per facilitator and per area (toolkit/core/
# sending_limits.py, the one rule for emails to typed addresses).
LINK_EMAIL_RATE_LIMIT = env("LINK_EMAIL_RATE_LIMIT", "300/3600")
LINK_EMAIL_AREA_RATE_LIMIT = env("LINK_EMAIL_AREA_RATE_LIMIT", "600/3600")
# Wrong workshop join codes per client address, "requests/seconds" (toolkit/workshops): then
# a page says when to try again. Right codes are not counted, so a room behind one address
# can all join.
JOIN_CODE_RATE_LIMIT = env("JOIN_CODE_RATE_LIMIT", "20/600")
# What a member may read of an area (peer reviewers: what their grant says).
AREA_SCOPE_RESOLVER = "toolkit.actions.selectors.scopes_for"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded files: a directory at MEDIA_ROOT, or S3-compatible storage with STORAGE_BACKEND=s3
# (config/storage.py). Code reads and writes them only through Django's storage API.
STORAGES = storages_from_env(os.environ)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

MAILERS = {
    "default": {
        "BACKEND": env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": int(env("EMAIL_PORT", "25")),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
        },
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "toolkit@example.org")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
# Signed out after this many seconds without a request (toolkit.security.middleware), with the
# GOV.UK timeout warning two minutes before.
SESSION_IDLE_TIMEOUT = int(env("SESSION_IDLE_TIMEOUT", str(30 * 60)))
# Two-factor sign-in (authenticator app) for facilitators and national analysts. Anyone may turn
# it on; this makes it compulsory for those roles. On in production unless switched off.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
# Keys that encrypt authenticator secrets at rest (toolkit/security/crypto.py), comma-separated:
# the first encrypts, every one decrypts (rotation). Empty: derived from SECRET_KEY (and its
# fallbacks), which is fine for development; production should set its own.
TWO_FACTOR_ENCRYPTION_KEYS = env_list("TWO_FACTOR_ENCRYPTION_KEY")
# Wrong two-factor codes (app or recovery codes): this many for one account within 15 minutes
# refuse that account's codes for 15 minutes (counted in the database, so Redis loss does not
# reset it); and wrong codes per client address, "requests/seconds", counted in the cache.
TWO_FACTOR_FAILURE_LIMIT = int(env("TWO_FACTOR_FAILURE_LIMIT", "10"))
TWO_FACTOR_RATE_LIMIT = env("TWO_FACTOR_RATE_LIMIT", "30/300")
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "toolkit.core.views.csrf_failure"

# Content Security Policy (Django's built-in): no inline script except the nonce'd one that
# GOV.UK Frontend needs to mark the body as js-enabled.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "toolkit.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "toolkit.core.logging.JsonFormatter"},
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env("LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Django's own "django" logger would also print through its default debug console
        # handler, unredacted (respondent tokens in paths): one handler, ours, for everything.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # runserver prints its own access lines; ours replace them in production.
        "django.server": {"level": "WARNING"},
        "toolkit.access": {"level": env("ACCESS_LOG_LEVEL", "INFO")},
    },
}

# Background work (imports, reports) runs as Django tasks, stored in the database and run by
# `manage.py db_worker` (django-tasks-db). Tests run them immediately.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The national benchmark reads each area's stored contribution; older than this, a background
# refresh is queued when the national page is viewed (and `refresh_benchmark` can run nightly).
BENCHMARK_MAX_AGE = timedelta(hours=int(env("BENCHMARK_MAX_AGE_HOURS", "24")))

# Area bundles are signed with the first key and verified with any (toolkit/portability/
# signing.py); instances that exchange bundles share one. Empty: a key derived from SECRET_KEY.
BACKUP_SIGNING_KEYS = env_list("BACKUP_SIGNING_KEYS")
# Days a deleted area can still be recovered before purge_deleted_areas removes it for good.
AREA_DELETION_GRACE_DAYS = int(env("AREA_DELETION_GRACE_DAYS", "30"))

# Framework content and reference data ship with the code as data files.
FRAMEWORK_CONTENT_DIR = BASE_DIR / "toolkit" / "framework" / "content"
PLACES_DATA_DIR = BASE_DIR / "toolkit" / "places" / "data"
AXES_USERNAME_CALLABLE = "toolkit.accounts.views.axes_username"
