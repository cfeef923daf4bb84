"""An area's public progress page (docs/adr/0020, "Open progress"): off by default; one
facilitator proposes it, a facilitator of the other side confirms it, and either side's
facilitator can withdraw it at any time. One row per area, kept with who did what."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from toolkit.areas.models import Side


class PublicationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed by one side"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PublicProgress(models.Model):
    area = models.OneToOneField(
        "areas.Area", on_delete=models.CASCADE, related_name="public_progress"
    )
    status = models.CharField(max_length=10, choices=PublicationStatus.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_side = models.CharField(max_length=10, choices=Side.choices)
    proposed_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="progress_published_has_date",
            )
        ]

    def __str__(self):
        return f"Public progress page of {self.area}: {self.get_status_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_proposed(self) -> bool:
        return self.status == PublicationStatus.PROPOSED
