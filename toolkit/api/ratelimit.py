"""Rate limiting for the API: a fixed window counter per token in Django's cache. Works with
the local-memory cache (one count per process) and with a shared cache such as Redis (one
count for every web process)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_RATE = "120/60"  # requests per seconds


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/60' -> (120 requests, 60 seconds)."""
    requests, _, seconds = rate.partition("/")
    return int(requests), int(seconds or 60)


def current_rate() -> tuple[int, int]:
    return parse_rate(getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE))


def hit(key: str, *, limit: int, window: int, now: float | None = None) -> int | None:
    """Count one request for `key`. Returns None if allowed, or the whole seconds to wait
    (at least 1) until the current window ends if the limit is exceeded."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    cache_key = f"api-rate:{key}:{window}:{window_start}"
    # add() only sets a missing key; incr() is atomic in Redis and in the local-memory cache.
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add and incr
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, int(window_start + window - now + 0.999))
    return None
