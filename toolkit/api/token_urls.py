"""/account/api-tokens/: a signed-in person's personal access tokens."""

from django.urls import path

from . import views

app_name = "api-tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_create, name="create"),
    path("new/made/", views.token_created, name="created"),
    path("<uuid:token_id>/revoke/", views.token_revoke, name="revoke"),
]
