from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .endpoints import api
from .forms import TokenCreateForm

# --- personal access tokens (account level) ------------------------------------------------

# The plain token of the token just made, kept in the session only until the page that shows
# it is first loaded (POST/redirect/GET: refreshing that page makes no second token).
CREATED_SESSION_KEY = "api_token_created"


def token_list(request):
    return render(request, "api/tokens.html", {"tokens": selectors.tokens_for_user(request.user)})


@never_cache
@require_http_methods(["GET", "POST"])
def token_create(request):
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token, plain = services.api_token_create(
            request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_in_days=form.cleaned_data["expires_in_days"],
        )
        request.session[CREATED_SESSION_KEY] = {"id": str(token.public_id), "plain": plain}
        return redirect("api-tokens:created")
    return render(request, "api/token_create.html", {"form": form})


@never_cache
@require_http_methods(["GET"])
def token_created(request):
    """Shows the new token once: the first load takes it out of the session, so a refresh (or
    Back) says it can no longer be shown."""
    created = request.session.pop(CREATED_SESSION_KEY, None)
    token = None
    if created:
        token = selectors.token_for_user(request.user, created.get("id"))
    if token is None:
        return render(
            request,
            "api/token_created.html",
            {"tokens": selectors.tokens_for_user(request.user)},
        )
    return render(request, "api/token_created.html", {"token": token, "plain": created["plain"]})


@require_http_methods(["GET", "POST"])
def token_revoke(request, token_id):
    token = selectors.token_for_user(request.user, token_id)
    if token is None:
        raise Http404("No such token.")
    if request.method == "POST":
        services.api_token_revoke(token)
        messages.success(request, f"The token ‘{token.name}’ has been revoked.")
        return redirect("api-tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})


# --- documentation (public) -----------------------------------------------------------------


def _operations(schema: dict) -> list[dict]:
    found = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            parameters = []
            for p in operation.get("parameters", []):
                parameters.append(
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "required": p.get("required", False),
                        "description": p.get("description", "")
                        or p.get("schema", {}).get("description", ""),
                        "type": _type_of(p.get("schema", {})),
                    }
                )
            found.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or ["Other"])[0],
                    "parameters": parameters,
                    "has_body": "requestBody" in operation,
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


def _type_of(schema: dict) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(repr(v) for v in schema["enum"] if v != "")
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("format"):
        return f"{schema.get('type', '')} ({schema['format']})"
    return schema.get("type", "")


@login_not_required
def docs(request):
    schema = api.get_openapi_schema()
    operations = _operations(schema)
    tags = list(dict.fromkeys(o["tag"] for o in operations))
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "openapi_version": schema["openapi"],
            "groups": [(tag, [o for o in operations if o["tag"] == tag]) for tag in tags],
        },
    )


@login_not_required
def root(request, **kwargs):
    return redirect("api:docs")
