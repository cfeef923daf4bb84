"""The mapping calculations, as plain functions over plain values, shared by the results
pages, the downloads, the reports and the API (through mapping.presenters). Tested with exact
numbers in tests/test_scoring.py.

Conventions:
- an axis rating is 1–5; 0 is "I don't know" and None "not answered": neither counts;
- an axis mean for one relationship from one side (or both together) is built from the
  respondents who gave that axis a 1–5 rating;
- which figures may be shown is never decided here: `round_table` describes every cell a
  reader of the round can get (each axis, who rated each relationship and where it works,
  whether each side's comments may show, and the round's responses per side) and
  toolkit.disclosure decides them all at once, in anonymous and named rounds alike;
- means are rounded to 2 decimal places; gaps and movements are computed from the rounded
  means of shown figures only, so what the tables show adds up and gives nothing away.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from toolkit.disclosure.rules import effective_threshold
from toolkit.disclosure.table import Decision, ShownCount, Table

AXES = ("strategic", "proactive", "financial", "time")
COUNCIL, VCS, TOGETHER = "council", "vcs", "together"
SIDES = (COUNCIL, VCS)
PERSPECTIVES = (COUNCIL, VCS, TOGETHER)
# What a cell of the round's table measures, besides the four axes.
RATERS = "raters"  # respondents who rated a relationship at all, and where they say it works
COMMENTS = "comments"  # a side's comments on a relationship
RESPONSES = "responses"  # the round's sent responses


@dataclass(frozen=True)
class RatingRow:
    relationship_id: int
    side: str  # "council" or "vcs"
    strategic: int | None = None
    proactive: int | None = None
    financial: int | None = None
    time: int | None = None
    scales: tuple[str, ...] = ()


def axis_key(relationship_id: int, axis: str, perspective: str) -> tuple:
    return ((relationship_id, axis), perspective)


def raters_key(relationship_id: int, perspective: str) -> tuple:
    return ((relationship_id, RATERS), perspective)


def comments_key(relationship_id: int, side: str) -> tuple:
    return ((relationship_id, COMMENTS), side)


def responses_key(side: str) -> tuple:
    return (RESPONSES, side)


def axis_mean(values: Iterable[int | None]) -> tuple[float | None, int]:
    """(mean rounded to 2 dp, n) over the 1–5 values; don't know (0) and None left out."""
    known = [v for v in values if v is not None and 1 <= v <= 5]
    if not known:
        return None, 0
    return round(sum(known) / len(known), 2), len(known)


def _known(value: int | None) -> bool:
    return value is not None and 1 <= value <= 5


def _in(row: RatingRow, perspective: str) -> bool:
    return perspective == TOGETHER or row.side == perspective


# --- the round's table ----------------------------------------------------------------------


def round_table(
    ratings: Iterable[RatingRow], *, responses: Mapping[str, int], threshold: int | None
) -> Table:
    """Every figure a reader of one round can be shown, for toolkit.disclosure to decide:
    per relationship, each axis for each side and both together, who rated it (with where
    they say it works) for each side and together, and each side's comments; and the round's
    sent responses per side. Filtered views choose from these cells; they add none."""
    raters: Counter = Counter()
    known: Counter = Counter()
    relationships: set[int] = set()
    for row in ratings:
        relationships.add(row.relationship_id)
        raters[row.relationship_id, row.side] += 1
        for axis in AXES:
            if _known(getattr(row, axis)):
                known[row.relationship_id, axis, row.side] += 1
    table = Table(threshold)
    for side in SIDES:
        table.add(responses_key(side), n=responses.get(side, 0))
    for rid in sorted(relationships):
        table.add_sides((rid, RATERS), {side: raters[rid, side] for side in SIDES})
        for axis in AXES:
            table.add_sides((rid, axis), {side: known[rid, axis, side] for side in SIDES})
        for side in SIDES:
            if raters[rid, side]:  # nobody from a side rated it: it has no comments either
                table.add(comments_key(rid, side), n=raters[rid, side])
    return table


# --- decided figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class AxisMean:
    """One axis of one relationship from one side (or both together), as it may be shown."""

    mean: float | None  # None when nobody gave a 1–5 rating, or when it is withheld
    respondents: ShownCount  # who gave a 1–5 rating: the number, or the words for it
    withheld: str | None = None  # why it is not shown (toolkit.disclosure's reason)
    # Ratings of 1, 2, 3, 4 and 5 (the same cell as the mean: one decision covers both);
    # None when withheld.
    distribution: tuple[int, ...] | None = None

    @property
    def lowest(self) -> int | None:
        """The lowest rating anyone on this side gave, where the spread is shown."""
        if not self.distribution:
            return None
        return next((point for point, n in enumerate(self.distribution, start=1) if n), None)


@dataclass(frozen=True)
class Position:
    """Where one perspective puts one relationship, with only what may be shown."""

    relationship_id: int
    perspective: str
    respondents: ShownCount  # who rated the relationship at all (known or not)
    means: dict[str, AxisMean] = field(default_factory=dict)
    scales: dict[str, int] | None = None  # respondents per scale; None when withheld
    raters_withheld: str | None = None  # why `respondents` and `scales` are not shown

    def mean(self, axis: str) -> float | None:
        figure = self.means.get(axis)
        return figure.mean if figure else None

    @property
    def is_placed(self) -> bool:
        """Can be put on the strategic map (both map axes are shown)."""
        return self.mean("strategic") is not None and self.mean("proactive") is not None

    @property
    def is_withheld(self) -> bool:
        return any(f.withheld for f in self.means.values())


@dataclass(frozen=True)
class RoundScores:
    """Every figure of one round as it may be shown, read from one disclosure decision."""

    positions: dict[str, dict[int, Position]]  # perspective -> relationship id -> position
    responses: dict[str, ShownCount]  # the round's sent responses per side
    comment_sides: frozenset[tuple[int, str]]  # (relationship id, side) whose comments show

    def comments_shown(self, relationship_id: int, side: str) -> bool:
        return (relationship_id, side) in self.comment_sides


def round_scores(
    ratings: Iterable[RatingRow], *, responses: Mapping[str, int], threshold: int | None
) -> RoundScores:
    """Decide the round's table once and build each perspective's positions from the shown
    cells only: a withheld mean has no value, a withheld count only its words.

    The result depends only on these inputs, so each process keeps the last few: a large
    round (1,000 relationships) takes most of a second to decide, and its pages, downloads and
    API answers then read the same decision without deciding it again. Callers must not
    change what it returns."""
    return _round_scores(
        tuple(ratings),
        tuple(sorted(responses.items())),
        effective_threshold(threshold),
    )


def round_scores_forget() -> None:
    """Drop the decisions this process keeps (for tests and benchmarks)."""
    _round_scores.cache_clear()


@lru_cache(maxsize=4)
def _round_scores(
    rows: tuple[RatingRow, ...], responses: tuple[tuple[str, int], ...], threshold: int
) -> RoundScores:
    decision = round_table(rows, responses=dict(responses), threshold=threshold).decide()
    grouped: dict[int, list[RatingRow]] = defaultdict(list)
    for row in rows:
        grouped[row.relationship_id].append(row)
    positions: dict[str, dict[int, Position]] = {p: {} for p in PERSPECTIVES}
    for rid, relationship_rows in grouped.items():
        for perspective in PERSPECTIVES:
            mine = [r for r in relationship_rows if _in(r, perspective)]
            if mine:
                positions[perspective][rid] = _position(rid, perspective, mine, decision)
    return RoundScores(
        positions=positions,
        responses={side: decision.count(responses_key(side)) for side in SIDES},
        comment_sides=frozenset(
            (rid, side)
            for rid in grouped
            for side in SIDES
            if comments_key(rid, side) in decision and decision.shown(comments_key(rid, side))
        ),
    )


def _position(rid: int, perspective: str, rows: list[RatingRow], decision: Decision) -> Position:
    raters = raters_key(rid, perspective)
    raters_withheld = decision.reason(raters)
    means = {}
    for axis in AXES:
        key = axis_key(rid, axis, perspective)
        count, reason = decision.count(key), decision.reason(key)
        if count.value == 0 and raters_withheld:
            # Nobody gave a 1–5 rating, but some did rate the relationship: saying "no
            # ratings" would say that every one of a group too small to show answered "I
            # don't know". It reads as that group does.
            count, reason = decision.count(raters), raters_withheld
        mean, distribution = None, None
        if reason is None:
            values = [getattr(r, axis) for r in rows]
            mean = axis_mean(values)[0]
            distribution = tuple(values.count(point) for point in range(1, 6))
        means[axis] = AxisMean(mean, count, reason, distribution)
    scales = None
    if raters_withheld is None:
        scales = dict(Counter(scale for r in rows for scale in set(r.scales)))
    return Position(rid, perspective, decision.count(raters), means, scales, raters_withheld)


# --- comparisons ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionGap:
    """How far the council's view of a relationship is from the sector's, from shown
    figures only."""

    relationship_id: int
    differences: dict[str, float | None]  # council mean minus VCS mean, per axis
    distance: float | None  # on the strategic map (strategic and proactive), 2 dp

    @property
    def largest_axis(self) -> str | None:
        """The axis the sides differ on most; None when they differ on none."""
        known = {a: abs(d) for a, d in self.differences.items() if d}
        return max(known, key=lambda a: (known[a], -AXES.index(a))) if known else None


def _differences(first: Position, second: Position) -> dict[str, float | None]:
    """second minus first, per axis, where both means are shown."""
    found = {}
    for axis in AXES:
        a, b = first.mean(axis), second.mean(axis)
        found[axis] = round(b - a, 2) if a is not None and b is not None else None
    return found


def _map_distance(differences: dict[str, float | None]) -> float | None:
    ds, dp = differences["strategic"], differences["proactive"]
    return round(math.hypot(ds, dp), 2) if ds is not None and dp is not None else None


def position_gap(council: Position | None, vcs: Position | None) -> PositionGap | None:
    """None unless both sides have at least one shown mean on the same axis."""
    if council is None or vcs is None:
        return None
    differences = _differences(vcs, council)
    if all(d is None for d in differences.values()):
        return None
    return PositionGap(council.relationship_id, differences, _map_distance(differences))


def gaps_largest_first(
    council: Mapping[int, Position], vcs: Mapping[int, Position]
) -> list[PositionGap]:
    """Every relationship both sides can be compared on, the largest disagreement first:
    by distance on the map, then by the largest single-axis difference."""
    found = [
        g for rid in council.keys() & vcs.keys() if (g := position_gap(council[rid], vcs[rid]))
    ]

    def key(g: PositionGap):
        biggest = max((abs(d) for d in g.differences.values() if d is not None), default=0)
        return (-(g.distance if g.distance is not None else -1), -biggest, g.relationship_id)

    return sorted(found, key=key)


@dataclass(frozen=True)
class Movement:
    relationship_id: int
    before: Position
    after: Position
    changes: dict[str, float | None]  # after minus before, per axis
    distance: float | None  # on the strategic map, 2 dp


def movement(before: Position | None, after: Position | None) -> Movement | None:
    """None unless both rounds show at least one mean on the same axis."""
    if before is None or after is None:
        return None
    changes = _differences(before, after)
    if all(c is None for c in changes.values()):
        return None
    return Movement(after.relationship_id, before, after, changes, _map_distance(changes))


def movements_largest_first(
    before: Mapping[int, Position], after: Mapping[int, Position]
) -> list[Movement]:
    found = [m for rid in before.keys() & after.keys() if (m := movement(before[rid], after[rid]))]
    return sorted(
        found,
        key=lambda m: (-(m.distance if m.distance is not None else -1), m.relationship_id),
    )


def describe_change(change: float | None, *, up: str, down: str) -> str:
    """'2.5 towards strategic', 'no change', or '' when it cannot be compared."""
    if change is None:
        return ""
    if change == 0:
        return "no change"
    return f"{abs(change):g} towards {up if change > 0 else down}"


# --- comments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    side: str
    text: str
    attribution: str  # "Name, Organisation" in a named round; "" in an anonymous one


def comments_shown(
    comments: Iterable[tuple[int, str, str, str, str]], scores: RoundScores, *, named: bool
) -> tuple[dict[int, list[Comment]], set[int]]:
    """The shared comments that may be shown, by relationship, and the relationships with
    shared comments withheld. ``comments`` are (relationship id, side, text, name,
    organisation), only those their writers agreed to share. A side's comments on a
    relationship show only where the round's decision shows that side's comment cell (enough
    of that side rated it); in a named round they carry the name the respondent gave (they
    were told so before answering)."""
    shown: dict[int, list[Comment]] = defaultdict(list)
    withheld: set[int] = set()
    for rid, side, text, name, organisation in comments:
        if not scores.comments_shown(rid, side):
            withheld.add(rid)
            continue
        attribution = ""
        if named and name:
            attribution = f"{name}, {organisation}" if organisation else name
        shown[rid].append(Comment(side, text, attribution))
    return dict(shown), withheld


# --- quadrants --------------------------------------------------------------------------------

MIDPOINT = 3
QUADRANTS = (
    "strategic and proactive",
    "strategic and reactive",
    "transactional and proactive",
    "transactional and reactive",
)
ON_THE_LINE = "on the line between two quarters"


def quadrant(strategic: float, proactive: float) -> str:
    """Which quarter of the strategic map a position falls in. A mean of exactly the
    midpoint (3) belongs to neither half of its scale, so such a position is on the line."""
    if strategic == MIDPOINT or proactive == MIDPOINT:
        return ON_THE_LINE
    vertical = "strategic" if strategic > MIDPOINT else "transactional"
    horizontal = "proactive" if proactive > MIDPOINT else "reactive"
    return f"{vertical} and {horizontal}"


def quadrant_counts(positions: Iterable[Position | None]) -> list[tuple[str, int]]:
    """How many placed positions fall in each quarter, in the map's reading order, then how
    many are on a line (only when there are any)."""
    found = Counter(
        quadrant(p.mean("strategic"), p.mean("proactive")) for p in positions if p and p.is_placed
    )
    counts = [(name, found[name]) for name in QUADRANTS]
    if found[ON_THE_LINE]:
        counts.append((ON_THE_LINE, found[ON_THE_LINE]))
    return counts
