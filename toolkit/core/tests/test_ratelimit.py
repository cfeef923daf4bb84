"""The fixed-window limiter, the degrading Redis cache, the client address and the checks."""

import logging

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory, override_settings

from toolkit.core import cache as degrading
from toolkit.core import ratelimit
from toolkit.core.checks import rate_settings_check
from toolkit.core.client_ip import client_ip
from toolkit.core.health import cache_check

# Ports nothing listens on: Redis "down" (refused at once, as a stopped Redis on its host).
CLOSED = "redis://127.0.0.1:6390/0"
FAST = {"socket_connect_timeout": 1, "socket_timeout": 1}
PLAIN_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CLOSED,
        "OPTIONS": FAST,
    }
}
DEGRADING_DOWN = {
    "default": {
        "BACKEND": "toolkit.core.cache.DegradingRedisCache",
        "LOCATION": CLOSED,
        "OPTIONS": FAST,
    }
}


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    degrading._warned.clear()
    yield
    cache.clear()
    degrading._warned.clear()


def test_window_counts_exactly():
    assert ratelimit.hit("t", "k", limit=2, window=60, now=120.0) is None
    assert ratelimit.hit("t", "k", limit=2, window=60, now=150.0) is None
    assert ratelimit.hit("t", "k", limit=2, window=60, now=170.5) == 10
    assert ratelimit.hit("t", "k", limit=2, window=60, now=180.0) is None  # next window


def test_scopes_and_keys_count_apart():
    assert ratelimit.hit("a", "k", limit=1, window=60, now=0.0) is None
    assert ratelimit.hit("a", "k", limit=1, window=60, now=1.0) == 59
    assert ratelimit.hit("b", "k", limit=1, window=60, now=1.0) is None
    assert ratelimit.hit("a", "other", limit=1, window=60, now=1.0) is None
    assert cache.get("rate:a:k:60:0") == 2


def test_ipv6_addresses_count_by_their_64_network():
    """One connection holds a whole /64: stepping through it must not escape a limit."""
    assert ratelimit.hit("s", "2001:db8:1:2::1", limit=1, window=60, now=0.0) is None
    assert ratelimit.hit("s", "2001:db8:1:2:ffff::abcd", limit=1, window=60, now=1.0) == 59
    assert ratelimit.hit("s", "2001:db8:1:3::1", limit=1, window=60, now=1.0) is None
    assert ratelimit.counted_as("::ffff:192.0.2.7") == "192.0.2.7"
    assert ratelimit.counted_as("192.0.2.7") == "192.0.2.7"
    assert ratelimit.counted_as("token:42") == "token:42"


def test_exceeded_looks_without_counting():
    for _ in range(3):
        assert ratelimit.exceeded("s", "k", limit=3, window=60, now=10.0) is None
    for _ in range(3):
        ratelimit.hit("s", "k", limit=3, window=60, now=10.0)
    assert ratelimit.exceeded("s", "k", limit=3, window=60, now=10.0) == 50
    assert cache.get("rate:s:k:60:0") == 3


def test_parse_rate():
    assert ratelimit.parse_rate("120/60") == ratelimit.Rate(120, 60)
    assert ratelimit.parse_rate(" 30 ") == ratelimit.Rate(30, 60)
    for bad in ("", "x/60", "0/60", "5/0", "5/-1"):
        with pytest.raises(ValueError):
            ratelimit.parse_rate(bad)


@pytest.mark.parametrize("caches_setting", [PLAIN_DOWN, DEGRADING_DOWN], ids=["plain", "degrading"])
def test_limiter_fails_open_and_warns_once(caches_setting, caplog):
    with override_settings(CACHES=caches_setting):
        try:
            with caplog.at_level(logging.WARNING, logger="toolkit.core.cache"):
                for _ in range(5):
                    assert ratelimit.hit("s", "k", limit=1, window=60) is None
                    assert ratelimit.exceeded("s", "k", limit=1, window=60) is None
            warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
            assert len(warnings) == 1, [r.getMessage() for r in warnings]
        finally:
            caches.close_all()


def test_degrading_cache_misses_and_drops_writes_when_redis_is_down(caplog):
    with override_settings(CACHES=DEGRADING_DOWN):
        try:
            down = caches["default"]
            with caplog.at_level(logging.WARNING, logger="toolkit.core.cache"):
                assert down.get("k", "default") == "default"
                assert down.get_many(["a", "b"]) == {}
                assert down.add("k", 1) is False
                assert down.set("k", 1) is None
                assert down.delete("k") is False
                assert down.has_key("k") is False
                assert down.set_many({"a": 1}) == ["a"]
                assert down.get_or_set("k", 5) == 5
                with pytest.raises(ValueError):
                    down.incr("k")
            assert "Cache unreachable" in caplog.text
            # The health check is not fooled.
            assert cache_check() == "error"
        finally:
            caches.close_all()


def test_degrading_cache_stops_trying_for_a_while_after_a_failure(monkeypatch):
    with override_settings(CACHES=DEGRADING_DOWN):
        try:
            down = caches["default"]
            calls = []
            original = down._cache.get

            def counting_get(*args):
                calls.append(args)
                return original(*args)

            monkeypatch.setattr(down._cache, "get", counting_get)
            for _ in range(10):
                assert down.get("k") is None
            assert len(calls) == 1  # one attempt, then the pause
            down._down_until = 0.0  # the pause is over
            down.get("k")
            assert len(calls) == 2
        finally:
            caches.close_all()


def test_degrading_cache_works_when_redis_is_up():
    setting = {
        "default": {
            "BACKEND": "toolkit.core.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
            "OPTIONS": FAST,
        }
    }
    with override_settings(CACHES=setting):
        try:
            up = caches["default"]
            up.delete("rate-test")
            assert up.add("rate-test", 0, 10) is True
            assert up.incr("rate-test") == 1
            assert up.get("rate-test") == 1
            assert cache_check() == "ok"
            up.delete("rate-test")
        finally:
            caches.close_all()


def test_warn_throttled_logs_once_per_interval(caplog, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(degrading.time, "monotonic", lambda: clock[0])
    with caplog.at_level(logging.WARNING, logger="toolkit.core.cache"):
        assert degrading.warn_throttled("x", "first") is True
        clock[0] += 59
        assert degrading.warn_throttled("x", "second") is False
        assert degrading.warn_throttled("y", "other thing") is True
        clock[0] += 2
        assert degrading.warn_throttled("x", "third") is True
    assert [r.getMessage() for r in caplog.records] == ["first", "other thing", "third"]


# --- client address ------------------------------------------------------------------------


def request_from(remote="10.0.0.9", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_forwarded_for_is_ignored_without_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from(forwarded="1.2.3.4")) == "10.0.0.9"


def test_forwarded_for_is_read_from_the_right_with_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent "1.2.3.4" itself; the load balancer appended the address it saw.
    assert client_ip(request_from(forwarded="1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(forwarded="1.2.3.4, 203.0.113.7, 10.1.1.1")) == "203.0.113.7"
    assert client_ip(request_from(forwarded="203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from(forwarded="not-an-address, 10.1.1.1")) == "10.0.0.9"
    assert client_ip(request_from()) == "10.0.0.9"


def test_axes_uses_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(request_from(forwarded="9.9.9.9, 203.0.113.7")) == "203.0.113.7"


@pytest.mark.parametrize(
    "name",
    [
        "SIGN_IN_RATE_LIMIT",
        "API_RATE_LIMIT",
        "API_AUTH_FAILURE_RATE_LIMIT",
        "PASSWORD_RESET_RATE_LIMIT",
        "PASSWORD_RESET_EMAIL_RATE_LIMIT",
    ],
)
def test_rate_settings_are_checked(settings, name):
    setattr(settings, name, "thirty")
    errors = [e for e in rate_settings_check(None) if e.id == "core.E001"]
    assert len(errors) == 1 and name in errors[0].msg


def test_several_things_are_counted_at_once(rate_clock):
    """Emails sent in a batch count as many as were sent: a batch that would go over is
    refused whole by exceeded(), and hit() counts all of it."""
    from django.core.cache import cache

    cache.clear()
    assert ratelimit.exceeded("batch", "k", limit=5, window=60, count=5) is None
    assert ratelimit.hit("batch", "k", limit=5, window=60, count=3) is None
    assert ratelimit.exceeded("batch", "k", limit=5, window=60, count=2) is None
    assert ratelimit.exceeded("batch", "k", limit=5, window=60, count=3) is not None
    assert ratelimit.hit("batch", "k", limit=5, window=60, count=3) is not None
    cache.clear()
