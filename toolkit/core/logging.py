"""Structured JSON logs with a request id on every line, and no personal data: requests are
logged by route name (never the path, which may hold a respondent's token), method, status
and duration; no IP address, no user, no answers."""

import contextvars
import json
import logging
import re
import time
import uuid

from django.urls import Resolver404, resolve

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")
access_log = logging.getLogger("toolkit.access")


# Paths whose last segments are secrets (respondent and invitation links, password resets).
SECRET_PATH = re.compile(
    r"(/respond/(?:answers/)?|/account/invitations/|/account/password-reset/)[^\s\"']+"
)


def redact(text: str) -> str:
    return SECRET_PATH.sub(r"\1[redacted]", text)


class RequestIdFilter(logging.Filter):
    """Adds the request id, and takes link tokens out of every message (Django's own loggers
    write request paths, for example "Not Found: /respond/<token>/")."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key in ("route", "method", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def route_name(request) -> str:
    # Django has already resolved the URL for the view; resolve again only when it could not.
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "not-found"
    return match.view_name or "unnamed"


class RequestIdMiddleware:
    """Take the load balancer's X-Request-ID when it looks safe, else make one; echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            access_log.info(
                "request",
                extra={
                    "route": route_name(request),
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
