"""Which areas take part in the national benchmark. Nothing else is stored: every national
figure is worked out from the areas' own results when it is shown, through the disclosure
rules in disclosure.py."""

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

    def __str__(self):
        return f"{self.area} takes part in the national benchmark"
