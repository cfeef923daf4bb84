"""API rate limits: per token, and per client address for requests without a valid token
(guessing tokens gets 429, not endless 401s), in the API's problem+json shape."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from .conftest import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_clock")]

AREAS = "/api/v1/areas"


def get(client, token=None, address="192.0.2.10", **extra):
    headers = bearer(token) if token else {}
    return client.get(AREAS, REMOTE_ADDR=address, **headers, **extra)


def assert_rate_limited(response):
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    problem = response.json()
    assert problem["status"] == 429 and problem["type"].endswith("#problem-rate-limited")
    assert f"Try again in {response['Retry-After']} seconds" in problem["detail"]


@pytest.mark.parametrize(
    "token", [None, "vcst_not-a-real-token", "not-even-the-prefix"], ids=["missing", "bad", "odd"]
)
def test_failed_authentications_per_address_get_429(client, db, settings, token):
    settings.API_AUTH_FAILURE_RATE_LIMIT = "3/60"
    for _ in range(3):
        assert get(client, token).status_code == 401
    assert_rate_limited(get(client, token))
    # Another address has its own allowance.
    assert get(client, token, address="192.0.2.11").status_code == 401


def test_an_address_over_its_failures_is_refused_even_with_a_good_token(client, world, settings):
    # Otherwise a right guess would still show as 200 among the 429s.
    settings.API_AUTH_FAILURE_RATE_LIMIT = "2/60"
    for _ in range(2):
        assert get(client, "vcst_guess").status_code == 401
    assert_rate_limited(get(client, world.read))
    assert get(client, world.read, address="192.0.2.99").status_code == 200


def test_good_tokens_do_not_use_up_the_failure_allowance(client, world, settings):
    settings.API_AUTH_FAILURE_RATE_LIMIT = "2/60"
    for _ in range(5):
        assert get(client, world.read).status_code == 200
    assert get(client, "vcst_typo").status_code == 401


def test_expired_token_counts_as_a_failure(client, world, settings):
    from datetime import timedelta

    from django.utils import timezone

    from toolkit.api.models import ApiToken

    settings.API_AUTH_FAILURE_RATE_LIMIT = "1/60"
    ApiToken.objects.filter(pk=world.read_token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert get(client, world.read).status_code == 401
    assert_rate_limited(get(client, world.read))


def test_failures_are_counted_by_the_forwarded_address_only_behind_proxies(client, db, settings):
    settings.API_AUTH_FAILURE_RATE_LIMIT = "1/60"
    settings.TRUSTED_PROXY_COUNT = 1
    via_proxy = {"address": "10.0.0.1"}  # the load balancer
    assert get(client, "vcst_x", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy).status_code == 401
    assert_rate_limited(get(client, "vcst_x", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy))
    # Someone else behind the same load balancer is not affected; a forged left-most address
    # does not help the first client.
    assert get(client, "vcst_x", HTTP_X_FORWARDED_FOR="203.0.113.6", **via_proxy).status_code == 401
    forged = "198.51.100.1, 203.0.113.5"
    assert_rate_limited(get(client, "vcst_x", HTTP_X_FORWARDED_FOR=forged, **via_proxy))


def test_per_token_limit_still_applies(client, world, settings):
    settings.API_RATE_LIMIT = "2/60"
    for _ in range(2):
        assert get(client, world.read).status_code == 200
    limited = get(client, world.read)
    assert_rate_limited(limited)
    assert "This token has made more than 2 requests" in limited.json()["detail"]


def test_openapi_document_is_not_rate_limited_by_failures(client, db, settings):
    settings.API_AUTH_FAILURE_RATE_LIMIT = "1/60"
    get(client)
    get(client)
    assert client.get("/api/v1/openapi.json", REMOTE_ADDR="192.0.2.10").status_code == 200


def test_api_answers_without_redis(client, world, settings):
    settings.API_AUTH_FAILURE_RATE_LIMIT = settings.API_RATE_LIMIT = "1/60"
    down = {
        "default": {
            "BACKEND": "toolkit.core.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:6390/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=down):
        try:
            for _ in range(3):  # limits are off (fail open), nothing fails
                assert get(client, world.read).status_code == 200
                assert get(client, "vcst_wrong").status_code == 401
        finally:
            caches.close_all()
