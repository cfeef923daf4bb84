"""Generated reports. The file is kept in the database (``content``) rather than on a disk, so
that any of several stateless web processes can serve what a background worker produced.
``scopes`` records which parts of the area the report was built from (everything for the
area's members; only what was granted for a peer reviewer): a report is downloadable only by
members who may read all of those parts."""

from django.conf import settings
from django.db import models

from toolkit.core.models import BaseModel


class ReportKind(models.TextChoices):
    AREA = "area", "Area report (for a cabinet, board or peer challenge team)"
    SUMMARY = "summary", "One-page summary for lead members and senior officers"


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF (to read and print)"
    DOCX = "docx", "Word document (to edit)"


CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class Report(BaseModel):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    format = models.CharField(max_length=5, choices=ReportFormat.choices)
    scopes = models.JSONField(default=list)
    job = models.OneToOneField(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.format})"

    @property
    def file_name(self) -> str:
        stem = "area-report" if self.kind == ReportKind.AREA else "lead-member-summary"
        return f"{self.area.gss_code}-{stem}-{self.created_at:%Y-%m-%d}.{self.format}"

    @property
    def is_ready(self) -> bool:
        return self.finished_at is not None
