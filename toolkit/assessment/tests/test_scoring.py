"""Scoring rules with exact expected values (plain values in, no database). Which figures are
shown is toolkit/disclosure's decision over the round's cells; these tests pin down the cells
the assessment describes and what each output then reads."""

from decimal import Decimal as D

import pytest

from toolkit.assessment import comparisons
from toolkit.assessment.comparisons import agreement_gaps, strengths_and_weaknesses
from toolkit.assessment.scoring import (
    BORDERLINE,
    CONCERN,
    COUNCIL,
    STRENGTH,
    TOGETHER,
    VCS,
    ElementSpec,
    agreement_band,
    assessment_results,
    median_of,
    round_one_place,
    summarise_agreement,
)
from toolkit.disclosure.table import PROTECTS, TOO_FEW, ShownCount

ELEMENTS = [
    ElementSpec("power", "Rebalancing power", "foundations"),
    ElementSpec("value", "Recognition of value", "foundations"),
    ElementSpec("time", "Time", "capacity"),
]
PRINCIPLES = [("foundations", "Shared foundations"), ("capacity", "Capacity and resources")]
BARRIERS = [("history", "Local history"), ("budgets", "Reduced budgets")]


def answers(side, element, values, first_person=0):
    """One answer per person: person i gives values[i]."""
    return [(f"{side}-{first_person + i}", side, element, v) for i, v in enumerate(values)]


def results(data, threshold=5, respondents=None, **ticks):
    return assessment_results(
        answers=data,
        elements=ELEMENTS,
        principles=PRINCIPLES,
        barriers=BARRIERS,
        respondents=respondents,
        threshold=threshold,
        **ticks,
    )


def profile(data, threshold=5, respondents=None):
    return results(data, threshold, respondents).profile


def summary(values):
    return summarise_agreement(values, ShownCount(len(values), str(len(values))))


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
    assert agreement_band(mean) == expected


def test_rounding_is_half_up_and_exact():
    assert round_one_place(D("3.95")) == D("4.0")
    assert round_one_place(D("3.94999")) == D("3.9")
    assert round_one_place(D("2.25")) == D("2.3")
    # 3.95 as a binary float would round down; means are computed from fractions instead.
    result = summary([4] * 19 + [3])
    assert result.mean == D("4.0")  # 79/20 = 3.95 → 4.0
    assert result.band == STRENGTH


def test_median_odd_and_even():
    assert median_of([5, 1, 3]) == D("3.0")
    assert median_of([1, 2, 4, 5]) == D("3.0")
    assert median_of([3, 4]) == D("3.5")
    assert median_of([]) is None


def test_summary_has_distribution_mean_median_and_dont_know():
    result = summarise_agreement([5, 4, 4, 3, 2, None, None], ShownCount(5, "5"))
    assert not result.withheld
    assert result.n == 5
    assert result.distribution == (0, 1, 1, 2, 1)
    assert result.dont_know == 2
    assert result.mean == D("3.6")  # 18/5
    assert result.median == D("4.0")
    assert result.band == BORDERLINE


def test_dont_know_is_left_out_of_mean_and_median_but_counted():
    result = summarise_agreement([1, None, None, None, 5, 5, 5, 5], ShownCount(5, "5"))
    assert result.mean == D("4.2")  # 21/5, not 21/8
    assert result.median == D("5.0")
    assert result.dont_know == 3


def test_four_respondents_are_withheld_with_their_count_in_words_and_five_are_shown():
    data = answers(COUNCIL, "power", [4, 4, 4, 4]) + answers(VCS, "power", [2] * 5)
    power = profile(data).element("power")
    four = power.council
    assert four.withheld and four.reason == TOO_FEW
    assert (four.n, four.mean, four.median, four.distribution, four.dont_know, four.band) == (
        None,
        None,
        None,
        None,
        None,
        None,
    )
    assert four.count.text == "fewer than 5"
    assert four.label == "Not enough answers"
    assert four.note == "fewer than 5 respondents"
    assert power.vcs.shown and power.vcs.mean == D("2.0") and power.vcs.count.text == "5"


def test_threshold_is_never_below_three():
    two = profile(answers(COUNCIL, "power", [4, 4]), threshold=1).element("power").council
    assert two.withheld and two.count.text == "fewer than 3"
    three = profile(answers(COUNCIL, "power", [4, 4, 4]), threshold=1).element("power").council
    assert three.shown and three.n == 3


def test_profile_per_side_together_and_principle():
    data = (
        answers(COUNCIL, "power", [4, 4, 5, 3, 4])  # 20/5 = 4.0
        + answers(VCS, "power", [2, 2, 3, 1, 2, 2])  # 12/6 = 2.0
        + answers(COUNCIL, "value", [3, 3, 3, 3, 4])  # 16/5 = 3.2
        + answers(VCS, "value", [4, 4, 4, 4, 4, 5])  # 25/6 = 4.2 (4.1666…)
        + answers(COUNCIL, "time", [2, 2, 2, 2, 2])
        + answers(VCS, "time", [1, 1, 1, None, None, None])  # 3 known: withheld
    )
    result = profile(data, respondents={COUNCIL: 5, VCS: 6})
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
    assert time.council.shown and time.council.mean == D("2.0")
    assert time.vcs.reason == TOO_FEW and time.vcs.count.text == "fewer than 5"
    # Together (5 + 3) minus the council's 5 would give the VCS's 3 answers.
    assert time.together.reason == PROTECTS and time.together.count.text == "not shown"
    assert time.together.mean is None and time.gap is None
    foundations, capacity = result.principles
    assert foundations.council.n == 5 and foundations.council.mean == D("3.6")  # 36/10
    assert foundations.vcs.mean == D("3.1")  # 37/12 = 3.083…
    assert foundations.together.mean == D("3.3")  # 73/22 = 3.318…
    assert foundations.council.distribution == (0, 0, 5, 4, 1)
    # Capacity is time alone: the VCS's figure is too few, and together gives it away.
    assert capacity.vcs.reason == TOO_FEW and capacity.together.reason == PROTECTS
    assert result.respondents == {COUNCIL: ShownCount(5, "5"), VCS: ShownCount(6, "6")}


def test_a_principle_is_withheld_for_a_side_while_one_of_its_elements_is():
    # Issue 13, "whole against parts": with power's 4 VCS answers withheld, the principle's
    # VCS distribution minus value's would give them away.
    data = (
        answers(COUNCIL, "power", [4] * 6)
        + answers(VCS, "power", [1, 1, 2, 2, None, None])  # 4 known
        + answers(COUNCIL, "value", [3] * 6)
        + answers(VCS, "value", [4, 4, 4, 4, 5, 5])
        + answers(COUNCIL, "time", [2] * 6)
        + answers(VCS, "time", [3] * 6)
    )
    result = profile(data, respondents={COUNCIL: 6, VCS: 6})
    power, value = result.element("power"), result.element("value")
    foundations, capacity = result.principles
    assert power.vcs.reason == TOO_FEW and power.vcs.count.text == "fewer than 5"
    assert power.together.reason == PROTECTS
    assert foundations.vcs.reason == PROTECTS and foundations.vcs.distribution is None
    assert foundations.vcs.count.text == "not shown"
    assert foundations.together.reason == PROTECTS
    # Everything that gives nothing away stands: the other element, the council's principle,
    # and the other principle.
    assert value.vcs.distribution == (0, 0, 0, 4, 2) and value.together.mean == D("3.7")
    assert foundations.council.mean == D("3.5") and foundations.council.n == 6
    assert capacity.vcs.mean == D("3.0") and capacity.together.mean == D("2.5")


def test_together_may_stand_when_both_sides_are_withheld():
    # Three on each side: neither side's figure may be shown, but the six together cannot be
    # split, so their figure stands.
    data = answers(COUNCIL, "power", [4, 4, 4]) + answers(VCS, "power", [2, 2, 2])
    power = profile(data).element("power")
    assert power.council.reason == TOO_FEW and power.vcs.reason == TOO_FEW
    assert power.together.shown and power.together.mean == D("3.0") and power.together.n == 6
    assert power.gap is None


def test_an_empty_side_hides_nothing_and_has_no_figure():
    data = answers(COUNCIL, "power", [4, 4, 5, 3, 4, 4, 4])
    result = profile(data, respondents={COUNCIL: 7, VCS: 0})
    power = result.element("power")
    assert power.council.mean == D("4.0")
    assert not power.vcs.withheld and not power.vcs.shown and power.vcs.n == 0
    assert power.vcs.label == "No answers"
    # Together is the council's own answers, which are shown anyway.
    assert power.together.shown and power.together.mean == D("4.0")
    assert agreement_gaps(result.elements) == []
    assert strengths_and_weaknesses(result.elements) == ([power], [])
    assert result.respondents[VCS] == ShownCount(0, "0")


def test_a_cell_where_only_dont_know_was_said_is_built_from_those_who_said_it():
    # Issue 13: a VCS side of one, who said "don't know" to power. Nobody rated it, but the
    # cell is not empty: its don't-know count would be that person's answer.
    data = answers(COUNCIL, "power", [4] * 6) + answers(VCS, "power", [None])
    result = profile(data, respondents={COUNCIL: 6, VCS: 1})
    power, foundations = result.element("power"), result.principles[0]
    assert power.vcs.reason == TOO_FEW and power.vcs.dont_know is None
    assert power.vcs.count.text == "fewer than 5"
    assert power.together.reason == PROTECTS and power.together.dont_know is None
    assert foundations.vcs.reason == TOO_FEW and foundations.together.reason == PROTECTS
    # Five who all said "don't know" are enough: nobody rated it, and five did not know.
    data = answers(COUNCIL, "power", [4] * 6) + answers(VCS, "power", [None] * 5)
    vcs = profile(data).element("power").vcs
    assert not vcs.withheld and not vcs.shown and vcs.has_answers
    assert (vcs.n, vcs.count.text, vcs.dont_know, vcs.distribution) == (0, "0", 5, (0,) * 5)
    # Don't-know answers of people who also rated it are counted with the cell.
    data = answers(VCS, "power", [3] * 5) + answers(VCS, "power", [None], first_person=5)
    vcs = profile(data).element("power").vcs
    assert (vcs.n, vcs.mean, vcs.dont_know) == (5, D("3.0"), 1)


def test_the_rounds_respondents_under_the_threshold_read_in_words():
    result = results([], respondents={COUNCIL: 12, VCS: 4})
    assert result.profile.respondents == {
        COUNCIL: ShownCount(12, "12"),
        VCS: ShownCount(None, "fewer than 5"),
    }
    assert result.comments_shown(COUNCIL)
    assert not result.comments_shown(VCS)


def test_respondent_answering_only_dont_know_does_not_count_towards_n():
    data = answers(COUNCIL, "power", [4, 4, 4, 4]) + [("c-x", COUNCIL, "power", None)]
    council = profile(data).element("power").council
    assert council.withheld and council.n is None and council.count.text == "fewer than 5"


def test_respondent_with_several_statements_counts_once():
    data = []
    for person in range(5):
        data += [(person, VCS, "power", 4), (person, VCS, "power", 2), (person, VCS, "power", None)]
    power = profile(data).element("power").vcs
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
    found = agreement_gaps(profile(data).elements)
    assert [(g.row.slug, g.gap, g.higher_side) for g in found] == [
        ("value", D("-2.0"), VCS),
        ("power", D("1.0"), COUNCIL),
        ("time", D("1.0"), COUNCIL),
    ]


def test_strengths_and_weaknesses_do_not_overlap_and_use_only_shown_together_means():
    data = []
    for slug, value in (("power", 5), ("value", 3), ("time", 1)):
        data += answers(COUNCIL, slug, [value] * 5) + answers(VCS, slug, [value] * 5)
    strengths, weaknesses = strengths_and_weaknesses(profile(data).elements, k=2)
    assert [r.slug for r in strengths] == ["power", "value"]
    assert [r.slug for r in weaknesses] == ["time"]
    # With time's VCS figure withheld, its together mean is too: it is in neither list.
    data = [a for a in data if not (a[1] == VCS and a[2] == "time")]
    data += answers(VCS, "time", [1, 1])
    strengths, weaknesses = strengths_and_weaknesses(profile(data).elements, k=2)
    assert [r.slug for r in strengths + weaknesses] == ["power", "value"]


def test_tick_counts_by_side_out_of_who_answered():
    ticks = (
        [(f"c{i}", COUNCIL, "history") for i in range(3)]
        + [(f"c{i}", COUNCIL, "none") for i in range(3, 5)]
        + [(f"v{i}", VCS, "budgets") for i in range(4)]
        + [("v4", VCS, "history"), ("v5", VCS, "none")]
    )
    result = results([], barrier_ticks=ticks)
    history, budgets = result.barriers.items
    assert [(t.council.value, t.vcs.value, t.together.value) for t in (history, budgets)] == [
        (3, 1, 4),
        (0, 4, 4),
    ]
    assert {view: c.text for view, c in result.barriers.base.items()} == {
        COUNCIL: "5",
        VCS: "6",
        TOGETHER: "11",
    }
    assert history.together.base.text == "11"


def test_tick_counts_of_a_side_with_too_few_answers_are_withheld_and_together_with_them():
    ticks = [(f"c{i}", COUNCIL, "history") for i in range(5)] + [
        (f"v{i}", VCS, "budgets") for i in range(4)
    ]
    result = results([], barrier_ticks=ticks)
    history, budgets = result.barriers.items
    assert history.council.value == 5 and budgets.council.value == 0
    for tick in (history, budgets):
        assert tick.vcs.value is None and tick.vcs.reason == TOO_FEW
        assert str(tick.vcs) == "Not enough answers"
        assert tick.together.value is None and tick.together.reason == PROTECTS
        assert str(tick.together) == "Not shown"
    assert result.barriers.base[VCS].text == "fewer than 5"
    assert result.barriers.base[TOGETHER].text == "not shown"
    assert result.barriers.base[COUNCIL].text == "5"


def test_pressures_are_counted_like_barriers():
    result = assessment_results(
        answers=[],
        pressure_ticks=[(f"c{i}", COUNCIL, "cost") for i in range(6)]
        + [(f"v{i}", VCS, "none") for i in range(6)],
        elements=ELEMENTS,
        principles=PRINCIPLES,
        pressures=[("cost", "Cost of living")],
        threshold=5,
    )
    (cost,) = result.pressures.items
    assert (cost.council.value, cost.vcs.value, cost.together.value) == (6, 0, 6)


def test_compare_by_element_slug_and_side_only_where_both_rounds_show_the_figure():
    earlier = profile(answers(COUNCIL, "power", [3] * 5) + answers(VCS, "power", [2] * 5))
    # Later round: different statements (ids) but the same element slug.
    later = profile(answers(COUNCIL, "power", [4, 4, 3, 3, 3]) + answers(VCS, "power", [3] * 4))
    trend = {t.slug: t for t in comparisons.compare(later.elements, earlier.elements)}
    power = trend["power"]
    assert (power.council.earlier, power.council.current, power.council.change) == (
        D("3.0"),
        D("3.4"),
        D("0.4"),
    )
    # The VCS's 4 later answers are withheld, and with them together: neither round's figure
    # is given.
    assert (power.vcs.earlier, power.vcs.current, power.vcs.change) == (None, None, None)
    assert (power.together.earlier, power.together.change) == (None, None)
    assert trend["time"].council.change is None  # not enough answers in either round


def test_profile_lines_give_every_summary_in_download_order():
    lines = list(comparisons.profile_lines(profile([])))
    assert len(lines) == (2 + 3) * 3
    assert [(level, row.slug, view) for level, row, view, _s in lines[:4]] == [
        ("principle", "foundations", COUNCIL),
        ("principle", "foundations", VCS),
        ("principle", "foundations", TOGETHER),
        ("principle", "capacity", COUNCIL),
    ]
