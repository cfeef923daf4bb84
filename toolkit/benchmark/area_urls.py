"""/areas/<area_code>/benchmark/: an area's part in the national benchmark."""

from django.urls import path

from . import views

app_name = "benchmark-area"

urlpatterns = [
    path("", views.area_page, name="index"),
    path("opt-in/", views.opt_in, name="opt-in"),
    path("opt-out/", views.opt_out, name="opt-out"),
]
