from django.urls import path

from . import views

app_name = "areas"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:area_code>/", views.dashboard, name="dashboard"),
    path("<str:area_code>/organisations/", views.organisations, name="organisations"),
    path(
        "<str:area_code>/organisations/new/",
        views.organisation_create,
        name="organisation-create",
    ),
    path(
        "<str:area_code>/organisations/<uuid:organisation_id>/edit/",
        views.organisation_edit,
        name="organisation-edit",
    ),
]
