"""Public URLs for respondents who answer through an invite link, without an account."""

from django.urls import path  # noqa: F401

app_name = "respond"

urlpatterns = []
