"""An area's deletion, requested by a facilitator: recoverable until `purge_after`, then
deleted permanently (`manage.py purge_deleted_areas`)."""

from django.conf import settings
from django.db import models

from toolkit.core.models import BaseModel


class AreaDeletion(BaseModel):
    area = models.OneToOneField(
        "areas.Area", on_delete=models.CASCADE, related_name="scheduled_deletion"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    purge_after = models.DateTimeField()
    suspended_memberships = models.JSONField(
        default=list,
        blank=True,
        help_text="Memberships paused while the deletion is pending, with their end dates "
        "before, to put back if it is cancelled.",
    )

    class Meta:
        ordering = ["purge_after"]

    def __str__(self):
        return f"{self.area} is to be deleted after {self.purge_after:%Y-%m-%d}"
