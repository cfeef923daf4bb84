"""Respondent pages, mounted by toolkit.rounds at /respond/answers/<token>/mapping/."""

from django.urls import path

from . import respond_views

app_name = "mapping"

urlpatterns = [
    path("", respond_views.choose, name="choose"),
    path("<uuid:relationship_id>/", respond_views.rate, name="rate"),
]
