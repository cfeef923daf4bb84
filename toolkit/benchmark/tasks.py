"""Background refresh of the areas' stored benchmark contributions."""

from django.core.cache import cache
from django.tasks import task

from . import services

# While a refresh is queued or running, page views do not queue another.
REFRESH_QUEUED_KEY = "benchmark:refresh-queued"
REFRESH_QUEUED_SECONDS = 15 * 60


@task()
def benchmark_refresh(area_ids: list[int] | None = None) -> int:
    try:
        return services.benchmark_records_refresh(area_ids)
    finally:
        cache.delete(REFRESH_QUEUED_KEY)


def benchmark_refresh_queue(area_ids: list[int]) -> bool:
    """Queue a refresh of these areas unless one is already queued. Returns whether queued."""
    if not area_ids or not cache.add(REFRESH_QUEUED_KEY, True, REFRESH_QUEUED_SECONDS):
        return False
    benchmark_refresh.enqueue(sorted(area_ids))
    return True
