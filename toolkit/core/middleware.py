"""Turn a lost database connection into a calm "try again" page instead of a 500.

When the database drops a connection (a failover, a restart, a network blip), Django raises
OperationalError or InterfaceError from inside the view. The transaction the view was in has
been rolled back, so nothing half-written is kept, and whatever the person saved on earlier
pages is still stored. This page says so, answers 503 with Retry-After, and for a form that was
being sent it keeps what was typed: the posted fields go back into a form with a "Try again"
button that sends them again to the same address (with a fresh CSRF token). Services are
idempotent where it matters (sending answers locks the row and returns a response already
sent), so a retry stores exactly one response.

The page is rendered without the request context: context processors may need the database."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

logger = logging.getLogger("toolkit.core.database")

RETRY_AFTER_SECONDS = 5
# Fields never written back into the page.
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}
SENSITIVE_WORDS = ("password", "token", "secret", "otp", "code")


def _kept_fields(request) -> list[tuple[str, str]]:
    if request.method != "POST" or request.FILES:
        return []
    kept = []
    for name, values in request.POST.lists():
        lowered = name.lower()
        if name in SKIPPED_FIELDS or any(word in lowered for word in SENSITIVE_WORDS):
            continue
        kept.extend((name, value) for value in values)
    return kept


def database_unavailable(request) -> HttpResponse:
    kept = _kept_fields(request)
    body = render_to_string(
        "503.html",
        {
            "retry_url": request.get_full_path() if request.method == "POST" else "",
            "kept": kept,
            "csrf_token": get_token(request) if request.method == "POST" else "",
            "retry_after": RETRY_AFTER_SECONDS,
        },
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once by the middleware, by exception class: django.request would log the path,
    # which for respondents holds their resume token.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # The exception's class only: its text may quote SQL parameters (answers).
        logger.error("database unavailable: %s", type(exception).__name__, exc_info=exception)
        return database_unavailable(request)
