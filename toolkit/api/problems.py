"""Errors as RFC 9457 problem details: one JSON shape for every error the API gives, served
as application/problem+json, with field-level messages for invalid requests."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "/api/v1/docs/#problem-"

logger = logging.getLogger(__name__)


class ProblemError(Exception):
    """Raise anywhere in an endpoint to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        kind: str = "",
        title: str = "",
        errors: list[dict] | None = None,
        headers: dict | None = None,
    ):
        super().__init__(detail or title)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.title = title or HTTPStatus(status).phrase
        self.errors = errors
        self.headers = headers or {}


def problem_document(
    status: int,
    detail: str = "",
    *,
    kind: str = "",
    title: str = "",
    errors: list[dict] | None = None,
    instance: str = "",
) -> dict:
    document = {
        "type": f"{PROBLEM_BASE}{kind}" if kind else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        document["instance"] = instance
    if errors is not None:
        document["errors"] = errors
    return document


def problem_response(request, error: ProblemError) -> HttpResponse:
    document = problem_document(
        error.status,
        error.detail,
        kind=error.kind,
        title=error.title,
        errors=error.errors,
        instance=request.path if request is not None else "",
    )
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder),
        status=error.status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in error.headers.items():
        response[name] = value
    return response


def field_name(loc) -> str:
    """('body', 'payload', 'title') -> 'title'; ('query', 'page') -> 'page'."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        source, rest = parts[0], parts[1:]
        if source == "body" and rest and rest[0] == "payload":
            rest = rest[1:]
        return ".".join(rest) or source
    return ".".join(parts)


def invalid_request(detail: str, errors: list[dict]) -> ProblemError:
    """422, with a message for each field that is wrong (`{"field": …, "message": …}`)."""
    return ProblemError(
        422, detail, kind="validation", title="Your request has errors", errors=errors
    )


def validation_problem(errors: list[dict]) -> ProblemError:
    return invalid_request(
        "Some of the values sent are not valid. See errors for each field.",
        [
            {"field": field_name(e.get("loc", ())), "message": str(e.get("msg", "Invalid"))}
            for e in errors
        ],
    )
