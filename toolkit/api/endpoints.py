"""The versioned JSON API (/api/v1/): the NinjaAPI, its error handlers and one router per
resource (`routes/`). Thin: every endpoint finds the caller's membership of the area through
the token's user (`access.py`), checks role and token scope, then calls the same selectors and
services as the pages, so sealing, suppression and the register's rules are never
re-implemented here."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import TokenAuth
from .problems import (
    PROBLEM_CONTENT_TYPE,
    ProblemError,
    problem_response,
    validation_problem,
)
from .routes import actions, areas, imports, organisations, relationships, rounds

logger = logging.getLogger(__name__)


class ToolkitAPI(NinjaAPI):
    """NinjaAPI whose error responses are documented as application/problem+json, and whose
    views are marked as not needing a session sign-in (the bearer token is the sign-in)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
                    if int(status) == 429:
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait before trying again.",
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        }
                    if str(status) in ("200", "201") and operation.get("x-etag"):
                        response["headers"] = {
                            "ETag": {
                                "description": "Send it back in If-Match to change the resource.",
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        }
                operation.pop("x-etag", None)
        return schema

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            # LoginRequiredMiddleware: the API signs in by bearer token, not by session.
            pattern.callback.login_required = False
        return patterns, app_name, namespace


DESCRIPTION = """
Read an area's organisations, relationship register, rounds with their results (sealed and
suppressed exactly as on the results pages), joint action plan (actions with their progress
updates) and the import ledger; create and change relationships and actions, and add
progress updates to actions.

* **Authentication**: a personal access token from *Your account → API tokens*, sent as
  `Authorization: Bearer <token>`. Every request sees only the areas of the token's owner,
  with their role there. Read-only tokens cannot write.
* **Rate limit**: too many requests in a short time get `429` with `Retry-After`.
* **Changes**: relationships and actions carry an `ETag`; send it in `If-Match` when you
  change one. Without `If-Match` (or with `*`) you get `428`; if someone changed it since
  you read it, `412`. Adding a progress update to an action needs no `If-Match` (it adds, it
  does not overwrite) but gives the action a new `ETag`.
* **Pages**: lists take `page` and `page_size` (at most 200) and keep a stable order.
* **Errors**: RFC 9457 problem details (`application/problem+json`), with `errors` listing
  each invalid field.
"""

api = ToolkitAPI(
    title="Council–VCS relationships toolkit API",
    version="1",
    description=DESCRIPTION.strip(),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
    openapi_extra={"info": {"license": {"name": "Open Government Licence v3.0"}}},
)

for resource in (areas, organisations, relationships, actions, rounds, imports):
    api.add_router("", resource.router)


# --- errors -------------------------------------------------------------------------------


@api.exception_handler(ProblemError)
def _problem(request, exc):
    return problem_response(request, exc)


@api.exception_handler(ValidationError)
def _validation(request, exc):
    return problem_response(request, validation_problem(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem_response(
        request,
        ProblemError(
            401,
            "Send a valid personal access token as 'Authorization: Bearer <token>'. Tokens "
            "that have expired or been revoked no longer work.",
            kind="unauthenticated",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        ),
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem_response(request, ProblemError(exc.status_code, str(exc)))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(request, ProblemError(404, "There is nothing here.", kind="not-found"))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem_response(request, ProblemError(403, "Your role does not allow this."))


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error on %s", request.path)
    return problem_response(
        request, ProblemError(500, "Something went wrong on our side. It has been logged.")
    )
