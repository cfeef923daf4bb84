from django.urls import path

from . import room_views, views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("new/", views.workshop_create, name="create"),
    path("<uuid:workshop_id>/", views.workshop_detail, name="detail"),
    path("<uuid:workshop_id>/agenda/build/", views.agenda_build, name="agenda-build"),
    path("<uuid:workshop_id>/agenda/add/", views.agenda_add, name="agenda-add"),
    path("<uuid:workshop_id>/items/<uuid:item_id>/", views.item_detail, name="item"),
    path("<uuid:workshop_id>/items/<uuid:item_id>/move/", views.item_move, name="item-move"),
    path("<uuid:workshop_id>/items/<uuid:item_id>/remove/", views.item_remove, name="item-remove"),
    path("<uuid:workshop_id>/items/<uuid:item_id>/action/", views.item_action, name="item-action"),
    path("<uuid:workshop_id>/joining/", views.joining_open, name="joining-open"),
    path("<uuid:workshop_id>/links/confirm/", views.links_confirm, name="links-confirm"),
    path("<uuid:workshop_id>/finish/", views.workshop_finish, name="finish"),
    path("<uuid:workshop_id>/projector/", room_views.projector, name="projector"),
    path("<uuid:workshop_id>/presenter/", room_views.presenter, name="presenter"),
    path("<uuid:workshop_id>/step/", room_views.step, name="step"),
    path("<uuid:workshop_id>/reveal/", room_views.reveal, name="reveal"),
    path("<uuid:workshop_id>/live.json", room_views.live, name="live"),
    path("<uuid:workshop_id>/record.pdf", views.record_download, {"fmt": "pdf"}, name="record-pdf"),
    path(
        "<uuid:workshop_id>/record.docx",
        views.record_download,
        {"fmt": "docx"},
        name="record-docx",
    ),
]
