"""A round's mapping figures (scoring.RoundScores) as compact JSON for rounds.figures: only
what the disclosure decision shows (a withheld mean has no value, a withheld count only its
words). A large round (1,000 relationships) is three thousand positions, so each is a short
list rather than named fields, and counts that repeat are made once."""

from __future__ import annotations

from toolkit.disclosure.table import ShownCount

from .scoring import AXES, AxisMean, Position, RoundScores


def scores_plain(scores: RoundScores) -> dict:
    return {
        "responses": {side: _count(c) for side, c in scores.responses.items()},
        "comments": sorted([rid, side] for rid, side in scores.comment_sides),
        "positions": {
            perspective: [_position(p) for p in by_id.values()]
            for perspective, by_id in scores.positions.items()
        },
    }


def scores_from_plain(plain: dict) -> RoundScores:
    counts: dict[tuple, ShownCount] = {}

    def count(pair) -> ShownCount:
        key = tuple(pair)
        if key not in counts:
            counts[key] = ShownCount(*key)
        return counts[key]

    axis_means: dict[tuple, AxisMean] = {}

    def axis_mean(mean, n, withheld, spread) -> AxisMean:
        # Made once for each distinct figure, like the counts: a large round repeats most of
        # them (every withheld one is the same), and fewer objects are quicker to make and
        # for the cyclic collector to walk while a process keeps them.
        key = (mean, tuple(n), withheld, tuple(spread) if spread is not None else None)
        if key not in axis_means:
            axis_means[key] = AxisMean(key[0], count(n), withheld, key[3])
        return axis_means[key]

    positions = {}
    for perspective, rows in plain["positions"].items():
        found = positions[perspective] = {}
        for rid, respondents, raters_withheld, scales, means in rows:
            found[rid] = Position(
                rid,
                perspective,
                count(respondents),
                {axis: axis_mean(*m) for axis, m in zip(AXES, means, strict=True)},
                scales,
                raters_withheld,
            )
    return RoundScores(
        positions=positions,
        responses={side: count(c) for side, c in plain["responses"].items()},
        comment_sides=frozenset((rid, side) for rid, side in plain["comments"]),
    )


def _count(count: ShownCount) -> list:
    return [count.value, count.text]


def _position(position: Position) -> list:
    return [
        position.relationship_id,
        _count(position.respondents),
        position.raters_withheld,
        position.scales,
        [
            [m.mean, _count(m.respondents), m.withheld, m.distribution]
            for m in (position.means[axis] for axis in AXES)
        ],
    ]
