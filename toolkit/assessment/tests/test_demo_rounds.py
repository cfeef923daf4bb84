"""Acceptance criterion 7: the demo area ships with two completed rounds a year apart."""

import pytest
from django.test import Client
from django.urls import reverse

from toolkit.assessment.selectors import round_profile, round_results, round_trend
from toolkit.demo.services import demo_area_load
from toolkit.rounds.models import Response, Round, RoundStatus
from toolkit.rounds.selectors import response_counts, round_results_visible

pytestmark = pytest.mark.django_db


def test_two_completed_rounds_a_year_apart_with_results_and_trend(framework_loaded):
    result = demo_area_load()
    rounds = list(
        Round.objects.filter(area=result.area).exclude(assessment="none").order_by("opened_on")
    )
    assert len(rounds) == 2
    first, second = rounds
    assert all(r.status == RoundStatus.CLOSED and r.has_assessment for r in rounds)
    assert 330 <= (second.opened_on - first.opened_on).days <= 400
    assert second.previous_round == first
    for round_ in rounds:
        counts = response_counts(round_)
        assert counts.council >= 5 and counts.vcs >= 5
        assert round_results_visible(round_, counts)
        profile = round_profile(round_, counts)
        assert all(row.council.shown and row.vcs.shown for row in profile.elements)
        means = {row.together.mean for row in profile.elements}
        assert len(means) >= 5  # varied, not flat
    trend = round_trend(second, round_profile(second))
    assert trend.earlier_visible
    assert sum(1 for t in trend.elements if t.together.change and t.together.change > 0) >= 5

    # The second round shows a view by group (the sector, led by and for a marginalised
    # community or not: six each) and one it cannot (two councillors among the council).
    views = {v.question.key: v for v in round_results(second).by_group}
    assert views["led_by_and_for"].shown
    assert [c.value for c in views["led_by_and_for"].respondents] == [6, 6]
    assert sum(1 for row in views["led_by_and_for"].rows if row.figures) >= 10
    assert not views["role"].shown
    assert views["role"].note == "fewer than 5 respondents in a group"
    assert not first.group_questions

    # Idempotent and deterministic.
    mine = Response.objects.filter(round__in=rounds)
    before = list(mine.values_list("round__name", "side").order_by("pk"))
    profile_before = round_profile(second).elements
    demo_area_load()
    assert list(mine.values_list("round__name", "side").order_by("pk")) == before
    assert round_profile(second).elements == profile_before


def test_demo_results_pages_open_for_every_role(reference_data):
    result = demo_area_load()
    second = Round.objects.get(
        area=result.area, previous_round__isnull=False, name__startswith="Principles"
    )
    client = Client()
    from toolkit.areas.models import Membership

    for membership in Membership.objects.filter(area=result.area):
        client.force_login(membership.user)
        for name in ("profile", "gaps", "barriers", "comments", "trend"):
            page = client.get(
                reverse(f"assessment:{name}", args=[result.area.gss_code, second.public_id])
            )
            assert page.status_code == 200
            assert b"Results are sealed" not in page.content
