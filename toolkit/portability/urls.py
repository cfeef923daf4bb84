"""/areas/<area_code>/data/: backup, and deleting the area (facilitators)."""

from django.urls import path

from . import views

app_name = "portability"

urlpatterns = [
    path("", views.index, name="index"),
    path("backup.zip", views.download, name="download"),
    path("delete/", views.delete, name="delete"),
    path("delete/cancel/", views.cancel, name="cancel"),
]
