"""What /healthz reports: the database, the cache and the background task queue."""

import uuid
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

# A task waiting longer than this means no worker is taking work.
QUEUE_STALE_AFTER = timedelta(minutes=5)


def database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means unavailable
        return "error"
    return "ok"


def cache_check() -> str:
    # A round trip, not just "no exception": the production cache (toolkit/core/cache.py)
    # swallows Redis errors, and then reads back nothing, which is reported as "error".
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # noqa: BLE001
        return "error"
    return "ok" if ok else "error"


def queue_check() -> dict:
    """Tasks waiting in the database queue, and whether the oldest has waited too long."""
    try:
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status="READY")
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        count = waiting.count()
    except Exception:  # noqa: BLE001 - no table (another backend) or no database
        return {"status": "unknown", "waiting": None}
    stale = oldest is not None and timezone.now() - oldest > QUEUE_STALE_AFTER
    return {"status": "stalled" if stale else "ok", "waiting": count}


def health_checks() -> dict:
    database = database_check()
    checks = {"database": database, "cache": cache_check()}
    checks["worker"] = queue_check()["status"] if database == "ok" else "unknown"
    return checks
