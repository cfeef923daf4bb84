"""Exact-value tests of the mapping calculations."""

import pytest

from toolkit.mapping.scoring import (
    COUNCIL,
    TOGETHER,
    VCS,
    RatingRow,
    all_positions,
    axis_mean,
    band,
    comments_shown,
    describe_change,
    gaps_largest_first,
    movements_largest_first,
    network,
    positions,
    quadrant,
    scale_counts,
)


def rows(relationship_id, side, *axes_list):
    return [RatingRow(relationship_id, side, *axes) for axes in axes_list]


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
    found = all_positions(KNOWN, threshold=5, anonymous=True)
    council = found[COUNCIL][1]
    assert (council.mean("strategic"), council.mean("proactive")) == (4.6, 4.0)
    assert council.mean("time") == 2.0
    # financial: four 3s and a don't know → only 4 respondents: suppressed at 5
    assert council.figures["financial"].n == 4
    assert council.figures["financial"].suppressed
    assert council.mean("financial") is None
    vcs = found[VCS][1]
    assert (vcs.mean("strategic"), vcs.mean("proactive"), vcs.mean("time")) == (2.0, 2.0, 4.2)
    together = found[TOGETHER][1]
    assert together.respondents == 10
    assert (together.mean("strategic"), together.mean("proactive")) == (3.3, 3.0)
    assert together.mean("financial") == 2.0  # 4 threes and 4 ones
    assert together.mean("time") == 3.1
    assert together.is_placed


def test_gap_list_exact_and_largest_first():
    found = all_positions(KNOWN, threshold=5, anonymous=True)
    gaps = gaps_largest_first(found[COUNCIL], found[VCS])
    assert [g.relationship_id for g in gaps] == [1, 2]
    first = gaps[0]
    assert first.differences == {
        "strategic": 2.6,
        "proactive": 2.0,
        "financial": None,  # suppressed on both sides
        "time": -2.2,
    }
    assert first.distance == 3.28  # hypot(2.6, 2.0) = 3.2802…
    assert first.largest_axis == "strategic"
    second = gaps[1]
    assert second.differences == {"strategic": 0, "proactive": 0, "financial": 2, "time": 0}
    assert second.distance == 0
    assert second.largest_axis == "financial"


@pytest.mark.parametrize(("respondents", "shown"), [(4, False), (5, True)])
def test_suppression_four_versus_five_anonymous_respondents(respondents, shown):
    ratings = rows(7, "vcs", *[(4, 4, 4, 4)] * respondents)
    position = positions(ratings, perspective=VCS, threshold=5, anonymous=True)[7]
    assert position.is_placed is shown
    assert (position.mean("strategic") == 4.0) is shown
    assert position.is_suppressed is not shown


def test_named_rounds_are_not_suppressed():
    ratings = rows(7, "vcs", (4, 4, 4, 4))
    position = positions(ratings, perspective=VCS, threshold=5, anonymous=False)[7]
    assert position.mean("strategic") == 4.0


def test_threshold_is_never_below_three():
    ratings = rows(7, "vcs", *[(4, 4, 4, 4)] * 2)
    assert positions(ratings, perspective=VCS, threshold=1, anonymous=True)[7].is_suppressed
    ratings = rows(7, "vcs", *[(4, 4, 4, 4)] * 3)
    assert not positions(ratings, perspective=VCS, threshold=1, anonymous=True)[7].is_suppressed


def test_movement_between_rounds():
    before = positions(
        rows(1, "council", *[(2, 2, 1, 1)] * 5), perspective=TOGETHER, threshold=5, anonymous=True
    )
    after = positions(
        rows(1, "council", *[(5, 6 - 1, 1, 3)] * 5) + rows(2, "vcs", (1, 1, 1, 1)),
        perspective=TOGETHER,
        threshold=5,
        anonymous=True,
    )
    moved = movements_largest_first(before, after)
    assert len(moved) == 1  # relationship 2 was not in the first round
    assert moved[0].changes == {"strategic": 3.0, "proactive": 3.0, "financial": 0.0, "time": 2.0}
    assert moved[0].distance == 4.24
    assert describe_change(3.0, up="strategic", down="transactional") == "3 towards strategic"
    assert describe_change(-0.5, up="strategic", down="transactional") == (
        "0.5 towards transactional"
    )
    assert describe_change(0, up="a", down="b") == "no change"
    assert describe_change(None, up="a", down="b") == ""


def test_scale_counts_suppressed_below_threshold():
    ratings = [
        RatingRow(1, "council", scales=("neighbourhood", "whole-place")),
        *[RatingRow(1, "vcs", scales=("neighbourhood",)) for _ in range(4)],
        *[RatingRow(2, "vcs", scales=("region",)) for _ in range(4)],
    ]
    counts = scale_counts(ratings, threshold=5, anonymous=True)
    assert counts[1] == {"neighbourhood": 5, "whole-place": 1}
    assert counts[2] is None


def test_bands_and_quadrants():
    assert [band(v) for v in (None, 1.0, 2.5, 3.5, 3.51)] == ["", "low", "middle", "middle", "high"]
    assert quadrant(3, 3) == "strategic and proactive"
    assert quadrant(2.99, 4) == "transactional and proactive"
    assert quadrant(4.2, 1.5) == "strategic and reactive"


def test_network_measures():
    organisations = {
        1: "council",
        2: "department",
        3: "department",  # no relationships
        10: "vcs",
        11: "vcs",
        12: "vcs",
        13: "vcs",  # no relationships
    }
    parties = {
        100: [1, 2, 10],
        101: [2, 10],
        102: [2, 10, 11],
        103: [10, 11],  # VCS–VCS
        104: [2, 12],
    }
    summary = network(organisations, parties)
    assert summary.nodes == 7
    # edges: 1-2, 1-10, 2-10, 2-11, 10-11, 2-12
    assert summary.edges == 6
    assert summary.vcs_vcs_edges == 1
    assert summary.components == 1
    assert summary.unconnected_vcs == [13]
    assert summary.departments_without == [3]
    # 5 relationships have a VCS party; org 10 is in 4 of them: it alone covers half
    assert summary.relationships_with_vcs == 5
    assert summary.usual_suspects == [10]
    assert summary.covered_by_usual_suspects == 4
    assert summary.degree == {1: 1, 2: 4, 10: 4, 11: 2, 12: 1}
    assert summary.brokers[0][0] == 2  # the department links the council, 12 and the rest


def test_comments_are_withheld_below_the_threshold_and_attributed_only_when_named():
    comments = [
        (1, "vcs", "Too formal", "Ann", "Trust"),
        (2, "council", "Works well", "Bo", ""),
    ]
    respondents = {(1, "vcs"): 4, (1, "council"): 9, (2, "council"): 5}
    shown, withheld = comments_shown(comments, respondents, threshold=5, anonymous=True)
    assert shown == {2: [("council", "Works well", "")]}
    assert withheld == {1}
    shown, withheld = comments_shown(comments, respondents, threshold=5, anonymous=False)
    assert shown == {1: [("vcs", "Too formal", "Ann, Trust")], 2: [("council", "Works well", "Bo")]}
    assert withheld == set()
