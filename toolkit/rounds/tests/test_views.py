"""Facilitator and member pages for rounds."""

import re

import pytest
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.rounds.models import RespondentLink, Round, RoundStatus
from toolkit.rounds.tests.factories import RoundFactory
from toolkit.rounds.tokens import token_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(client, framework_loaded):
    membership = MembershipFactory(role=Role.FACILITATOR_VCS)
    client.force_login(membership.user)
    return membership


def test_create_round_with_errors_then_valid(client, facilitator):
    url = reverse("rounds:create", args=[facilitator.area.gss_code])
    page = client.post(url, {"assessment": "none"})
    assert b"Enter a name for the round" in page.content
    assert b"Select whether answers are anonymous or named" in page.content
    assert b"or also ask respondents to rate relationships" in page.content
    reply = client.post(
        url,
        {
            "name": "Spring 2026",
            "assessment": "quick",
            "identity": "anonymous",
            "closes_on": "31/3/2030",
        },
    )
    round_ = Round.objects.get(name="Spring 2026")
    assert reply["Location"] == reverse(
        "rounds:detail", args=[facilitator.area.gss_code, round_.public_id]
    )
    assert round_.status == RoundStatus.DRAFT and str(round_.closes_on) == "2030-03-31"


def test_link_is_shown_once_and_stored_hashed(client, facilitator):
    round_ = RoundFactory(area=facilitator.area)
    url = reverse("rounds:links", args=[facilitator.area.gss_code, round_.public_id])
    page = client.post(url, {"side": "vcs", "kind": "personal", "label": "Food bank"})
    link_url = re.search(r'value="(http[^"]+/respond/([^/"]+)/)"', page.content.decode())
    token = link_url.group(2)
    link = RespondentLink.objects.get()
    assert link.token_digest == token_hash(token)
    listing = client.get(url).content.decode()
    assert token not in listing and "Food bank" in listing
    client.post(
        reverse(
            "rounds:link-revoke", args=[facilitator.area.gss_code, round_.public_id, link.public_id]
        )
    )
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_open_and_close_buttons(client, facilitator):
    round_ = RoundFactory(area=facilitator.area, status=RoundStatus.DRAFT, opened_on=None)
    args = [facilitator.area.gss_code, round_.public_id]
    assert b"Open the round" in client.get(reverse("rounds:detail", args=args)).content
    client.post(reverse("rounds:open", args=args))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    client.post(reverse("rounds:close", args=args))
    second = client.post(reverse("rounds:close", args=args), follow=True)
    assert b"not open" in second.content
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert client.get(reverse("rounds:open", args=args)).status_code == 405


def test_participants_see_rounds_but_cannot_manage_them(client, framework_loaded):
    round_ = RoundFactory()
    participant = MembershipFactory(area=round_.area, role=Role.VCS_PARTICIPANT)
    client.force_login(participant.user)
    args = [round_.area.gss_code, round_.public_id]
    listing = client.get(reverse("rounds:list", args=[round_.area.gss_code]))
    assert round_.name.encode() in listing.content and b"Create a round" not in listing.content
    detail = client.get(reverse("rounds:detail", args=args)).content
    assert b"Responses sent" not in detail and b"Close the round" not in detail
    for name in ("links", "close", "open"):
        assert client.post(reverse(f"rounds:{name}", args=args)).status_code == 403
    assert client.get(reverse("rounds:create", args=[round_.area.gss_code])).status_code == 403


def test_peer_reviewer_cannot_answer(client, framework_loaded):
    round_ = RoundFactory()
    reviewer = MembershipFactory(area=round_.area, role=Role.PEER_REVIEWER, ends_on="2099-01-01")
    from toolkit.actions.tests.factories import ReviewGrantFactory

    ReviewGrantFactory(
        area=round_.area, email=reviewer.user.email, scopes=["results"], ends_on="2099-01-01"
    )
    client.force_login(reviewer.user)
    args = [round_.area.gss_code, round_.public_id]
    detail = client.get(reverse("rounds:detail", args=args))
    assert detail.status_code == 200
    assert b"Answer this round" not in detail.content
    assert client.post(reverse("rounds:respond", args=args)).status_code == 403
