"""A Redis cache that degrades instead of failing when Redis cannot be reached.

Django's RedisCache has no option to ignore connection errors (django-redis has one; Django's
built-in backend does not), so this subclass catches them: reads miss, writes are dropped,
`add` reports that nothing was added, `incr` behaves as for a missing key (ValueError). After a
failure the process stops trying Redis for `RETRY_AFTER` seconds, so that a Redis host that
does not answer costs one socket timeout every few seconds rather than one on every call.
Warnings are logged at most once a minute per process (`warn_throttled`).

/healthz is not fooled: its set-then-get round trip reads back nothing and reports the cache
as "error" (toolkit/core/health.py)."""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What "Redis is unreachable" looks like from redis-py (Django's RedisCache lets them through).
# BusyLoadingError (Redis still loading its data after a restart) is a ConnectionError.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)

WARN_INTERVAL = 60.0  # seconds between two warnings about the same thing, per process
_warned: dict[str, float] = {}
_warned_lock = threading.Lock()


def warn_throttled(what: str, message: str, *args, interval: float = WARN_INTERVAL) -> bool:
    """Log a warning about `what` unless one was logged less than `interval` seconds ago in
    this process. Returns whether it was logged."""
    now = time.monotonic()
    with _warned_lock:
        last = _warned.get(what)
        if last is not None and now - last < interval:
            return False
        _warned[what] = now
    logger.warning(message, *args)
    return True


class DegradingRedisCache(RedisCache):
    RETRY_AFTER = 5.0  # seconds without trying Redis after it failed

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, exc: Exception) -> None:
        self._down_until = time.monotonic() + self.RETRY_AFTER
        warn_throttled(
            "cache-unreachable",
            "Cache unreachable (%s on %s); carrying on without it: %s",
            type(exc).__name__,
            operation,
            exc,
        )

    def _call(self, operation: str, default, method, *args, **kwargs):
        if not self._available():
            return default
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as exc:
            self._failed(operation, exc)
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, super().incr, key, delta, version)
        if result is missing:
            # As for a key that is not there: callers already handle that.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Nothing was stored: every key "failed" (Django's contract for set_many).
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
