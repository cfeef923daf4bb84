import uuid

from django.db import models


class BaseModel(models.Model):
    """Every domain row: when it was made and changed, and a public id that is safe to show
    in URLs and exports (database ids are never exposed)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Job(BaseModel):
    """Progress of long work run as a background task (an import, a report), so that a page
    can show it. The task updates `done`/`total`; the page refreshes until it finishes."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50)
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, null=True, related_name="+")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class StagedImport(BaseModel):
    """An uploaded file and the preview of what importing it would do, kept until the person
    confirms or drops it (see ``core.imports``). The file's SHA-256 ties the preview to it."""

    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        READY = "ready", "Ready to import"
        REJECTED = "rejected", "Has problems"
        APPLYING = "applying", "Being imported"
        APPLIED = "applied", "Imported"
        FAILED = "failed", "Failed"

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, null=True, related_name="+"
    )
    kind = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKING)
    preview = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)

    OPEN = (Status.CHECKING, Status.READY, Status.REJECTED)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind}: {self.file_name} ({self.get_status_display()})"
