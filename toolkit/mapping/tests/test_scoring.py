"""Exact-value tests of the mapping calculations, with every figure decided by
toolkit.disclosure from the round's one table."""

import random

import pytest

from toolkit.disclosure.linear import combination
from toolkit.disclosure.table import PROTECTS, TOO_FEW
from toolkit.mapping.scoring import (
    COUNCIL,
    ON_THE_LINE,
    TOGETHER,
    VCS,
    RatingRow,
    axis_mean,
    comments_shown,
    describe_change,
    gaps_largest_first,
    movements_largest_first,
    quadrant,
    quadrant_counts,
    round_scores,
    round_table,
)


def rows(relationship_id, side, *axes_list):
    return [RatingRow(relationship_id, side, *axes) for axes in axes_list]


def scores_of(ratings, *, council=20, vcs=20, threshold=5):
    return round_scores(ratings, responses={COUNCIL: council, VCS: vcs}, threshold=threshold)


def test_axis_mean_leaves_out_dont_know_and_unanswered():
    assert axis_mean([5, 4, 0, None, 3]) == (4.0, 3)
    assert axis_mean([1, 2]) == (1.5, 2)
    assert axis_mean([2, 2, 3]) == (2.33, 3)
    assert axis_mean([0, None]) == (None, 0)
    assert axis_mean([]) == (None, 0)


# A known set of answers: relationship 1 rated by 5 council and 5 VCS respondents.
COUNCIL_1 = rows(1, "council", (5, 4, 3, 2), (5, 4, 3, 2), (4, 4, 3, 2), (5, 5, 3, 2), (4, 3, 0, 2))
VCS_1 = rows(1, "vcs", (2, 2, 1, 4), (2, 1, 1, 4), (3, 2, 1, 4), (2, 2, 1, 5), (1, 3, 0, 4))
# Relationship 2: 5 each side who agree, except on money.
COUNCIL_2 = rows(2, "council", *[(3, 3, 4, 3)] * 5)
VCS_2 = rows(2, "vcs", *[(3, 3, 2, 3)] * 5)
KNOWN = COUNCIL_1 + VCS_1 + COUNCIL_2 + VCS_2


def test_positions_by_perspective_exact():
    positions = scores_of(KNOWN).positions
    council = positions[COUNCIL][1]
    assert (council.mean("strategic"), council.mean("proactive")) == (4.6, 4.0)
    assert council.mean("time") == 2.0
    assert council.respondents.text == "5"
    # financial: four 3s and a don't know → only 4 respondents: withheld at 5
    financial = council.means["financial"]
    assert (financial.mean, financial.withheld) == (None, TOO_FEW)
    assert financial.respondents.text == "fewer than 5"
    assert financial.respondents.value is None
    vcs = positions[VCS][1]
    assert (vcs.mean("strategic"), vcs.mean("proactive"), vcs.mean("time")) == (2.0, 2.0, 4.2)
    assert vcs.means["financial"].withheld == TOO_FEW
    together = positions[TOGETHER][1]
    assert together.respondents.text == "10"
    assert (together.mean("strategic"), together.mean("proactive")) == (3.3, 3.0)
    assert together.mean("time") == 3.1
    # Both sides' financial figures are withheld, so together (4 threes and 4 ones, from 8
    # people) gives neither away by subtraction and is shown.
    assert together.mean("financial") == 2.0
    assert together.means["financial"].respondents.text == "8"
    assert together.is_placed


def test_together_is_withheld_beside_a_withheld_side():
    # The differencing case: 6 council respondents average 2.0 on time, 3 VCS
    # respondents rate it 3, 2, 2. Showing both sides together (9 × 2.11 = 19) beside the
    # council's figure would give the VCS answers away: 19 − 6 × 2.0 = 7.
    ratings = rows(3, "council", *[(4, 4, 4, 2)] * 6) + rows(
        3, "vcs", (1, 1, 1, 3), (1, 1, 1, 2), (1, 1, 1, 2)
    )
    scores = scores_of(ratings)
    council, vcs, together = (scores.positions[p][3] for p in (COUNCIL, VCS, TOGETHER))
    assert council.mean("time") == 2.0 and council.means["time"].respondents.text == "6"
    assert vcs.mean("time") is None and vcs.means["time"].withheld == TOO_FEW
    assert vcs.means["time"].respondents.text == "fewer than 5"
    for axis in ("strategic", "proactive", "financial", "time"):
        assert together.mean(axis) is None
        assert together.means[axis].withheld == PROTECTS
        assert together.means[axis].respondents.text == "not shown"
    assert not together.is_placed
    # Who rated it, and where they say it works, follow the same rule.
    assert council.respondents.text == "6"
    assert vcs.respondents.text == "fewer than 5"
    assert together.respondents.text == "not shown"
    assert together.scales is None and together.raters_withheld == PROTECTS
    assert council.scales == {}  # shown: nobody said where it works


def test_an_axis_nobody_rated_reads_as_withheld_when_who_rated_it_is_withheld():
    # Two VCS respondents rated relationship 4, and both said "I don't know" about the money.
    # "No ratings" beside their withheld figures would give both answers away.
    ratings = rows(4, "vcs", (3, 3, 0, 3), (4, 3, 0, 3)) + rows(4, "council", *[(3, 3, 0, 3)] * 6)
    positions = scores_of(ratings).positions
    vcs = positions[VCS][4].means["financial"]
    assert (vcs.mean, vcs.withheld, vcs.respondents.text) == (None, TOO_FEW, "fewer than 5")
    together = positions[TOGETHER][4].means["financial"]
    assert (together.mean, together.withheld, together.respondents.text) == (
        None,
        PROTECTS,
        "not shown",
    )
    # The council's own 6 all said "I don't know": a group big enough to say so.
    council = positions[COUNCIL][4].means["financial"]
    assert (council.mean, council.withheld, council.respondents.text) == (None, None, "0")


@pytest.mark.parametrize(("respondents", "shown"), [(4, False), (5, True)])
def test_four_respondents_produce_no_figure_and_five_do(respondents, shown):
    ratings = rows(7, "vcs", *[(4, 4, 4, 4)] * respondents)
    position = scores_of(ratings).positions[VCS][7]
    assert position.is_placed is shown
    assert (position.mean("strategic") == 4.0) is shown
    assert position.is_withheld is not shown
    assert position.respondents.text == ("5" if shown else "fewer than 5")


def test_threshold_is_never_below_three():
    two = scores_of(rows(7, "vcs", *[(4, 4, 4, 4)] * 2), threshold=1)
    assert two.positions[VCS][7].is_withheld
    assert two.positions[VCS][7].respondents.text == "fewer than 3"
    three = scores_of(rows(7, "vcs", *[(4, 4, 4, 4)] * 3), threshold=1)
    assert not three.positions[VCS][7].is_withheld


def test_the_rounds_responses_are_counts_like_any_other():
    scores = scores_of(KNOWN, council=12, vcs=3)
    assert scores.responses[COUNCIL].text == "12"
    assert scores.responses[VCS].text == "fewer than 5"


def test_gap_list_exact_largest_first_and_only_from_shown_figures():
    scores = scores_of(KNOWN + rows(3, "council", *[(5, 5, 5, 5)] * 5) + rows(3, "vcs", (1,) * 4))
    gaps = gaps_largest_first(scores.positions[COUNCIL], scores.positions[VCS])
    # Relationship 3's sector figures are withheld (1 respondent): it is not compared.
    assert [g.relationship_id for g in gaps] == [1, 2]
    first = gaps[0]
    assert first.differences == {
        "strategic": 2.6,
        "proactive": 2.0,
        "financial": None,  # withheld on both sides
        "time": -2.2,
    }
    assert first.distance == 3.28  # hypot(2.6, 2.0) = 3.2802…
    assert first.largest_axis == "strategic"
    second = gaps[1]
    assert second.differences == {"strategic": 0, "proactive": 0, "financial": 2, "time": 0}
    assert second.distance == 0
    assert second.largest_axis == "financial"


def test_sides_that_agree_on_every_axis_differ_most_on_none():
    """Seen in the first-week journey's report: "the sides place it 0 apart on the map, most
    of all on whether it is strategic", for a relationship both sides rated the same."""
    same = [(3, 3, 3, 3)] * 5
    scores = scores_of(rows(1, "council", *same) + rows(1, "vcs", *same))
    (gap,) = gaps_largest_first(scores.positions[COUNCIL], scores.positions[VCS])
    assert gap.differences == {"strategic": 0, "proactive": 0, "financial": 0, "time": 0}
    assert gap.largest_axis is None


def test_movement_between_rounds_only_from_figures_shown_in_both():
    before = scores_of(rows(1, "council", *[(2, 2, 1, 1)] * 5)).positions[TOGETHER]
    after = scores_of(
        rows(1, "council", *[(5, 5, 1, 3)] * 5)
        + rows(2, "vcs", (1, 1, 1, 1))
        + rows(1, "vcs", *[(3, 3, 3, 3)] * 2)
    ).positions[TOGETHER]
    # With 2 VCS ratings beside 5 council ones, relationship 1's together figures would give
    # the VCS ratings away, so they are withheld: nothing can be said to have moved.
    assert movements_largest_first(before, after) == []
    after = scores_of(rows(1, "council", *[(5, 5, 1, 3)] * 5) + rows(2, "vcs", (1, 1, 1, 1)))
    moved = movements_largest_first(before, after.positions[TOGETHER])
    assert len(moved) == 1  # relationship 2 was not in the first round, and is withheld
    assert moved[0].changes == {"strategic": 3.0, "proactive": 3.0, "financial": 0.0, "time": 2.0}
    assert moved[0].distance == 4.24
    assert describe_change(3.0, up="strategic", down="transactional") == "3 towards strategic"
    assert describe_change(-0.5, up="strategic", down="transactional") == (
        "0.5 towards transactional"
    )
    assert describe_change(0, up="a", down="b") == "no change"
    assert describe_change(None, up="a", down="b") == ""


def test_where_it_works_is_counted_for_shown_perspectives_only():
    ratings = [
        RatingRow(1, "council", scales=("neighbourhood", "whole-place")),
        *[RatingRow(1, "council", scales=("neighbourhood",)) for _ in range(4)],
        *[RatingRow(1, "vcs", scales=("neighbourhood",)) for _ in range(5)],
        *[RatingRow(2, "vcs", scales=("region",)) for _ in range(4)],
        *[RatingRow(2, "council", scales=("region",)) for _ in range(5)],
    ]
    scores = scores_of(ratings)
    assert scores.positions[TOGETHER][1].scales == {"neighbourhood": 10, "whole-place": 1}
    assert scores.positions[COUNCIL][1].scales == {"neighbourhood": 5, "whole-place": 1}
    # 4 VCS respondents: their counts are withheld, and so is the total that holds them.
    assert scores.positions[VCS][2].scales is None
    assert scores.positions[VCS][2].raters_withheld == TOO_FEW
    assert scores.positions[TOGETHER][2].scales is None
    assert scores.positions[COUNCIL][2].scales == {"region": 5}


def test_quadrants_and_the_line_between_them():
    assert quadrant(3.01, 3.5) == "strategic and proactive"
    assert quadrant(2.99, 4) == "transactional and proactive"
    assert quadrant(4.2, 1.5) == "strategic and reactive"
    assert quadrant(1, 1) == "transactional and reactive"
    # Exactly the midpoint belongs to neither half: not counted as strategic and proactive.
    assert quadrant(3, 3) == ON_THE_LINE
    assert quadrant(3, 4.5) == ON_THE_LINE
    assert quadrant(1.5, 3) == ON_THE_LINE
    positions = scores_of(KNOWN).positions[TOGETHER]  # 1: (3.3, 3.0); 2: (3.0, 3.0)
    assert quadrant_counts(positions.values()) == [
        ("strategic and proactive", 0),
        ("strategic and reactive", 0),
        ("transactional and proactive", 0),
        ("transactional and reactive", 0),
        (ON_THE_LINE, 2),
    ]
    council = scores_of(KNOWN).positions[COUNCIL]  # 1: (4.6, 4.0); 2: (3.0, 3.0)
    assert quadrant_counts([*council.values(), None]) == [
        ("strategic and proactive", 1),
        ("strategic and reactive", 0),
        ("transactional and proactive", 0),
        ("transactional and reactive", 0),
        (ON_THE_LINE, 1),
    ]


def test_comments_show_where_their_side_is_shown_and_are_attributed_only_when_named():
    comments = [
        (1, "vcs", "Too formal", "Ann", "Trust"),
        (2, "council", "Works well", "Bo", ""),
    ]
    ratings = rows(1, "vcs", *[(3, 3, 3, 3)] * 4) + rows(1, "council", *[(3, 3, 3, 3)] * 9)
    ratings += rows(2, "council", *[(3, 3, 3, 3)] * 5)
    scores = scores_of(ratings)
    shown, withheld = comments_shown(comments, scores, named=False)
    assert [(c.side, c.text, c.attribution) for c in shown[2]] == [("council", "Works well", "")]
    assert 1 not in shown and withheld == {1}
    # The threshold applies in named rounds too; shown comments carry their writer's name.
    shown, withheld = comments_shown(comments, scores, named=True)
    assert [(c.side, c.text, c.attribution) for c in shown[2]] == [("council", "Works well", "Bo")]
    assert withheld == {1}
    more = scores_of(ratings + rows(1, "vcs", (3, 3, 3, 3)))
    shown, _ = comments_shown(comments, more, named=True)
    assert [(c.text, c.attribution) for c in shown[1]] == [("Too formal", "Ann, Trust")]


def _vectors(decision):
    atoms = sorted(
        {p for cell in decision.cells.values() for p in cell.parts if decision.cells[p].n},
        key=repr,
    )
    index = {a: i for i, a in enumerate(atoms)}
    return {
        key: frozenset(index[p] for p in cell.parts if p in index)
        for key, cell in decision.cells.items()
    }


@pytest.mark.parametrize("seed", range(25))
def test_no_withheld_cell_can_be_worked_out_from_shown_cells(seed):
    # Small, lopsided random rounds: for every withheld cell with answers in it, the shown
    # cells' sums cannot be combined into it.
    rng = random.Random(seed)
    ratings = []
    for rid in range(1, 5):
        for side in (COUNCIL, VCS):
            for _ in range(rng.choice([0, 1, 2, 3, 4, 5, 6, 9])):
                axes = [rng.choice([0, 1, 2, 3, 4, 5, None]) for _ in range(4)]
                ratings.append(RatingRow(rid, side, *axes, scales=("region",)))
    decision = round_table(ratings, responses={COUNCIL: 9, VCS: 4}, threshold=5).decide()
    vectors = _vectors(decision)
    shown = [vectors[k] for k, c in decision.cells.items() if decision.shown(k) and c.n]
    hidden = [k for k, c in decision.cells.items() if not decision.shown(k) and c.n]
    for key in hidden:
        assert combination(vectors[key], shown) is None, key
    # And every count under the threshold is withheld.
    for key, cell in decision.cells.items():
        if 0 < cell.n < 5:
            assert decision.count(key).text == "fewer than 5", key
