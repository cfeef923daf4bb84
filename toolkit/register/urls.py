from django.urls import path

from . import lead_views, views

app_name = "register"

urlpatterns = [
    path("", views.relationship_list, name="list"),
    path("new/", views.relationship_create, name="create"),
    path("import/", views.register_import, name="import"),
    path("import/<uuid:staged_id>/", views.register_import_preview, name="import-preview"),
    path("settings/", views.register_settings, name="settings"),
    path("disagreements/", views.judgement_disagreements, name="disagreements"),
    path("register.csv", views.export_csv, name="export-csv"),
    path("register.xlsx", views.export_xlsx, name="export-xlsx"),
    path("template.csv", views.template_csv, name="template-csv"),
    path("template.xlsx", views.template_xlsx, name="template-xlsx"),
    path("directory/", lead_views.directory, name="directory"),
    path("directory/handover/", lead_views.handover, name="handover"),
    path(
        "organisations/<uuid:organisation_id>/leads/",
        lead_views.organisation_leads,
        name="organisation-leads",
    ),
    path("<uuid:relationship_id>/", views.relationship_detail, name="detail"),
    path("<uuid:relationship_id>/leads/", lead_views.relationship_leads, name="leads"),
    path("<uuid:relationship_id>/edit/", views.relationship_edit, name="edit"),
    path("<uuid:relationship_id>/sides/", views.relationship_sides, name="sides"),
    path(
        "<uuid:relationship_id>/sides/<str:side>/",
        views.side_judgement_edit,
        name="side-judgement",
    ),
]
