"""Failed sign-ins per client address (SIGN_IN_RATE_LIMIT), in the cache; django-axes still
locks an account after failures (in the database)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from .factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_clock")]

SIGN_IN = reverse("accounts:sign-in")


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def post(client, email, password, address="192.0.2.20"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_too_many_failures_from_one_address_get_a_429_page(client, settings):
    settings.SIGN_IN_RATE_LIMIT = "3/300"
    user = UserFactory(email="officer@example.org")
    # Different accounts: axes would not lock any of them.
    for i in range(3):
        assert post(client, f"someone{i}@example.org", "guess").status_code == 200
    limited = post(client, user.email, TEST_PASSWORD)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 300
    body = limited.content.decode()
    assert len(re.findall(r"<h1[\s>]", body)) == 1
    assert "Too many attempts to sign in from your network" in body
    assert re.search(r"You can try again after \d{1,2}:\d\d[ap]m \(in about", body)
    assert "_auth_user_id" not in client.session
    assert "no-cache" in limited.get("Cache-Control", "") or "max-age=0" in limited.get(
        "Cache-Control", ""
    )


def test_other_addresses_and_page_views_are_not_limited(client, settings):
    settings.SIGN_IN_RATE_LIMIT = "1/300"
    user = UserFactory(email="officer@example.org")
    assert post(client, user.email, "wrong").status_code == 200
    assert post(client, user.email, "wrong").status_code == 429
    assert client.get(SIGN_IN, REMOTE_ADDR="192.0.2.20").status_code == 200
    assert post(client, user.email, TEST_PASSWORD, address="192.0.2.21").status_code == 302


def test_successful_sign_ins_do_not_count(settings):
    # A workshop signing in together from one network.
    from django.test import Client

    settings.SIGN_IN_RATE_LIMIT = "1/300"
    users = [UserFactory(email=f"person{i}@example.org") for i in range(4)]
    for user in users:
        assert post(Client(), user.email, TEST_PASSWORD).status_code == 302
    assert post(Client(), "nobody@example.org", "wrong").status_code == 200
    assert post(Client(), users[0].email, TEST_PASSWORD).status_code == 429


def test_the_account_lockout_is_still_axes(client, settings):
    settings.SIGN_IN_RATE_LIMIT = "100/300"
    UserFactory(email="officer@example.org")
    for _ in range(5):
        post(client, "officer@example.org", "wrong")
    locked = post(client, "officer@example.org", TEST_PASSWORD)
    assert locked.status_code == 429
    assert "you cannot sign in for 15 minutes" in locked.content.decode()
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username="officer@example.org").exists()


def test_minutes_wording(rf, settings):
    from toolkit.accounts.views import sign_in_rate_limited

    request = rf.get("/")
    request.user = None
    assert "in about a minute" in sign_in_rate_limited(request, 30).content.decode()
    assert "in about 5 minutes" in sign_in_rate_limited(request, 290).content.decode()
