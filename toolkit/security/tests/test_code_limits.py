"""Wrong codes at sign-in are limited per account (in the database) and per client address,
not only per pending sign-in (review F9)."""

from datetime import timedelta

import pyotp
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from toolkit.accounts.tests.factories import TEST_PASSWORD, UserFactory
from toolkit.security import selectors, services
from toolkit.security.models import AuditEvent, TOTPDevice

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("security:sign-in-code")
RECOVERY = reverse("security:sign-in-recovery")


def user_with_device():
    user = UserFactory()
    device = TOTPDevice.objects.create(
        user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )
    return user, pyotp.TOTP(device.secret)


def wrong_codes(totp):
    right = int(totp.now())
    candidates = (f"{(right + n) % 1_000_000:06d}" for n in range(500_000, 500_100))
    return (c for c in candidates if not totp.verify(c, valid_window=1))


def password_step(client, user, address="192.0.2.77"):
    return client.post(
        SIGN_IN, {"username": user.email, "password": TEST_PASSWORD}, REMOTE_ADDR=address
    )


def test_signing_in_again_does_not_give_more_guesses():
    user, totp = user_with_device()
    guesses = wrong_codes(totp)
    for _ in range(4):  # 20 wrong codes, 5 per password step
        c = Client()
        password_step(c, user)
        for _ in range(5):
            c.post(CODE, {"code": next(guesses)})
    c = Client()
    password_step(c, user)
    response = c.post(CODE, {"code": totp.now()})
    assert "_auth_user_id" not in c.session, "20 wrong codes later, the account is not held"
    assert response.status_code == 429


def test_ten_wrong_codes_hold_the_account_with_a_clear_page(settings):
    settings.TWO_FACTOR_FAILURE_LIMIT = 10
    user, totp = user_with_device()
    guesses = wrong_codes(totp)
    c = Client()
    for _ in range(2):
        password_step(c, user)
        for _ in range(5):
            response = c.post(CODE, {"code": next(guesses)})
    assert response.status_code == 429
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "Too many wrong codes" in body
    assert "no codes will be accepted for it until" in body
    assert "the facilitator of your area or the service team can help" in body
    assert int(response["Retry-After"]) > 14 * 60
    event = AuditEvent.objects.get(action="two_factor_held")
    assert event.actor == user and "10 wrong codes" in event.target
    assert AuditEvent.objects.filter(action="two_factor_failed").count() == 10

    # Held: the right code (app or recovery) does not sign in, even from a new browser, and
    # clearing the cache (Redis lost) does not lift it.
    cache.clear()
    other = Client()
    assert password_step(other, user)["Location"] == CODE
    assert other.get(CODE).status_code == 429
    password_step(other, user)
    assert other.post(CODE, {"code": totp.now()}).status_code == 429
    assert "_auth_user_id" not in other.session
    password_step(other, user)
    assert other.post(RECOVERY, {"code": "abcd-efgh-jkmn"}).status_code == 429

    # 15 minutes later the hold is over.
    TOTPDevice.objects.filter(user=user).update(
        codes_held_until=timezone.now() - timedelta(seconds=1)
    )
    password_step(other, user)
    assert other.post(CODE, {"code": totp.now()}).status_code == 302
    assert other.session["_auth_user_id"] == str(user.pk)


def test_wrong_recovery_codes_count_towards_the_hold(settings):
    settings.TWO_FACTOR_FAILURE_LIMIT = 3
    user, totp = user_with_device()
    c = Client()
    password_step(c, user)
    c.post(RECOVERY, {"code": "abcd-efgh-jkmn"})
    c.post(CODE, {"code": next(wrong_codes(totp))})
    assert c.post(RECOVERY, {"code": "abcd-efgh-jkmp"}).status_code == 429
    assert selectors.codes_held_until(user) is not None


def test_a_right_code_starts_the_count_again(settings):
    settings.TWO_FACTOR_FAILURE_LIMIT = 5
    user, totp = user_with_device()
    for _ in range(4):
        services.code_failure_record(user)
    c = Client()
    password_step(c, user)
    assert c.post(CODE, {"code": totp.now()}).status_code == 302
    assert TOTPDevice.objects.get(user=user).failed_codes == 0
    for _ in range(4):
        assert services.code_failure_record(user) is None


def test_wrong_codes_spread_over_more_than_15_minutes_do_not_hold():
    user, _ = user_with_device()
    for _ in range(9):
        services.code_failure_record(user)
    TOTPDevice.objects.filter(user=user).update(
        failures_started_at=timezone.now() - timedelta(minutes=16)
    )
    assert services.code_failure_record(user) is None
    assert TOTPDevice.objects.get(user=user).failed_codes == 1


def test_wrong_codes_are_limited_per_address_whatever_the_account(settings):
    settings.TWO_FACTOR_RATE_LIMIT = "3/300"
    c = Client(REMOTE_ADDR="192.0.2.99")
    responses = []
    for _ in range(4):
        user, totp = user_with_device()
        password_step(c, user)
        responses.append(c.post(CODE, {"code": next(wrong_codes(totp))}))
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert "Too many wrong codes from your network" in responses[-1].content.decode()
    assert "Retry-After" in responses[-1]
    # Once used up, even a right code from that address waits.
    user, totp = user_with_device()
    password_step(c, user)
    assert c.post(CODE, {"code": totp.now()}).status_code == 429
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.100")
    password_step(other, user)
    assert other.post(CODE, {"code": totp.now()}).status_code == 302
