from django.urls import path

from . import views

app_name = "reports"

# Downloads end in their file's suffix, so that crawlers and browsers treat them as files.
urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.summary, name="summary"),
    path("<uuid:report_id>/", views.report, name="report"),
    path("<uuid:report_id>/report.pdf", views.download, {"fmt": "pdf"}, name="download-pdf"),
    path("<uuid:report_id>/report.docx", views.download, {"fmt": "docx"}, name="download-docx"),
    path("data/all.xlsx", views.data_xlsx, name="data-xlsx"),
    path("data/<slug:dataset>.csv", views.data_csv, name="data-csv"),
]
