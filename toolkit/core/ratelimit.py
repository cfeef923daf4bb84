"""Rate limits: a fixed-window counter per (scope, key) in Django's default cache.

With Redis (production) one count is shared by every web process; with the local-memory cache
(development, tests) each process counts on its own. Keys are "rate:<scope>:<key>:<window>:
<start of the window>", and expire with the window.

If the cache fails (Redis down), the limiter fails OPEN: the request is allowed and a warning is
logged at most once a minute per process. Limits protect capacity; they are not what keeps
accounts safe (django-axes' lockouts are in the database), so refusing every request while
Redis is away would do more harm than a few minutes without limits. See
docs/adr/0009-rate-limits-cache-and-storage.md."""

from __future__ import annotations

import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .cache import warn_throttled

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    limit: int  # requests allowed in each window
    window: int  # seconds


def parse_rate(rate: str) -> Rate:
    """'120/60' -> 120 requests in 60 seconds; '30' -> 30 a minute. Raises ValueError."""
    requests, _, seconds = str(rate).strip().partition("/")
    parsed = Rate(int(requests), int(seconds or 60))
    if parsed.limit < 1 or parsed.window < 1:
        raise ValueError(f"A rate needs at least 1 request in at least 1 second: {rate!r}")
    return parsed


def rate_setting(name: str, default: str) -> Rate:
    return parse_rate(getattr(settings, name, None) or default)


def counted_as(key: str) -> str:
    """The key a limit counts. An IPv6 client address counts as its /64 network: one home or
    office connection usually holds all 2^64 addresses of it, so counting each address alone
    would let one client step around every limit. IPv4-mapped addresses count as IPv4."""
    try:
        address = ipaddress.ip_address(key)
    except ValueError:
        return key  # a token id, a digest: counted as it is
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return key


def _window(key: str, scope: str, window: int, now: float | None) -> tuple[str, float, int]:
    now = time.time() if now is None else now
    start = int(now // window) * window
    return f"rate:{scope}:{counted_as(key)}:{window}:{start}", now, start


def _wait(now: float, start: int, window: int) -> int:
    """Whole seconds (at least 1) until the window that started at `start` ends."""
    return max(1, int(start + window - now + 0.999))


def _cache_failed(exc: Exception) -> None:
    warn_throttled(
        "ratelimit-cache",
        "Rate limits are off: the cache failed (%s: %s)",
        type(exc).__name__,
        exc,
    )


def hit(
    scope: str, key: str, *, limit: int, window: int, now: float | None = None, count: int = 1
) -> int | None:
    """Count one request (or `count` things, such as emails) for `key` in `scope`. Returns None
    if they are allowed, or the seconds to wait until the window ends if they go over."""
    cache_key, now, start = _window(key, scope, window, now)
    try:
        # add() only sets a missing key; incr() is atomic in Redis and in the local cache.
        cache.add(cache_key, 0, timeout=window + 1)
        try:
            total = cache.incr(cache_key, count)
        except ValueError:  # expired between add and incr, or a degrading cache is down
            cache.set(cache_key, count, timeout=window + 1)
            total = count
    except Exception as exc:  # noqa: BLE001 - any cache failure: fail open
        _cache_failed(exc)
        return None
    return _wait(now, start, window) if total > limit else None


def exceeded(
    scope: str, key: str, *, limit: int, window: int, now: float | None = None, count: int = 1
) -> int | None:
    """Like hit() but without counting: the seconds to wait if `count` more (one unless said)
    would take `key` over its `limit` in this window, else None."""
    cache_key, now, start = _window(key, scope, window, now)
    try:
        used = cache.get(cache_key) or 0
    except Exception as exc:  # noqa: BLE001 - any cache failure: fail open
        _cache_failed(exc)
        return None
    return _wait(now, start, window) if used + count > limit else None
