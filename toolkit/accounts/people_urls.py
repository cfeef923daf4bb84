from django.urls import path

from . import people_views

app_name = "people"

urlpatterns = [
    path("", people_views.people, name="list"),
    path("invite/", people_views.invite, name="invite"),
    path(
        "invitations/<uuid:invitation_id>/withdraw/",
        people_views.invitation_revoke,
        name="invitation-revoke",
    ),
]
