"""Issue 13, "n − 1 through shared links": a shared link cannot unseal a round, or make a
figure show, on its own maker's word (docs/adr/0007, "Shared links, order of answers and
backups")."""

import pytest
from django.urls import reverse

from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.assessment import selectors as assessment_selectors
from toolkit.assessment.questions import questions_for_round
from toolkit.assessment.services import barriers_save, element_answer_save, pressures_save
from toolkit.rounds import selectors, services, shared_links
from toolkit.rounds.models import (
    AssessmentKind,
    LinkKind,
    RespondentLink,
    Response,
    ResponseStatus,
    RoundStatus,
)
from toolkit.rounds.similarity import shared_link_flags
from toolkit.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(framework_loaded):
    area = AreaFactory(suppression_threshold=5)
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    vcs = MembershipFactory(area=area, role=Role.FACILITATOR_VCS)
    area.council_facilitator, area.vcs_facilitator = council, vcs
    return area


@pytest.fixture
def round_(area):
    return RoundFactory(area=area, assessment=AssessmentKind.QUICK)


def _answer_and_send(token: str, value: int) -> Response:
    """Answer every question of the round with `value` through an invite link, and send."""
    started = services.response_start_from_link(token)
    response = started.response
    for question in questions_for_round(response.round):
        element_answer_save(response, question, value=value)
    barriers_save(response, ["none"])
    pressures_save(response, ["none"])
    return services.response_submit(response)


def _council_side_answers(round_, n=5):
    link = services.respondent_link_create(
        round_=round_, side=Side.COUNCIL, kind=LinkKind.PERSONAL, made_by_side=Side.VCS
    )
    _answer_and_send(link.token, 3)
    for _ in range(n - 1):
        link = services.respondent_link_create(
            round_=round_, side=Side.COUNCIL, kind=LinkKind.PERSONAL, made_by_side=Side.VCS
        )
        _answer_and_send(link.token, 3)


def test_issue13_four_dummy_answers_through_a_shared_link_reveal_no_real_response(area, round_):
    """The issue's attack: the council facilitator makes a shared VCS link, sends four dummy
    answer sets with known answers, and the round holds one real VCS response. Neither while
    the round is open nor after the facilitator closes it may a figure give that response
    away."""
    _council_side_answers(round_)
    real = services.respondent_link_create(round_=round_, side=Side.VCS, kind=LinkKind.PERSONAL)
    _answer_and_send(real.token, 1)

    attack = services.respondent_link_create(
        round_=round_,
        side=Side.VCS,
        kind=LinkKind.SIDE,
        size=4,
        label="VCS forum",
        created_by=area.council_facilitator.user,
        made_by_side=Side.COUNCIL,
    )
    dummies = [_answer_and_send(attack.token, 5) for _ in range(4)]

    assert {d.status for d in dummies} == {ResponseStatus.HELD}
    counts = selectors.response_counts(round_)
    assert (counts.council, counts.vcs) == (5, 1)
    assert not selectors.round_results_visible(round_, counts)
    with pytest.raises(services.RoundError):  # the maker cannot confirm their own link
        shared_links.respondent_link_confirm(attack.link, membership=area.council_facilitator)

    services.round_close(round_)
    assert selectors.round_results_visible(round_)
    assert not Response.objects.filter(pk__in=[d.pk for d in dummies]).exists()
    profile = assessment_selectors.round_profile(round_)
    asked = {q.element_slug for q in questions_for_round(round_)}
    for row in [*profile.elements, *profile.principles]:
        if row in profile.elements and row.slug not in asked:
            # Not in the quick check: nobody on either side was asked, so its empty cells
            # say nothing about anyone.
            assert row.council.count.value == row.vcs.count.value == 0, row.slug
            continue
        assert row.vcs.mean is None and row.vcs.distribution is None, row.slug
        # "together" beside the council's own figure would give the VCS answer by subtraction
        assert not (row.together.shown and row.council.shown), row.slug


def test_the_other_side_confirms_a_shared_link_and_it_counts_up_to_its_size(area, round_):
    link = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.SIDE, size=2, made_by_side=Side.COUNCIL
    )
    sent = [_answer_and_send(link.token, value) for value in (2, 4, 5)]
    assert {s.status for s in sent} == {ResponseStatus.HELD}
    assert not shared_links.may_confirm(link.link, area.council_facilitator)
    assert shared_links.may_confirm(link.link, area.vcs_facilitator)

    assert shared_links.respondent_link_confirm(link.link, membership=area.vcs_facilitator) == 2
    assert selectors.response_counts(round_).vcs == 2
    assert selectors.response_counts(round_).vcs_shared == 2
    assert selectors.held_response_count(round_) == 1
    # a fourth answer through a full link is held too
    assert _answer_and_send(link.token, 3).status == ResponseStatus.HELD
    assert selectors.response_counts(round_).vcs == 2


def test_answers_through_a_confirmed_link_count_straight_away(area, round_):
    link = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.SIDE, size=10, made_by_side=Side.VCS
    )
    shared_links.respondent_link_confirm(link.link, membership=area.council_facilitator)
    assert _answer_and_send(link.token, 4).status == ResponseStatus.SUBMITTED


def test_held_answers_are_deleted_when_the_round_closes_and_never_counted(area, round_):
    link = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.SIDE, size=5, made_by_side=Side.COUNCIL
    )
    held = _answer_and_send(link.token, 4)
    services.round_close(round_)
    assert not Response.objects.filter(pk=held.pk).exists()
    link.link.refresh_from_db()
    assert not shared_links.may_confirm(link.link, area.vcs_facilitator)  # too late: closed


def test_near_identical_answers_from_one_link_are_flagged_to_the_other_side_only(
    client, area, round_
):
    link = services.respondent_link_create(
        round_=round_,
        side=Side.VCS,
        kind=LinkKind.SIDE,
        size=10,
        label="Forum list",
        created_by=area.council_facilitator.user,
        made_by_side=Side.COUNCIL,
    )
    for _ in range(3):
        _answer_and_send(link.token, 5)
    other = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.SIDE, size=10, made_by_side=Side.COUNCIL
    )
    _answer_and_send(other.token, 1)
    _answer_and_send(other.token, 5)

    flags = shared_link_flags(round_)
    assert set(flags) == {link.link.pk}
    assert (flags[link.link.pk].answer_sets, flags[link.link.pk].alike) == (3, 3)

    url = reverse("rounds:links", args=[area.gss_code, round_.public_id])
    client.force_login(area.vcs_facilitator.user)
    seen_by_other_side = client.get(url).content.decode()
    assert "3 of the 3 sets of answers sent through the shared link “Forum list”" in (
        seen_by_other_side
    )
    client.force_login(area.council_facilitator.user)
    seen_by_maker = client.get(url).content.decode()
    assert "sets of answers sent through the shared link" not in seen_by_maker


def test_confirming_through_the_page(client, area, round_):
    link = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.SIDE, size=10, made_by_side=Side.COUNCIL
    )
    held = _answer_and_send(link.token, 4)
    url = reverse(
        "rounds:link-confirm", args=[area.gss_code, round_.public_id, link.link.public_id]
    )
    client.force_login(area.council_facilitator.user)
    client.post(url)
    assert not RespondentLink.objects.get(pk=link.link.pk).is_confirmed
    client.force_login(area.vcs_facilitator.user)
    reply = client.post(url, follow=True)
    assert "Link confirmed" in reply.content.decode()
    held.refresh_from_db()
    assert held.status == ResponseStatus.SUBMITTED


def test_the_links_page_does_not_say_which_personal_links_were_used(client, area, round_):
    """Each personal link turning "Used" told a reader who had answered, and when; beside
    results that change as answers come in, that is what they answered."""
    used = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.PERSONAL, label="Jane, food bank"
    )
    services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.PERSONAL, label="Sam, youth club"
    )
    _answer_and_send(used.token, 2)
    assert RespondentLink.objects.get(pk=used.link.pk).used

    client.force_login(area.vcs_facilitator.user)
    page = client.get(reverse("rounds:links", args=[area.gss_code, round_.public_id]))
    html = page.content.decode()
    rows = [
        r for r in html.split('<tr class="govuk-table__row">') if "food bank" in r or "youth" in r
    ]
    assert len(rows) == 2
    normalised = [
        r.replace("Jane, food bank", "X").replace("Sam, youth club", "X").split("/links/")[0]
        for r in rows
    ]
    assert normalised[0] == normalised[1]
    assert ">Used<" not in html
    assert html.count(">Withdraw<") == 2  # offered for both: its absence would say "used"


def test_a_closed_round_keeps_no_confirm_or_withdraw_buttons(client, area, round_):
    services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.SIDE, size=10, made_by_side=Side.COUNCIL
    )
    services.round_close(round_)
    assert round_.status == RoundStatus.CLOSED
    client.force_login(area.vcs_facilitator.user)
    html = client.get(reverse("rounds:links", args=[area.gss_code, round_.public_id])).content
    assert b">Confirm<" not in html and b">Withdraw<" not in html
