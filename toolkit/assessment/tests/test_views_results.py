"""Results pages: sealing, suppression, comments, change over time, query counts."""

import csv
import io

import pytest
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.assessment.models import ElementAnswer
from toolkit.assessment.tests.helpers import random_values, sent_responses
from toolkit.rounds.models import AssessmentKind, RoundStatus
from toolkit.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

RESULT_PAGES = ["profile", "gaps", "barriers", "comments", "trend"]


def urls(round_):
    kwargs = {"area_code": round_.area.gss_code, "round_id": round_.public_id}
    return {name: reverse(f"assessment:{name}", kwargs=kwargs) for name in RESULT_PAGES} | {
        "csv": reverse("assessment:profile-csv", kwargs=kwargs)
    }


@pytest.fixture
def quick_round(framework_loaded):
    return RoundFactory(assessment=AssessmentKind.QUICK)


def signed_in(client, round_, role=Role.FACILITATOR_COUNCIL):
    membership = MembershipFactory(area=round_.area, role=role)
    client.force_login(membership.user)
    return membership


@pytest.mark.parametrize("role", [Role.FACILITATOR_COUNCIL, Role.VCS_PARTICIPANT])
def test_every_results_page_and_download_is_sealed_while_open_and_short(client, quick_round, role):
    sent_responses(quick_round, "council", [5] * 9, comment="Secret comment")
    sent_responses(quick_round, "vcs", [1] * 4, comment="Another secret")
    signed_in(client, quick_round, role)
    for name, url in urls(quick_round).items():
        page = client.get(url)
        if name == "csv":
            assert page.status_code == 404
            continue
        assert page.status_code == 200, name
        assert b"Results are sealed" in page.content, name
        for secret in (b"Secret comment", b"Another secret", b"5.0", b"Strength"):
            assert secret not in page.content, (name, secret)
        # A facilitator sees only how many responses each side has sent.
        if role == Role.FACILITATOR_COUNCIL:
            assert b">9<" in page.content and b">4<" in page.content
        else:
            assert b">9<" not in page.content
    detail = client.get(
        reverse("rounds:detail", args=[quick_round.area.gss_code, quick_round.public_id])
    )
    assert b"Results are sealed" in detail.content
    assert b"Principles self-assessment results" not in detail.content


def test_unsealed_when_both_sides_reach_the_threshold(client, quick_round):
    sent_responses(quick_round, "council", [5] * 5)
    sent_responses(quick_round, "vcs", [2] * 5)
    signed_in(client, quick_round)
    for name, url in urls(quick_round).items():
        page = client.get(url)
        assert page.status_code == 200
        assert b"Results are sealed" not in page.content, name
    profile = client.get(urls(quick_round)["profile"]).content
    assert b'5.0 <span class="govuk-body-s">Strength' in profile
    assert b'2.0 <span class="govuk-body-s">Concern' in profile
    assert b"<svg" in profile and b'<title id="elements-chart-title">' in profile
    assert b"our interpretation" in profile
    assert b"is a strength" in profile  # the band rule is stated on the page
    gaps = client.get(urls(quick_round)["gaps"]).content
    assert b"+3.0" in gaps


def test_closing_unseals_but_small_sides_stay_suppressed(client, quick_round):
    sent_responses(quick_round, "council", [4] * 5)
    sent_responses(quick_round, "vcs", [2] * 4)  # exactly 4: not enough
    quick_round.status = RoundStatus.CLOSED
    quick_round.closed_at = quick_round.created_at
    quick_round.save()
    signed_in(client, quick_round)
    profile = client.get(urls(quick_round)["profile"]).content.decode()
    assert "Results are sealed" not in profile
    assert '4.0 <span class="govuk-body-s">Strength' in profile
    assert "2.0" not in profile
    assert "Not enough answers" in profile
    gaps = client.get(urls(quick_round)["gaps"]).content
    assert b"not enough answers to compare the sides" in gaps
    # The four VCS respondents are "fewer than 5", never 4; together is not shown beside them.
    assert "voluntary and community sector fewer than 5" in profile
    assert "Not shown" in profile
    csv_text = client.get(urls(quick_round)["csv"]).content.decode()
    assert ",vcs,fewer than 5,,,,,,,,,,not shown: fewer than 5 respondents\r\n" in csv_text
    assert ",together,not shown,,,,,,,,,,not shown: it would let a withheld figure be " in csv_text
    assert ",council,5,4.0,4.0,strength,0,0,0,5,0,0,\r\n" in csv_text
    assert ",2.0," not in csv_text and ",4," not in csv_text and ",9," not in csv_text


def test_a_principle_is_withheld_for_a_side_while_one_of_its_elements_is(client, framework_loaded):
    # Issue 13, "whole against parts": the VCS's power-sharing answers come from 3 people;
    # its principle's figure for the VCS would give them away against the other elements'.
    round_ = RoundFactory(assessment=AssessmentKind.FULL, status=RoundStatus.CLOSED)
    sent_responses(round_, "council", [4] * 6)
    vcs = sent_responses(round_, "vcs", [2] * 6)
    element = ElementAnswer.objects.filter(response=vcs[0]).first().element_slug
    ElementAnswer.objects.filter(response__in=vcs[:3], element_slug=element).update(value=None)
    signed_in(client, round_)
    rows = list(csv.reader(io.StringIO(client.get(urls(round_)["csv"]).content.decode())))
    by_key = {(r[0], r[1], r[3]): r for r in rows[1:]}
    principle = _principle_of(round_, element)
    assert by_key[("element", element, "vcs")][4:6] == ["fewer than 5", ""]
    assert by_key[("element", element, "together")][4] == "not shown"
    assert by_key[("principle", principle, "vcs")][4:6] == ["not shown", ""]
    assert by_key[("principle", principle, "vcs")][-1].startswith("not shown: it would let")
    assert by_key[("principle", principle, "council")][4:6] == ["6", "4.0"]
    others = [r for r in rows[1:] if r[0] == "principle" and r[1] != principle and r[3] == "vcs"]
    assert others and all(r[4:6] == ["6", "2.0"] for r in others)


def _principle_of(round_, element_slug):
    from toolkit.assessment.questions import elements_for_version

    return next(
        e.principle_slug
        for e in elements_for_version(round_.content_version)
        if e.slug == element_slug
    )


def test_comments_only_shared_ones_and_facilitator_can_hide(client, quick_round):
    sent_responses(quick_round, "council", [4] * 5, comment="Shared council view")
    vcs = sent_responses(quick_round, "vcs", [3] * 5, comment="Shared sector view")
    ElementAnswer.objects.filter(response=vcs[0], comment="Shared sector view").update(
        share_comment=False, comment="Private thought"
    )
    facilitator = signed_in(client, quick_round)
    url = urls(quick_round)["comments"]
    page = client.get(url).content
    assert b"Shared council view" in page and b"Shared sector view" in page
    assert b"Private thought" not in page
    target = ElementAnswer.objects.filter(comment="Shared council view").first()
    hide_url = reverse(
        "assessment:comment-hide",
        args=[quick_round.area.gss_code, quick_round.public_id, target.public_id],
    )
    assert client.post(hide_url).status_code == 302
    target.refresh_from_db()
    assert target.comment_hidden
    participant = MembershipFactory(area=quick_round.area, role=Role.COUNCIL_PARTICIPANT)
    client.force_login(participant.user)
    assert client.get(url).content.count(b"Shared council view") == 4
    assert client.post(hide_url).status_code == 403
    client.force_login(facilitator.user)
    assert b"Hidden" in client.get(url).content


def test_comments_of_a_small_side_are_withheld_after_closing(client, quick_round):
    sent_responses(quick_round, "council", [4] * 5, comment="Council comment")
    sent_responses(quick_round, "vcs", [4] * 2, comment="Identifiable sector comment")
    quick_round.status = RoundStatus.CLOSED
    quick_round.closed_at = quick_round.created_at
    quick_round.save()
    signed_in(client, quick_round)
    page = client.get(urls(quick_round)["comments"]).content
    assert b"Council comment" in page
    assert b"Identifiable sector comment" not in page


def test_barrier_counts_by_side(client, quick_round):
    sent_responses(quick_round, "council", [4] * 5, barriers=["local-history"])
    sent_responses(quick_round, "vcs", [4] * 6, barriers=["local-history", "commercialisation"])
    signed_in(client, quick_round)
    page = client.get(urls(quick_round)["barriers"]).content.decode()
    assert "Council (of 5)" in page and "VCS (of 6)" in page
    row = page[page.index("Local history") :]
    assert _numbers(row)[:3] == ["5", "6", "11"]


def _numbers(html):
    import re

    return re.findall(r'govuk-table__cell--numeric">(\d+)<', html)


def test_change_over_time_compares_by_element(client, framework_loaded):
    earlier = RoundFactory(assessment=AssessmentKind.FULL, status=RoundStatus.CLOSED)
    sent_responses(earlier, "council", [3] * 5)
    sent_responses(earlier, "vcs", [2] * 5)
    later = RoundFactory(area=earlier.area, assessment=AssessmentKind.QUICK, previous_round=earlier)
    sent_responses(later, "council", [4] * 5)
    sent_responses(later, "vcs", [2] * 5)
    signed_in(client, later)
    page = client.get(urls(later)["trend"]).content.decode()
    assert "3.0 to 4.0" in page and "up 1.0" in page
    assert "2.0 to 2.0" in page and "no change" in page
    assert "quick check" in page  # it says the two rounds asked different questions


def test_change_over_time_respects_the_earlier_rounds_seal(client, framework_loaded):
    earlier = RoundFactory(assessment=AssessmentKind.FULL)  # open, nothing sent: sealed
    later = RoundFactory(area=earlier.area, previous_round=earlier, status=RoundStatus.CLOSED)
    sent_responses(later, "council", [4] * 5)
    signed_in(client, later)
    page = client.get(urls(later)["trend"]).content.decode()
    assert "still sealed" in page


def test_results_pages_use_a_bounded_number_of_queries(
    client, framework_loaded, django_assert_max_num_queries
):
    round_ = RoundFactory(assessment=AssessmentKind.QUICK, status=RoundStatus.CLOSED)
    sent_responses(
        round_, "council", random_values(1000, 1), barriers=["local-history"], comment="c"
    )
    sent_responses(round_, "vcs", random_values(1000, 2), pressures=["climate-emergency"])
    signed_in(client, round_)
    for name, url in urls(round_).items():
        client.get(url)  # warm the framework content cache
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, name


def test_elements_of_one_mean_are_not_shown_as_highest_and_lowest(client, quick_round):
    """Seen in the first-week journey: every key element had 2.6, and the profile listed three
    of them as the highest and three others as the lowest."""
    sent_responses(quick_round, "council", [2] * 5)
    sent_responses(quick_round, "vcs", [4] * 5)
    signed_in(client, quick_round)
    profile = " ".join(client.get(urls(quick_round)["profile"]).content.decode().split())
    assert (
        "Every key element answered has the same mean for both sides together, 3.0 "
        "(borderline): none is higher or lower than another." in profile
    )
    assert ">Highest<" not in profile and ">Lowest<" not in profile


def test_a_mean_in_both_lists_is_in_neither(framework_loaded):
    from types import SimpleNamespace

    from toolkit.assessment.comparisons import highest_and_lowest

    def row(position, mean):
        together = SimpleNamespace(mean=mean, shown=True)
        return SimpleNamespace(slug=f"e{position}", position=position, together=together)

    highest, lowest = highest_and_lowest([row(1, 4), row(2, 3), row(3, 3), row(4, 3), row(5, 2)])
    assert [r.slug for r in highest] == ["e1"]
    assert [r.slug for r in lowest] == ["e5"]
