"""Open progress (issue 18, part 4): a public page, off by default, published only when both
sides agree and withdrawn by either; it shows the agreed actions and the principles' bands as
each round's one disclosure decision shows them, and nothing private."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.actions.models import ActionStatus, ActionUpdate
from toolkit.actions.tests.factories import ActionFactory, PlanFactory
from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.assessment.selectors import round_results
from toolkit.assessment.tests.helpers import sent_responses
from toolkit.progress import services
from toolkit.progress.services import PublishError
from toolkit.register.tests.factories import RelationshipFactory
from toolkit.rounds.models import RoundStatus
from toolkit.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def public_url(area):
    return reverse("open-progress:page", args=[area.gss_code])


def facilitators(area):
    return (
        MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL),
        MembershipFactory(area=area, role=Role.FACILITATOR_VCS),
    )


def publish(area):
    council, vcs = facilitators(area)
    services.progress_propose(area, council)
    services.progress_confirm(area, vcs)
    return council, vcs


def agreed_plan(area):
    now = timezone.now()
    return PlanFactory(
        area=area, status="agreed", council_agreed_at=now, vcs_agreed_at=now, agreed_at=now
    )


def test_off_by_default_published_when_the_other_side_confirms(client):
    area = AreaFactory()
    council, vcs = facilitators(area)
    assert client.get(public_url(area)).status_code == 404
    services.progress_propose(area, council)
    assert client.get(public_url(area)).status_code == 404
    with pytest.raises(PublishError):
        services.progress_confirm(area, MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL))
    with pytest.raises(PublishError):
        services.progress_propose(area, vcs)  # already proposed
    services.progress_confirm(area, vcs)
    assert client.get(public_url(area)).status_code == 200


@pytest.mark.parametrize("who", ["council", "vcs"])
def test_either_side_takes_it_down(client, who):
    area = AreaFactory()
    council, vcs = publish(area)
    services.progress_withdraw(area, council if who == "council" else vcs)
    assert client.get(public_url(area)).status_code == 404


def test_participants_cannot_publish(client):
    area = AreaFactory()
    participant = MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT)
    with pytest.raises(PublishError):
        services.progress_propose(area, participant)
    client.force_login(participant.user)
    assert client.get(reverse("progress:publishing", args=[area.gss_code])).status_code == 403


def test_publishing_through_the_pages(client):
    area = AreaFactory()
    council, vcs = facilitators(area)
    client.force_login(council.user)
    client.post(reverse("progress:propose", args=[area.gss_code]))
    page = client.get(reverse("progress:publishing", args=[area.gss_code])).content.decode()
    assert "Proposed" in page and "Confirm and publish" not in page
    client.force_login(vcs.user)
    page = client.get(reverse("progress:publishing", args=[area.gss_code])).content.decode()
    assert "Confirm and publish" in page
    client.post(reverse("progress:confirm", args=[area.gss_code]))
    page = client.get(reverse("progress:publishing", args=[area.gss_code])).content.decode()
    assert "Published" in page and public_url(area) in page
    client.post(reverse("progress:withdraw", args=[area.gss_code]))
    assert client.get(public_url(area)).status_code == 404


@pytest.fixture
def private_area(framework_loaded):
    """An area full of things that must never reach its public page."""
    area = AreaFactory(name="Southmere (test)")
    plan = agreed_plan(area)
    owner = MembershipFactory(
        area=area, role=Role.COUNCIL_PARTICIPANT, user__full_name="Zara Secretname"
    ).user
    relationship = RelationshipFactory(area=area, title="Hidden partnership board")
    action = ActionFactory(
        area=area,
        plan=plan,
        title="Open the grants panel to the sector",
        what_will_change="Two sector members sit on the panel.",
        why="Private finding from the register",
        council_owner=owner,
        relationship=relationship,
        status=ActionStatus.IN_PROGRESS,
        progress=40,
    )
    ActionUpdate.objects.create(
        area=area,
        action=action,
        written_on=timezone.localdate(),
        note="Panel dates booked.",
        status=ActionStatus.IN_PROGRESS,
        progress=40,
        author=owner,
    )
    round_ = RoundFactory(area=area, name="Spring round", status=RoundStatus.CLOSED)
    sent_responses(round_, Side.COUNCIL, [5] * 6, comment="My private comment about Zara")
    sent_responses(round_, Side.VCS, [2, 1])  # too few to show
    publish(area)
    return area, round_


def test_public_page_shows_actions_and_bands_from_the_decision_and_nothing_private(
    client, private_area
):
    area, round_ = private_area
    response = client.get(public_url(area))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open the grants panel to the sector" in html and "Panel dates booked." in html
    assert "40% done" in html and "Spring round" in html
    for private in (
        "Zara Secretname",
        "My private comment",
        "Hidden partnership board",
        "Private finding",
        "@example.org",
    ):
        assert private not in html, private
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert not [h for h in hrefs if h.startswith("/areas/") or "/respond/" in h], hrefs
    # Every band is the one the round's decision shows, and withheld ones say why.
    profile = round_results(round_).profile
    for row in profile.principles:
        assert row.council.shown and row.council.band_label in html
        assert not row.vcs.shown and not row.together.shown
    assert "Not enough answers" in html and "Not shown" in html


def test_a_draft_plan_and_a_sealed_round_show_nothing(client, framework_loaded):
    area = AreaFactory()
    ActionFactory(area=area, title="Draft action nobody agreed")
    round_ = RoundFactory(area=area, name="Open round", status=RoundStatus.OPEN)
    sent_responses(round_, Side.COUNCIL, [4] * 6)
    publish(area)
    html = client.get(public_url(area)).content.decode()
    assert "Draft action nobody agreed" not in html and "Open round" not in html
    assert "not been agreed by both sides yet" in html


def test_public_page_queries_do_not_grow_with_actions(client, django_assert_max_num_queries):
    area = AreaFactory()
    plan = agreed_plan(area)
    for index in range(30):
        action = ActionFactory(area=area, plan=plan, title=f"Action {index}")
        for day in range(3):
            ActionUpdate.objects.create(
                area=area,
                action=action,
                written_on=timezone.localdate(),
                note=f"Note {day}",
                status=ActionStatus.IN_PROGRESS,
                progress=10 * day,
            )
    publish(area)
    with django_assert_max_num_queries(8):
        response = client.get(public_url(area))
    assert response.content.decode().count("Progress updates") == 30


def test_workshop_agreed_actions_show_while_the_plan_is_a_draft(client):
    from toolkit.actions.models import ActionSource

    area = AreaFactory()
    ActionFactory(area=area, title="Agreed in the room", source=ActionSource.WORKSHOP)
    ActionFactory(area=area, title="Written by one side")
    publish(area)
    html = client.get(public_url(area)).content.decode()
    assert "Agreed in the room" in html and "Written by one side" not in html
    assert "agreed by both sides at a workshop" in html
