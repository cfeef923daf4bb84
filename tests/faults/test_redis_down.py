"""Fault: Redis is unavailable. With the production cache settings pointing at a closed port,
respondents can still answer and send, people can still sign in (django-axes keeps its counts
in the database, not the cache), the API answers (rate limits fail open), and /healthz reports
"degraded" rather than failing."""

import re

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.assessment.questions import questions_for_round
from toolkit.rounds.models import AssessmentKind, Response, ResponseStatus
from toolkit.rounds.tests.factories import RoundFactory, confirmed_shared_link

pytestmark = pytest.mark.django_db

# As config/settings/production.py builds it from REDIS_URL, at a port nothing listens on.
REDIS_DOWN = {
    "default": {
        "BACKEND": "toolkit.core.cache.DegradingRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# Django's own RedisCache, which lets every Redis error through: the rate limiter must still
# fail open by itself.
PLAIN_REDIS_DOWN = {
    "default": {**REDIS_DOWN["default"], "BACKEND": "django.core.cache.backends.redis.RedisCache"}
}


def _down(caches_setting):
    # override_settings resets Django's cache handler (the setting_changed signal).
    with override_settings(CACHES=caches_setting):
        try:
            # Prove the cache really is unreachable, so the test cannot pass by accident.
            with pytest.raises(RedisConnectionError):
                caches["default"]._cache.get_client().ping()
            yield
        finally:
            caches.close_all()


@pytest.fixture
def redis_down():
    yield from _down(REDIS_DOWN)


@pytest.fixture(params=["production", "plain"])
def any_redis_down(request):
    yield from _down(REDIS_DOWN if request.param == "production" else PLAIN_REDIS_DOWN)


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_respondents_answer_and_send_without_redis(client, framework_loaded, redis_down):
    round_ = RoundFactory(assessment=AssessmentKind.QUICK)
    link = confirmed_shared_link(round_, "council")
    assert client.get(f"/respond/{link.token}/").status_code == 200
    started = client.post(f"/respond/{link.token}/")
    assert started.status_code == 302
    token = re.search(r"/respond/answers/([^/]+)/", started["Location"]).group(1)
    pages = [f"/respond/answers/{token}/"]
    for q in questions_for_round(round_):
        path = f"/respond/answers/{token}/assessment/questions/{q.number}/"
        pages.append(path)
        assert client.get(path).status_code == 200
        assert client.post(path, {"value": "3", "action": "continue"}).status_code == 302
    for kind, item in (("barriers", "local-history"), ("pressures", "climate-emergency")):
        path = f"/respond/answers/{token}/assessment/{kind}/"
        assert client.get(path).status_code == 200
        assert client.post(path, {"items": [item], "action": "continue"}).status_code == 302
    assert client.get(f"/respond/answers/{token}/check/").status_code == 200
    sent = client.post(f"/respond/answers/{token}/send/", {"round": round_.public_id})
    assert sent["Location"] == f"/respond/sent/{round_.public_id}/"
    assert client.get(sent["Location"]).status_code == 200
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1


def test_sign_in_and_lockout_work_without_redis(client, framework_loaded, redis_down):
    membership = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    user = membership.user
    user.set_password("a-long-test-password-1")
    user.save()
    assert client.get("/account/sign-in/").status_code == 200
    wrong = client.post("/account/sign-in/", {"username": user.email, "password": "wrong"})
    assert wrong.status_code == 200 and b"There is a problem" in wrong.content
    right = client.post(
        "/account/sign-in/", {"username": user.email, "password": "a-long-test-password-1"}
    )
    assert right.status_code == 302
    assert client.get(right["Location"], follow=True).status_code == 200
    # Lockout still counts, in the database.
    other = Client(raise_request_exception=False)
    for _ in range(6):
        last = other.post("/account/sign-in/", {"username": user.email, "password": "wrong"})
    assert last.status_code in (403, 429)


def test_healthz_reports_degraded_not_down(client, db, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "error", "worker": "ok"},
    }


def test_api_answers_without_redis(client, db, settings, any_redis_down):
    from toolkit.api.services import api_token_create

    settings.API_RATE_LIMIT = settings.API_AUTH_FAILURE_RATE_LIMIT = "1/60"
    membership = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    _token, plain = api_token_create(membership.user, name="script", scope="read")
    for _ in range(3):  # over both limits, which are off while Redis is away
        areas = client.get("/api/v1/areas", HTTP_AUTHORIZATION=f"Bearer {plain}")
        assert areas.status_code == 200
        assert [a["gss_code"] for a in areas.json()] == [membership.area.gss_code]
        assert client.get("/api/v1/areas", HTTP_AUTHORIZATION="Bearer vcst_x").status_code == 401


def test_sign_in_rate_limit_fails_open_without_redis(client, db, settings, redis_down):
    settings.SIGN_IN_RATE_LIMIT = "1/300"
    membership = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    membership.user.set_password("a-long-test-password-1")
    membership.user.save()
    for _ in range(2):
        wrong = client.post(
            "/account/sign-in/", {"username": "someone@example.org", "password": "x"}
        )
        assert wrong.status_code == 200
    right = client.post(
        "/account/sign-in/",
        {"username": membership.user.email, "password": "a-long-test-password-1"},
    )
    assert right.status_code == 302
