"""Scoring rules with exact expected values (plain values in, no database)."""

from decimal import Decimal as D

import pytest

from toolkit.assessment import scoring
from toolkit.assessment.scoring import (
    BORDERLINE,
    CONCERN,
    COUNCIL,
    STRENGTH,
    VCS,
    ElementSpec,
    band,
    figure,
    gaps,
    median_of,
    profile,
    round_one_place,
    strengths_and_weaknesses,
    tick_counts,
)

ELEMENTS = [
    ElementSpec("power", "Rebalancing power", "foundations"),
    ElementSpec("value", "Recognition of value", "foundations"),
    ElementSpec("time", "Time", "capacity"),
]
PRINCIPLES = [("foundations", "Shared foundations"), ("capacity", "Capacity and resources")]


def answers(side, element, values, first_person=0):
    """One answer per person: person i gives values[i]."""
    return [(f"{side}-{first_person + i}", side, element, v) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("mean", "expected"),
    [
        (D("5.0"), STRENGTH),
        (D("4.0"), STRENGTH),
        (D("3.9"), BORDERLINE),
        (D("3.0"), BORDERLINE),
        (D("2.9"), CONCERN),
        (D("1.0"), CONCERN),
        (None, None),
    ],
)
def test_bands(mean, expected):
    assert band(mean) == expected


def test_rounding_is_half_up_and_exact():
    assert round_one_place(D("3.95")) == D("4.0")
    assert round_one_place(D("3.94999")) == D("3.9")
    assert round_one_place(D("2.25")) == D("2.3")
    # 3.95 as a binary float would round down; means are computed from fractions instead.
    result = figure([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3], 20, 5)
    assert result.mean == D("4.0")  # 79/20 = 3.95 → 4.0
    assert result.band == STRENGTH


def test_median_odd_and_even():
    assert median_of([5, 1, 3]) == D("3.0")
    assert median_of([1, 2, 4, 5]) == D("3.0")
    assert median_of([3, 4]) == D("3.5")
    assert median_of([]) is None


def test_figure_has_distribution_mean_median_and_dont_know():
    result = figure([5, 4, 4, 3, 2, None, None], 5, 5)
    assert not result.suppressed
    assert result.n == 5
    assert result.distribution == (0, 1, 1, 2, 1)
    assert result.dont_know == 2
    assert result.mean == D("3.6")  # 18/5
    assert result.median == D("4.0")
    assert result.band == BORDERLINE


def test_dont_know_is_left_out_of_mean_and_median_but_counted():
    result = figure([1, None, None, None, 5, 5, 5, 5], 5, 5)
    assert result.mean == D("4.2")  # 21/5, not 21/8
    assert result.median == D("5.0")
    assert result.dont_know == 3


def test_exactly_four_respondents_are_suppressed_and_five_are_shown():
    four = figure([4, 4, 4, 4], 4, 5)
    assert four.suppressed
    assert (four.mean, four.median, four.distribution, four.dont_know, four.band) == (
        None,
        None,
        None,
        None,
        None,
    )
    five = figure([4, 4, 4, 4, 2], 5, 5)
    assert not five.suppressed
    assert five.mean == D("3.6")


def test_threshold_is_never_below_three():
    assert figure([4, 4], 2, 1).suppressed
    assert not figure([4, 4, 4], 3, 1).suppressed


def test_profile_per_side_together_and_principle():
    data = (
        answers(COUNCIL, "power", [4, 4, 5, 3, 4])  # 20/5 = 4.0
        + answers(VCS, "power", [2, 2, 3, 1, 2, 2])  # 12/6 = 2.0
        + answers(COUNCIL, "value", [3, 3, 3, 3, 4])  # 16/5 = 3.2
        + answers(VCS, "value", [4, 4, 4, 4, 4, 5])  # 25/6 = 4.2 (4.1666…)
        + answers(COUNCIL, "time", [2, 2, 2, 2, 2])
        + answers(VCS, "time", [1, 1, 1, None, None, None])  # 3 known: suppressed
    )
    result = profile(data, ELEMENTS, PRINCIPLES, 5, {COUNCIL: 5, VCS: 6})
    power = result.element("power")
    assert power.council.mean == D("4.0") and power.council.band == STRENGTH
    assert power.vcs.mean == D("2.0") and power.vcs.band == CONCERN
    assert power.together.mean == D("2.9")  # 32/11 = 2.909…
    assert power.together.n == 11
    assert power.gap == D("2.0")
    value = result.element("value")
    assert value.vcs.mean == D("4.2")
    assert value.together.mean == D("3.7")  # 41/11 = 3.727…
    assert value.gap == D("-1.0")
    time = result.element("time")
    assert not time.council.suppressed and time.council.mean == D("2.0")
    assert time.vcs.suppressed and time.vcs.n == 3
    assert time.together.suppressed  # a side's hidden figure must not be derivable
    assert time.gap is None
    foundations, capacity = result.principles
    assert foundations.council.n == 5 and foundations.council.mean == D("3.6")  # 36/10
    assert foundations.vcs.mean == D("3.1")  # 37/12 = 3.083…
    assert foundations.together.mean == D("3.3")  # 73/22 = 3.318…
    assert capacity.vcs.suppressed and capacity.together.suppressed


def test_one_side_empty_suppresses_that_side_together_and_gaps():
    data = answers(COUNCIL, "power", [4, 4, 5, 3, 4, 4, 4])
    result = profile(data, ELEMENTS, PRINCIPLES, 5, {COUNCIL: 7, VCS: 0})
    power = result.element("power")
    assert power.council.mean == D("4.0")
    assert power.vcs.suppressed and power.vcs.n == 0
    assert power.together.suppressed
    assert gaps(result.elements) == []
    assert strengths_and_weaknesses(result.elements) == ([], [])


def test_respondent_answering_only_dont_know_does_not_count_towards_n():
    data = answers(COUNCIL, "power", [4, 4, 4, 4]) + [("c-x", COUNCIL, "power", None)]
    result = profile(data, ELEMENTS, PRINCIPLES, 5)
    assert result.element("power").council.n == 4
    assert result.element("power").council.suppressed


def test_respondent_with_several_statements_counts_once():
    data = []
    for person in range(5):
        data += [(person, VCS, "power", 4), (person, VCS, "power", 2), (person, VCS, "power", None)]
    result = profile(data, ELEMENTS, PRINCIPLES, 5)
    power = result.element("power").vcs
    assert power.n == 5
    assert power.distribution == (0, 5, 0, 5, 0)
    assert power.dont_know == 5
    assert power.mean == D("3.0")


def test_gaps_largest_first_in_either_direction_ties_in_framework_order():
    data = (
        answers(COUNCIL, "power", [4] * 5)
        + answers(VCS, "power", [3] * 5)  # +1.0
        + answers(COUNCIL, "value", [2] * 5)
        + answers(VCS, "value", [4] * 5)  # -2.0
        + answers(COUNCIL, "time", [5] * 5)
        + answers(VCS, "time", [4] * 5)  # +1.0 (tie with power, comes after it)
    )
    result = gaps(profile(data, ELEMENTS, PRINCIPLES, 5).elements)
    assert [(g.row.slug, g.gap, g.higher_side) for g in result] == [
        ("value", D("-2.0"), VCS),
        ("power", D("1.0"), COUNCIL),
        ("time", D("1.0"), COUNCIL),
    ]


def test_strengths_and_weaknesses_do_not_overlap():
    data = []
    for slug, value in (("power", 5), ("value", 3), ("time", 1)):
        data += answers(COUNCIL, slug, [value] * 5) + answers(VCS, slug, [value] * 5)
    strengths, weaknesses = strengths_and_weaknesses(
        profile(data, ELEMENTS, PRINCIPLES, 5).elements, k=2
    )
    assert [r.slug for r in strengths] == ["power", "value"]
    assert [r.slug for r in weaknesses] == ["time"]


def test_tick_counts_by_side_with_suppression():
    items = [("history", "Local history"), ("budgets", "Reduced budgets")]
    ticks = [(f"c{i}", COUNCIL, "history") for i in range(3)] + [
        (f"v{i}", VCS, "budgets") for i in range(4)
    ]
    shown = tick_counts(ticks, {COUNCIL: 5, VCS: 6}, items, 5)
    assert [(t.slug, t.council, t.vcs, t.together) for t in shown] == [
        ("history", 3, 0, 3),
        ("budgets", 0, 4, 4),
    ]
    one_side_small = tick_counts(ticks, {COUNCIL: 5, VCS: 4}, items, 5)
    assert [(t.council, t.vcs, t.together) for t in one_side_small] == [
        (3, None, None),
        (0, None, None),
    ]


def test_compare_by_element_slug_and_side():
    earlier = profile(
        answers(COUNCIL, "power", [3] * 5) + answers(VCS, "power", [2] * 5),
        ELEMENTS,
        PRINCIPLES,
        5,
    )
    # Later round: different statements (ids) but the same element slug.
    later = profile(
        answers(COUNCIL, "power", [4, 4, 3, 3, 3]) + answers(VCS, "power", [3] * 5),
        ELEMENTS,
        PRINCIPLES,
        5,
    )
    trend = {t.slug: t for t in scoring.compare(later.elements, earlier.elements)}
    power = trend["power"]
    assert (power.council.earlier, power.council.current, power.council.change) == (
        D("3.0"),
        D("3.4"),
        D("0.4"),
    )
    assert power.vcs.change == D("1.0")
    assert power.together.change == D("0.7")  # 2.5 → 3.2
    assert trend["time"].council.change is None  # not enough answers in either round
