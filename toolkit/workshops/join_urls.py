"""Public pages for joining a workshop by its code, without an account: mounted at /join/."""

from django.urls import path

from . import join_views

app_name = "join"

urlpatterns = [
    path("", join_views.enter, name="enter"),
    path("<str:code>/", join_views.choose_side, name="code"),
]
