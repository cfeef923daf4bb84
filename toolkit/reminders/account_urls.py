from django.urls import path

from . import views

app_name = "reminders-account"

urlpatterns = [path("", views.preferences, name="preferences")]
