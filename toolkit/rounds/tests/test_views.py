"""Facilitator and member pages for rounds."""

import re

import pytest
from django.urls import reverse

from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.rounds.models import RespondentLink, Response, ResponseStatus, Round, RoundStatus
from toolkit.rounds.tests.factories import RespondentLinkFactory, ResponseFactory, RoundFactory
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
    detail = client.get(reverse("rounds:detail", args=args)).content.decode()
    close_url = reverse("rounds:close", args=args)
    # The round's page links to the confirmation page; the page itself closes nothing.
    assert f'href="{close_url}"' in detail and f'action="{close_url}"' not in detail
    confirm = client.get(close_url)
    assert confirm.status_code == 200 and b"Close the round" in confirm.content
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    client.post(close_url)
    second = client.post(close_url, follow=True)
    assert b"not open" in second.content
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert client.get(reverse("rounds:open", args=args)).status_code == 405
    # Once closed, the confirmation page sends the facilitator back with the reason, and the
    # round's page has nothing left to manage.
    again = client.get(close_url, follow=True).content
    assert b"This round is not open, so it cannot be closed." in again
    assert b"Manage the round" not in again and b"Close the round" not in again


def test_close_confirmation_says_what_will_happen(client, facilitator):
    round_ = RoundFactory(area=facilitator.area)
    threshold = facilitator.area.suppression_threshold
    ResponseFactory.create_batch(threshold, round=round_, side=Side.COUNCIL)
    ResponseFactory(round=round_, side=Side.VCS)
    for n in range(2):
        ResponseFactory(
            round=round_,
            status=ResponseStatus.IN_PROGRESS,
            resume_digest=f"unsent-{n}",
        )
    args = [facilitator.area.gss_code, round_.public_id]
    page = client.get(reverse("rounds:close", args=args))
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "Are you sure you want to close the round?" in text
    assert (
        f"Council {threshold} responses" in text
        and "Voluntary and community sector 1 response" in text
    )
    assert "2 sets of answers that have been started but not sent will be deleted" in text
    assert f"The results can be seen by members of {facilitator.area.name}" in text
    assert (
        f"The voluntary and community sector side has sent 1 response, fewer than {threshold}"
        in text
    )
    assert "The council side has sent" not in text
    assert "You cannot undo this" in text
    assert b"govuk-button--warning" in page.content
    assert reverse("rounds:detail", args=args).encode() in page.content  # Cancel
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN
    assert Response.objects.filter(round=round_, status=ResponseStatus.IN_PROGRESS).count() == 2


def test_participants_see_rounds_but_cannot_manage_them(client, framework_loaded):
    round_ = RoundFactory()
    participant = MembershipFactory(area=round_.area, role=Role.VCS_PARTICIPANT)
    client.force_login(participant.user)
    args = [round_.area.gss_code, round_.public_id]
    listing = client.get(reverse("rounds:list", args=[round_.area.gss_code]))
    assert round_.name.encode() in listing.content and b"Create a round" not in listing.content
    detail = client.get(reverse("rounds:detail", args=args)).content
    assert b"Responses counted" not in detail and b"Close the round" not in detail
    for name in ("links", "close", "open"):
        assert client.post(reverse(f"rounds:{name}", args=args)).status_code == 403
    assert client.get(reverse("rounds:close", args=args)).status_code == 403
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


def test_a_shared_link_needs_the_number_of_people(client, facilitator):
    round_ = RoundFactory(area=facilitator.area)
    url = reverse("rounds:links", args=[facilitator.area.gss_code, round_.public_id])
    page = client.post(url, {"side": "vcs", "kind": "side"}).content.decode()
    assert "Enter how many people you will send the shared link to" in page
    page = client.post(url, {"side": "vcs", "kind": "side", "size": "1"}).content.decode()
    assert "Enter a number of people from 2 to 1,000" in page
    assert not RespondentLink.objects.exists()
    client.post(url, {"side": "vcs", "kind": "side", "size": "40"})
    link = RespondentLink.objects.get()
    assert (link.size, link.made_by_side, link.is_confirmed) == (40, Side.VCS, False)


def test_results_say_how_many_responses_came_through_shared_links(client, framework_loaded):
    """As the round's one decision on where answers were given words it (ADR 30): a number
    under the threshold reads "fewer than 5", and one whose rest (those not through shared
    links) is under it is not shown, since the side's count less it would give the rest."""
    round_ = RoundFactory(status=RoundStatus.CLOSED)
    link = RespondentLinkFactory(round=round_, side=Side.VCS)
    ResponseFactory.create_batch(5, round=round_, side=Side.COUNCIL)
    ResponseFactory.create_batch(5, round=round_, side=Side.VCS)
    ResponseFactory.create_batch(3, round=round_, side=Side.VCS, shared_link=link)
    participant = MembershipFactory(area=round_.area, role=Role.COUNCIL_PARTICIPANT)
    client.force_login(participant.user)
    url = reverse("rounds:detail", args=[round_.area.gss_code, round_.public_id])
    html = client.get(url).content.decode()
    assert "5 responses counted, 0 of them through shared links" in html
    assert "8 responses counted, fewer than 5 of them through shared links" in html
    ResponseFactory.create_batch(2, round=round_, side=Side.VCS, shared_link=link)
    assert (
        "10 responses counted, 5 of them through shared links" in client.get(url).content.decode()
    )
    Response.objects.filter(round=round_, side=Side.VCS, shared_link=None).first().delete()
    html = client.get(url).content.decode()
    assert "9 responses counted (how many came through shared links is not shown)" in html


def test_overview_shows_a_participant_the_rounds_waiting_for_them(
    client, framework_loaded, django_assert_max_num_queries
):
    """A participant's overview said nothing of the open round waiting for their answers."""
    import datetime as dt

    from toolkit.rounds import services
    from toolkit.rounds.models import Participation

    membership = MembershipFactory(role=Role.VCS_PARTICIPANT)
    area = membership.area
    waiting = RoundFactory(area=area, name="Spring survey", closes_on=dt.date(2099, 3, 31))
    started = RoundFactory(area=area, name="Map the relationships")
    answered = RoundFactory(area=area, name="Answered already")
    RoundFactory(area=area, name="Still a draft", status=RoundStatus.DRAFT)
    RoundFactory(area=area, name="Closed one", status=RoundStatus.CLOSED)
    RoundFactory(area=area, name="Past its date", closes_on=dt.date(2020, 1, 1))
    services.response_start_for_member(started, membership)
    Participation.objects.create(round=answered, user=membership.user)  # as sending makes
    client.force_login(membership.user)
    url = reverse("areas:dashboard", args=[area.gss_code])
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    banner = page[page.index("govuk-notification-banner") : page.index("<h1")]
    assert "2 rounds are waiting for your answers" in banner
    assert "Answer Spring survey</a>, open until 31 March 2099" in banner
    assert "Carry on answering Map the relationships" in banner
    assert reverse("rounds:respond", args=[area.gss_code, waiting.public_id]) in banner
    for name in ("Answered already", "Still a draft", "Closed one", "Past its date"):
        assert name not in page

    # A facilitator answers for their side too; a peer reviewer answers for none.
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    client.force_login(facilitator.user)
    assert "3 rounds are waiting for your answers" in client.get(url).content.decode()
    reviewer = MembershipFactory(
        area=area, role=Role.PEER_REVIEWER, ends_on=dt.date.today() + dt.timedelta(days=9)
    )
    client.force_login(reviewer.user)
    assert "waiting for your answers" not in client.get(url).content.decode()
