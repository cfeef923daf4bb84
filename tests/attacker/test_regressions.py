"""The leaks issue 13 names, as regressions: each reads the output the issue names and asks
the attacker's model about it.

(The shared-link n − 1, backup and findings regressions live with the respondent-privacy
work, not here.)"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from .collect import Names, Reader, Reading, api, csv_rows, dataset_rows, mapping_pages
from .model import COUNCIL, DK, NONE, TOGETHER, VCS, YES, Attack, Survey
from .world import RoundPlan, Scenario, build_world, survey_from_database

pytestmark = pytest.mark.django_db


# --- the demo area's own mapping.csv --------------------------------------------------------


@pytest.fixture
def demo_reader(demo_area):
    from toolkit.areas.models import Membership

    cache.clear()
    membership = Membership.objects.get(
        area=demo_area.area, user__email="facilitator@eastmere.example.org"
    )
    return demo_area.area, Reader(membership, Client)


def test_demo_mapping_csv_shows_no_together_beside_a_withheld_side(demo_reader):
    area, reader = demo_reader
    from toolkit.mapping.selectors import mapping_rounds_for_area

    rounds = {r.name: r for r in mapping_rounds_for_area(area)}
    names = {name: Names.for_round(r) for name, r in rounds.items()}
    reading = Reading()
    url = reverse("reports:data-csv", kwargs={"area_code": area.gss_code, "dataset": "mapping"})
    header, rows = csv_rows(reader.get(url).getvalue())
    dataset_rows(reading, "mapping.csv", names, header, rows)
    assert reading.facts, "mapping.csv gave no figures: the parser no longer reads it"
    surveys = [survey_from_database(r) for r in rounds.values()]
    attack = Attack(surveys, reading.facts)
    assert not attack.problems, attack.problems
    findings = attack.together_beside_withheld() + attack.withheld_derivations()
    assert not findings, "\n".join(map(str, findings))


# --- a principle's distribution against a withheld element -----------------------------------


def principle_round() -> tuple[Scenario, Survey]:
    """A quick-check round, threshold 5: five on each side. Four VCS respondents say they
    don't know about transparency, one answers it (so the VCS figure for transparency is
    withheld); everyone answers the other shared-foundations elements, so the VCS figures
    for those elements and for the principle are shown."""
    from toolkit.assessment.questions import questions_for
    from toolkit.framework.testing import load_framework_for_tests

    plan = RoundPlan("This round", False, "quick", "anonymous", 5, 5)
    scenario = Scenario("principle-distribution", 5, [plan])
    questions = [
        q
        for q in questions_for(load_framework_for_tests(), "quick")
        if q.principle_slug == "shared-foundations"
    ]
    sides = {f"{side}{i}": side for side in (COUNCIL, VCS) for i in range(5)}
    survey = Survey("This round", 5, sides, {})
    for q in questions:
        survey.element_statements[q.element_slug] = [q.statement_id]
        survey.principle_elements.setdefault(q.principle_slug, []).append(q.element_slug)
    for i, p in enumerate(sides):
        for q in questions:
            lone = q.element_slug == "transparency" and sides[p] == VCS
            value = (2 if i == 5 else DK) if lone else 3 + i % 3
            survey.answers[(p, ("stmt", q.statement_id))] = value
        survey.answers[(p, ("any_p", "shared-foundations"))] = YES
    return scenario, survey


@pytest.fixture
def principle_world():
    cache.clear()
    scenario, survey = principle_round()
    world = build_world(scenario, 0, surveys=[survey])
    round_ = world.rounds["This round"]
    reader = Reader(world.readers["facilitator_council"], Client)
    return world, round_, reader


def test_principle_distribution_in_profile_csv_keeps_the_withheld_element(principle_world):
    world, round_, reader = principle_world
    names = Names.for_round(round_)
    reading = Reading()
    url = reverse(
        "assessment:profile-csv",
        kwargs={"area_code": world.area.gss_code, "round_id": round_.public_id},
    )
    header, rows = csv_rows(reader.get(url).content)
    dataset_rows(reading, "profile.csv", {names.round: names}, header, rows)
    attack = Attack(world.scenario.surveys, reading.facts)
    assert not attack.problems, attack.problems
    assert any(f.measure == "dist2" and f.value is not None for f in reading.facts)
    found = attack.withheld_derivations()
    assert not found, "\n".join(map(str, found))


def test_principle_distribution_in_the_api_keeps_the_withheld_element(principle_world):
    world, round_, reader = principle_world
    names = Names.for_round(round_)
    reading = Reading()
    api(reader, reading, round_, names)
    attack = Attack(world.scenario.surveys, reading.facts)
    assert not attack.problems, attack.problems
    found = attack.withheld_derivations()
    assert not found, "\n".join(map(str, found))


# --- "people who rated it: 1" beside a withheld figure ------------------------------------------


@pytest.fixture
def lone_rater_world():
    """Six council respondents rate the relationship; one of five VCS respondents does."""
    cache.clear()
    plan = RoundPlan("This round", True, "none", "anonymous", 6, 5, ["Relationship A"])
    scenario = Scenario("lone-rater", 5, [plan])
    sides = {f"{side}{i}": side for side, n in ((COUNCIL, 6), (VCS, 5)) for i in range(n)}
    survey = Survey("This round", 5, sides, {}, relationships=["Relationship A"])
    survey.scales = ("neighbourhood", "whole-place", "region")
    for i, p in enumerate(sides):
        if sides[p] == VCS and i != 6:
            continue
        survey.answers[(p, ("rated", "Relationship A"))] = YES
        for axis, value in zip(
            ("strategic", "proactive", "financial", "time"), (4, 3, NONE, 2), strict=True
        ):
            survey.answers[(p, ("axis", "Relationship A", axis))] = value
    world = build_world(scenario, 0, surveys=[survey])
    return world, world.rounds["This round"], Reader(world.readers["vcs_participant"], Client)


def test_no_count_of_one_beside_a_withheld_figure(lone_rater_world):
    world, round_, reader = lone_rater_world
    names = Names.for_round(round_)
    reading = Reading()
    mapping_pages(reader, reading, round_, names)
    assert any(f.source.startswith("mapping perspectives page (vcs)") for f in reading.facts)
    attack = Attack(world.scenario.surveys, reading.facts)
    assert not attack.problems, attack.problems
    found = attack.small_counts() + attack.together_beside_withheld()
    assert not found, "\n".join(map(str, found))


def test_the_lone_rater_case_is_what_it_says(lone_rater_world):
    """The regression above is about one VCS rater: make sure the round holds exactly that."""
    world, _round, _reader = lone_rater_world
    (survey,) = world.scenario.surveys
    from .model import RATED, Cell

    assert survey.size(Cell("This round", RATED, "Relationship A", VCS)) == 1
    assert survey.size(Cell("This round", RATED, "Relationship A", COUNCIL)) == 6
    assert survey.size(Cell("This round", RATED, "Relationship A", TOGETHER)) == 7
