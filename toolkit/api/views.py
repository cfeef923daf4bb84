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
        # Shown once, on this response only; never stored or shown again.
        return render(request, "api/token_created.html", {"token": token, "plain": plain})
    return render(request, "api/token_create.html", {"form": form})


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
