"""System checks (run by `manage.py check` and at start-up): settings that would otherwise
fail only when a request arrives."""

from django.conf import settings
from django.core.checks import Error, register

from .ratelimit import parse_rate

RATE_SETTINGS = (
    "SIGN_IN_RATE_LIMIT",
    "API_RATE_LIMIT",
    "API_AUTH_FAILURE_RATE_LIMIT",
    "PASSWORD_RESET_RATE_LIMIT",
    "PASSWORD_RESET_EMAIL_RATE_LIMIT",
    "TWO_FACTOR_RATE_LIMIT",
    "INVITATION_RATE_LIMIT",
    "INVITATION_AREA_RATE_LIMIT",
    "LINK_EMAIL_RATE_LIMIT",
    "LINK_EMAIL_AREA_RATE_LIMIT",
    "JOIN_CODE_RATE_LIMIT",
)


@register()
def rate_settings_check(app_configs, **kwargs):
    errors = []
    for name in RATE_SETTINGS:
        value = getattr(settings, name, None)
        if value is None:
            continue
        try:
            parse_rate(value)
        except (TypeError, ValueError):
            errors.append(
                Error(
                    f"{name} must be 'requests/seconds', such as '30/300', not {value!r}.",
                    id="core.E001",
                )
            )
    return errors
