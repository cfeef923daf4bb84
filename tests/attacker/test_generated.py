"""Seeded rounds, read by every reader who can read results through every output, attacked.

Each scenario (see world.plan_scenario) is built once; every reader in world.READERS reads
everything (collect.read_everything), and the attacker's model checks, per reader:
(a) no withheld cell can be worked out, (b) no one respondent's answer can, (c) no figure or
count of respondents under the threshold is printed, (d) no "together" figure stands beside a
withheld side. Tests that fail on the code as it is are marked xfail (strict) with the
issue they belong to, so they turn red the moment a fix makes them pass: remove the marker
then."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from .collect import read_everything
from .model import Attack
from .world import READERS, build_world, plan_scenario

SEEDS = range(12)
SCENARIOS = {seed: plan_scenario(seed) for seed in SEEDS}
CHECKS = {
    "a": "no withheld cell can be worked out",
    "b": "no single respondent's answer can be worked out",
    "c": "no figure or count from fewer than the threshold is printed",
    "d": "no together figure beside a withheld side",
    "e": "no comment from a group under the threshold",
}

# The scenarios each check fails on today (issue 13), by seed: take a seed out when a fix
# makes its test pass (the xfail is strict, so the test says so).
KNOWN_LEAKS: dict[str, set[int]] = {
    "a": set(),
    "b": set(),
    "c": set(),
    "d": set(),
    "e": set(),
}
WHY = {
    "a": "",
    "b": "",
    "c": "",
    "d": "",
    "e": "",
}


_attacks: dict[int, dict] = {}


def readers_for(seed: int) -> list[str]:
    """Every reader reads the same outputs (test_readers.py checks that they read the same
    figures), so each scenario is read by one of them in turn: every role attacks several
    scenarios, and the suite stays fast."""
    names = list(READERS)
    return [names[seed % len(names)]]


def attacked(seed: int, readers: list[str] | None = None) -> dict:
    """Per reader: (reading, attack, findings). Built once per seed and kept (plain values
    only)."""
    readers = readers or readers_for(seed)
    key = (seed, tuple(readers))
    if key not in _attacks:
        cache.clear()
        scenario = SCENARIOS[seed]
        world = build_world(scenario, seed)
        result = {}
        for name in readers:
            membership = world.readers[name]
            reading = read_everything(membership, Client, world)
            attack = Attack(scenario.surveys, reading.facts, reading.differences, reading.comments)
            attack.problems += reading.chart_problems
            result[name] = (reading, attack, attack.findings())
        _attacks[key] = result
    return _attacks[key]


@pytest.fixture(scope="module", params=list(SEEDS), ids=[s.label for s in SCENARIOS.values()])
def seed(request):
    """Module scope, so that pytest runs every check of one scenario together (and a worker
    builds each scenario once)."""
    return request.param


def expect(request, check: str, seed: int) -> None:
    """Mark the test as a known failure (strict) when the scenario is in KNOWN_LEAKS."""
    if seed in KNOWN_LEAKS[check]:
        reason = f"issue 13: {WHY[check]}"
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))


def _report(seed, check) -> list[str]:
    lines = []
    for reader, (_reading, _attack, findings) in attacked(seed).items():
        for finding in findings[check]:
            lines.append(f"[{reader}] {finding}")
    return lines


@pytest.mark.django_db
def test_no_withheld_cell_can_be_worked_out(request, seed):
    expect(request, "a", seed)
    found = _report(seed, "a")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_no_respondents_answer_can_be_worked_out(request, seed):
    expect(request, "b", seed)
    found = _report(seed, "b")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_no_figure_or_count_under_the_threshold_is_printed(request, seed):
    expect(request, "c", seed)
    found = _report(seed, "c")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_no_together_figure_beside_a_withheld_side(request, seed):
    expect(request, "d", seed)
    found = _report(seed, "d")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_no_comment_from_fewer_than_the_threshold_is_shown(request, seed):
    expect(request, "e", seed)
    found = _report(seed, "e")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_every_figure_read_is_the_true_figure(seed):
    """The parsers read what the outputs print, and the outputs print the truth: a figure
    read that disagrees with the answers means one of them is wrong, and the attack above
    would be built on sand. The strategic maps plot only pairs of means their tables show
    (a chart is not a way round a withheld figure)."""
    problems = [
        f"[{reader}] {p}"
        for reader, (_r, attack, _f) in attacked(seed).items()
        for p in attack.problems
    ]
    assert not problems, "\n".join(problems)
