"""Results by group (issue 18, item 2), attacked: seeded rounds whose respondents answer the
optional questions at the start (department and councillor or officer; organisation size and
led by and for), with groups of 1 to 6 people, read through every output a reader gets (the
by-group page and its CSV, the API, and every other output of the round: pages, downloads,
reports), and checked by the attacker's model: no withheld cell – a group's figure, a group's
size, or any other figure of the round – can be worked out, no respondent's answer can, and
no count or figure from fewer than the threshold is printed.

The model is told who is in which group (a stronger reader than a real one). On a naive
implementation – each group cell withheld on its own when too small, but the rest of the
breakdown shown – check (a) finds the small group by subtracting the others from the side."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.test import Client

from .collect import read_everything
from .model import MEMBERS, Attack
from .world import READERS, RoundPlan, Scenario, build_world

pytestmark = pytest.mark.django_db

SEEDS = range(6)


def plan(seed: int) -> Scenario:
    """Sides of 7 to 16; two to four groups per question, so groups of 1 to 6 people; now
    and then a side large and even enough that a view passes."""
    rng = random.Random(seed * 101 + 7)
    threshold = rng.choice([3, 5])
    kind = "full" if seed % 3 == 0 else "quick"
    council, vcs = rng.randint(7, 16), rng.randint(7, 16)
    questions = {
        "department": tuple(rng.sample(["adults", "children", "place", "corporate"], 2)),
        "role": ("councillor", "officer"),
        "size": tuple(rng.sample(["micro", "small", "medium", "large"], rng.choice([2, 3]))),
    }
    if seed % 2:
        questions["led_by_and_for"] = ("yes", "no")
    rounds = [RoundPlan("This round", False, kind, "anonymous", council, vcs, [], questions)]
    label = f"seed{seed}-{kind}-t{threshold}-{council}c{vcs}v-" + "-".join(questions)
    return Scenario(label, threshold, rounds)


SCENARIOS = {seed: plan(seed) for seed in SEEDS}
_attacks: dict[int, tuple] = {}


def attacked(seed: int):
    if seed not in _attacks:
        cache.clear()
        scenario = SCENARIOS[seed]
        world = build_world(scenario, seed)
        reader = list(READERS)[seed % len(READERS)]
        reading = read_everything(world.readers[reader], Client, world)
        attack = Attack(scenario.surveys, reading.facts, reading.differences, reading.comments)
        _attacks[seed] = (scenario, reading, attack, attack.findings())
    return _attacks[seed]


@pytest.fixture(scope="module", params=list(SEEDS), ids=[s.label for s in SCENARIOS.values()])
def seed(request):
    return request.param


def test_the_groups_are_small_and_the_outputs_are_read(seed):
    """The scenario has groups of 1 to 6 (so the rule has work to do), and the by-group
    outputs are read (so a check that passes is not one that read nothing)."""
    scenario, reading, _attack, _findings = attacked(seed)
    survey = scenario.surveys[0]
    sizes = {
        len(survey.members((side, key, value)))
        for key, side, values in survey.group_questions
        for value in values
    }
    assert sizes & {1, 2, 3, 4, 5, 6}
    for source in ("principles by-group page", "groups.csv", "API results (by group)"):
        assert reading.outputs.get(source), f"{source} gave nothing"


@pytest.mark.parametrize("check", ["a", "b", "c"])
def test_no_withheld_group_figure_can_be_worked_out(seed, check):
    _scenario, _reading, _attack, findings = attacked(seed)
    assert not findings[check], "\n".join(map(str, findings[check]))


def test_the_figures_read_are_the_true_figures(seed):
    _scenario, _reading, attack, _findings = attacked(seed)
    assert not attack.problems, "\n".join(attack.problems)


def test_some_views_by_group_are_shown_across_the_seeds():
    """Across the seeds at least one view passes and at least one does not: the suite checks
    both what is shown and what is withheld."""
    shown = withheld = 0
    for seed in SEEDS:
        _scenario, _reading, attack, _findings = attacked(seed)
        for (cell, _measure), _value in attack.printed.items():
            shown += cell.kind == MEMBERS
        withheld += sum(1 for cell in attack.withheld_marks if cell.kind == MEMBERS)
    assert shown and withheld
