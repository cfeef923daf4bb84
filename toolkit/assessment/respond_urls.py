"""Question pages, mounted by toolkit.rounds.respond_urls at
/respond/answers/<token>/assessment/."""

from django.urls import path

from . import respond_views

app_name = "assessment"

urlpatterns = [
    path("questions/<int:number>/", respond_views.question, name="question"),
    path("barriers/", respond_views.barriers, name="barriers"),
    path("pressures/", respond_views.pressures, name="pressures"),
]
