from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.index, name="index"),
    path("organisations/", views.directory, name="directory"),
    path("organisations/<uuid:organisation_id>/", views.organisation, name="organisation"),
    path("funding/", views.funding, name="funding"),
    path("value/", views.value_calculator, name="value"),
    path("imports/", views.imports, name="imports"),
    path("imports/jobs/<uuid:job_id>/", views.job, name="job"),
    path("imports/check/<uuid:staged_id>/", views.import_preview, name="import-preview"),
    path("imports/<uuid:run_id>/", views.import_run, name="import-run"),
    path("recipients/", views.recipients, name="recipients"),
    path("recipients/confirm/", views.recipient_confirm, name="recipient-confirm"),
    path("recipients/create/", views.recipient_create, name="recipient-create"),
]
