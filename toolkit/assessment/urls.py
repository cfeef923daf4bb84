from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:round_id>/", views.profile, name="profile"),
    path("<uuid:round_id>/gaps/", views.gaps, name="gaps"),
    path("<uuid:round_id>/barriers/", views.barriers, name="barriers"),
    path("<uuid:round_id>/comments/", views.comments, name="comments"),
    path(
        "<uuid:round_id>/comments/<uuid:comment_id>/hide/",
        views.comment_hide,
        name="comment-hide",
    ),
    path("<uuid:round_id>/change/", views.trend, name="trend"),
    path("<uuid:round_id>/groups/", views.groups, name="groups"),
    path("<uuid:round_id>/groups.csv", views.groups_csv, name="groups-csv"),
    path("<uuid:round_id>/profile.csv", views.profile_csv, name="profile-csv"),
]
