from django.urls import path

from . import views

app_name = "rounds"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="create"),
    path("<uuid:round_id>/", views.round_detail, name="detail"),
    path("<uuid:round_id>/open/", views.round_open, name="open"),
    path("<uuid:round_id>/close/", views.round_close, name="close"),
    path("<uuid:round_id>/links/", views.round_links, name="links"),
    path("<uuid:round_id>/links/<uuid:link_id>/withdraw/", views.link_revoke, name="link-revoke"),
    path("<uuid:round_id>/links/<uuid:link_id>/confirm/", views.link_confirm, name="link-confirm"),
    path("<uuid:round_id>/links/<uuid:link_id>/replace/", views.link_replace, name="link-replace"),
    path("<uuid:round_id>/respond/", views.round_respond, name="respond"),
]
