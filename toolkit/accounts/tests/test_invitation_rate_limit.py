"""Invitations are limited per facilitator and per area. Seen by a tester: 30 invitations to
arbitrary addresses in 1.4 seconds, all sent."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from toolkit.accounts.models import Invitation
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_clock")]


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.INVITATION_RATE_LIMIT = "3/3600"
    settings.INVITATION_AREA_RATE_LIMIT = "5/3600"
    cache.clear()
    yield
    cache.clear()


def invite(client, facilitator, n):
    client.force_login(facilitator.user)
    return client.post(
        reverse("people:invite", args=[facilitator.area.gss_code]),
        {"email": f"person{n}@example.org", "role": Role.VCS_PARTICIPANT},
    )


def test_one_facilitator_is_stopped_with_the_form_and_a_clear_message(client, mailoutbox):
    facilitator = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    sent = [invite(client, facilitator, n) for n in range(3)]
    assert [r.status_code for r in sent] == [302] * 3
    refused = invite(client, facilitator, 3)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    body = refused.content.decode()
    assert "govuk-error-summary" in body
    assert "You have sent 3 invitations in an hour, as many as the service allows." in body
    assert 'value="person3@example.org"' in body  # what was typed is kept
    assert Invitation.objects.count() == 3 and len(mailoutbox) == 3


def test_the_area_is_limited_whoever_sends(client, rate_clock):
    council = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    vcs = MembershipFactory(area=council.area, role=Role.FACILITATOR_VCS)
    statuses = [invite(client, council, n).status_code for n in range(3)]
    statuses += [invite(client, vcs, n).status_code for n in range(3, 6)]
    assert statuses == [302] * 5 + [429]
    assert "This area has sent 5 invitations" in invite(client, vcs, 7).content.decode()
    # Another area is not held up by this one.
    other = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    assert invite(client, other, 8).status_code == 302
    # And the limit ends with its window.
    rate_clock.now += 3600
    assert invite(client, vcs, 9).status_code == 302


def test_peer_reviewer_access_counts_too_and_says_why(client):
    facilitator = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    for n in range(3):
        invite(client, facilitator, n)
    ends = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("actions:grant-create", args=[facilitator.area.gss_code]),
        {
            "email": "peer@example.org",
            "full_name": "Pat Peer",
            "scopes": ["results"],
            "ends_on": ends,
        },
    )
    assert "You have sent 3 invitations in an hour" in response.content.decode()
    assert not Invitation.objects.filter(email="peer@example.org").exists()


def test_the_service_teams_first_invitation_is_not_counted(reference_data):
    for n in range(7):
        call_command("create_area", "E08000033", "--facilitator", f"f{n}@example.org")
    assert Invitation.objects.count() == 7
