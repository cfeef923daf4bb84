"""Opting an area in to, or out of, the national benchmark (facilitators only: the views
check the role)."""

from .models import BenchmarkParticipation


def benchmark_opt_in(area, *, user) -> BenchmarkParticipation:
    participation, _created = BenchmarkParticipation.objects.get_or_create(
        area=area, defaults={"opted_in_by": user}
    )
    return participation


def benchmark_opt_out(area) -> None:
    BenchmarkParticipation.objects.filter(area=area).delete()
