"""Which areas take part in the national benchmark, and each one's latest contribution: the
figures its own results pages may show (never answers), worked out in the background so the
national page reads one row per area instead of recomputing every area's results. The
disclosure rules in toolkit/disclosure/national.py apply when the national figures are shown."""

from django.conf import settings
from django.db import models

from toolkit.core.models import BaseModel


class BenchmarkParticipation(BaseModel):
    """An area's facilitator has opted it in. Removing the row opts it out."""

    area = models.OneToOneField(
        "areas.Area", on_delete=models.CASCADE, related_name="benchmark_participation"
    )
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # selectors.record_to_json(area_record(area)); empty until first worked out.
    record = models.JSONField(default=dict, blank=True)
    record_computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.area} takes part in the national benchmark"
