from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("rounds/<uuid:round_id>/email-links/", views.link_emails, name="link-emails"),
]
