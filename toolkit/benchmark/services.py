"""Opting an area in to, or out of, the national benchmark (facilitators only: the views
check the role), and working out the areas' stored contributions."""

from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from . import selectors
from .models import BenchmarkParticipation


def benchmark_record_refresh(area) -> None:
    """Work out one area's contribution from its own results now and store it."""
    record = selectors.area_record(area)
    BenchmarkParticipation.objects.filter(area=area).update(
        record=selectors.record_to_json(record), record_computed_at=timezone.now()
    )


def benchmark_records_refresh(
    area_ids: Iterable[int] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Refresh the stored contribution of the given opted-in areas (all by default). Each area
    is its own small transaction, so a failure part-way keeps the areas already done."""
    areas = selectors.participating_areas()
    if area_ids is not None:
        areas = areas.filter(pk__in=list(area_ids))
    areas = list(areas)
    for done, area in enumerate(areas, start=1):
        with transaction.atomic():
            benchmark_record_refresh(area)
        if progress:
            progress(done, len(areas))
    return len(areas)


def benchmark_opt_in(area, *, user) -> BenchmarkParticipation:
    participation, created = BenchmarkParticipation.objects.get_or_create(
        area=area, defaults={"opted_in_by": user}
    )
    if created:
        # One area's figures are quick to work out; doing it now means the area counts in the
        # national picture straight away.
        benchmark_record_refresh(area)
        participation.refresh_from_db()
    return participation


def benchmark_opt_out(area) -> None:
    """Opting out removes the stored contribution with the participation."""
    BenchmarkParticipation.objects.filter(area=area).delete()
