"""Password-reset emails are limited per client address (429 page) and per email address
(quietly, so nobody's inbox can be flooded and the page says nothing about which accounts
exist)."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from .factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_clock")]

RESET = reverse("accounts:password-reset")
DONE = reverse("accounts:password-reset-done")


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def ask(client, email, address="192.0.2.30"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_one_inbox_gets_at_most_the_limit_of_emails(client, settings):
    settings.PASSWORD_RESET_EMAIL_RATE_LIMIT = "2/3600"
    user = UserFactory(email="chief.exec@example.org")
    responses = [ask(client, "Chief.Exec@example.org ", address=f"192.0.2.{i}") for i in range(5)]
    # Every request sees the same page, from whatever address and in whatever case...
    assert [r.status_code for r in responses] == [302] * 5
    assert {r["Location"] for r in responses} == {DONE}
    # ...but only two emails are sent.
    assert [m.to for m in mail.outbox] == [[user.email], [user.email]]


def test_unknown_addresses_look_the_same_as_known_ones(client, settings):
    settings.PASSWORD_RESET_EMAIL_RATE_LIMIT = "1/3600"
    UserFactory(email="known@example.org")
    for email in ["known@example.org", "nobody@example.org"] * 2:
        response = ask(client, email)
        assert (response.status_code, response["Location"]) == (302, DONE)
    assert len(mail.outbox) == 1


def test_too_many_requests_from_one_address_get_a_429_page(client, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = "3/3600"
    for i in range(3):
        assert ask(client, f"person{i}@example.org").status_code == 302
    limited = ask(client, "person9@example.org")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 3600
    body = limited.content.decode()
    assert len(re.findall(r"<h1[\s>]", body)) == 1
    assert "Too many password reset requests from your network" in body
    assert re.search(r"You can try again after \d{1,2}:\d\d[ap]m", body)
    # Another address is not affected.
    assert ask(client, "person9@example.org", address="192.0.2.99").status_code == 302


def test_an_invalid_form_is_not_counted(client, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = "1/3600"
    for _ in range(3):
        assert ask(client, "not an email").status_code == 200
    assert ask(client, "valid@example.org").status_code == 302
