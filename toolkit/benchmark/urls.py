"""/national/: the national benchmark, for national analysts (account level)."""

from django.urls import path

from . import views

app_name = "benchmark"

urlpatterns = [path("", views.national, name="national")]
