"""/api/v1/: the documentation page, the OpenAPI document and the endpoints (ninja)."""

from django.urls import path

from . import views
from .endpoints import api

_patterns, _app_name, _namespace = api.urls
app_name = "api"  # ninja reverses "api:api-root" (urls_namespace) to build paths

urlpatterns = [
    path("docs/", views.docs, name="docs"),
    *[p for p in _patterns if p.name != "api-root"],
    # ninja reverses its root by this name to build the document's paths.
    path("", views.root, name="api-root"),
]
