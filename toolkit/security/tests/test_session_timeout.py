import time

import pytest
from django.urls import reverse

from toolkit.accounts.tests.factories import UserFactory
from toolkit.security.middleware import LAST_ACTIVITY
from toolkit.security.models import AuditEvent

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:settings")


def age_session(client, seconds):
    session = client.session
    session[LAST_ACTIVITY] = time.time() - seconds
    session.save()


def test_active_session_carries_on(client, settings):
    client.force_login(UserFactory())
    client.get(SETTINGS)
    age_session(client, settings.SESSION_IDLE_TIMEOUT - 120)
    assert client.get(SETTINGS).status_code == 200


def test_inactive_session_is_signed_out_and_the_sign_in_page_says_why(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    user = UserFactory()
    client.force_login(user)
    client.get(SETTINGS)
    age_session(client, 30 * 60 + 1)

    response = client.get(SETTINGS, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:sign-in"))
    assert "_auth_user_id" not in client.session
    assert "You were signed out because you had not done anything for 30 minutes" in (
        response.content.decode()
    )
    assert AuditEvent.objects.filter(actor=user, action="timed_out").exists()
    assert not AuditEvent.objects.filter(actor=user, action="signed_out").exists()


def test_stay_signed_in_keeps_the_session(client, settings):
    client.force_login(UserFactory())
    client.get(SETTINGS)
    age_session(client, settings.SESSION_IDLE_TIMEOUT - 60)
    response = client.post(reverse("security:keep-alive"), headers={"X-Requested-With": "fetch"})
    assert response.status_code == 204
    assert time.time() - client.session[LAST_ACTIVITY] < 5


def test_stay_signed_in_without_scripts_comes_back_to_the_page(client):
    client.force_login(UserFactory())
    response = client.post(reverse("security:keep-alive"), {"next": SETTINGS})
    assert response["Location"] == SETTINGS
    response = client.post(reverse("security:keep-alive"), {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_signed_in_pages_carry_the_timeout_warning(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client.force_login(UserFactory())
    body = client.get(SETTINGS).content.decode()
    assert 'data-module="app-timeout-warning"' in body
    assert 'data-timeout="600"' in body
    assert "Stay signed in" in body


def test_signed_out_pages_do_not(client):
    assert "app-timeout-warning" not in client.get(reverse("accounts:sign-in")).content.decode()
