"""The mapping calculations, as plain functions over plain values, shared by the results
pages (and later reports and the API). Tested with exact numbers in tests/test_scoring.py.

Conventions:
- an axis rating is 1–5; 0 is "I don't know" and None "not answered": neither counts;
- a figure (one axis mean for one relationship from one perspective) is built from the
  respondents who gave that axis a 1–5 rating; in an anonymous round it is shown only when
  at least the area's threshold of respondents gave one (rounds.privacy.is_suppressed);
- means are rounded to 2 decimal places; gaps and movements are computed from the rounded
  means, so what the tables show adds up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from toolkit.disclosure.rules import below_threshold as is_suppressed

AXES = ("strategic", "proactive", "financial", "time")
COUNCIL, VCS, TOGETHER = "council", "vcs", "together"
PERSPECTIVES = (COUNCIL, VCS, TOGETHER)


@dataclass(frozen=True)
class RatingRow:
    relationship_id: int
    side: str  # "council" or "vcs"
    strategic: int | None = None
    proactive: int | None = None
    financial: int | None = None
    time: int | None = None
    scales: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One axis for one relationship from one perspective."""

    mean: float | None  # None when nobody rated it or it is suppressed
    n: int  # respondents who gave a 1–5 rating
    suppressed: bool = False


@dataclass(frozen=True)
class Position:
    relationship_id: int
    perspective: str
    respondents: int  # respondents who rated the relationship at all (known or not)
    figures: dict[str, Figure] = field(default_factory=dict)

    def mean(self, axis: str) -> float | None:
        figure = self.figures.get(axis)
        return figure.mean if figure else None

    @property
    def is_placed(self) -> bool:
        """Can be put on the strategic map (both map axes are shown)."""
        return self.mean("strategic") is not None and self.mean("proactive") is not None

    @property
    def is_suppressed(self) -> bool:
        return any(f.suppressed for f in self.figures.values())


def axis_mean(values: Iterable[int | None]) -> tuple[float | None, int]:
    """(mean rounded to 2 dp, n) over the 1–5 values; don't know (0) and None left out."""
    known = [v for v in values if v is not None and 1 <= v <= 5]
    if not known:
        return None, 0
    return round(sum(known) / len(known), 2), len(known)


def figure(values: Iterable[int | None], *, threshold: int, anonymous: bool) -> Figure:
    mean, n = axis_mean(values)
    if n and anonymous and is_suppressed(n, threshold):
        return Figure(None, n, suppressed=True)
    return Figure(mean, n)


def positions(
    ratings: Iterable[RatingRow], *, perspective: str, threshold: int, anonymous: bool
) -> dict[int, Position]:
    """Each relationship's position from one perspective: the council's ratings, the
    sector's, or everyone's together."""
    grouped: dict[int, list[RatingRow]] = defaultdict(list)
    for row in ratings:
        if perspective == TOGETHER or row.side == perspective:
            grouped[row.relationship_id].append(row)
    result = {}
    for relationship_id, rows in grouped.items():
        result[relationship_id] = Position(
            relationship_id=relationship_id,
            perspective=perspective,
            respondents=len(rows),
            figures={
                axis: figure(
                    (getattr(r, axis) for r in rows), threshold=threshold, anonymous=anonymous
                )
                for axis in AXES
            },
        )
    return result


def all_positions(
    ratings: Iterable[RatingRow], *, threshold: int, anonymous: bool
) -> dict[str, dict[int, Position]]:
    rows = list(ratings)
    return {
        p: positions(rows, perspective=p, threshold=threshold, anonymous=anonymous)
        for p in PERSPECTIVES
    }


@dataclass(frozen=True)
class Gap:
    """How far the council's view of a relationship is from the sector's."""

    relationship_id: int
    differences: dict[str, float | None]  # council mean minus VCS mean, per axis
    distance: float | None  # on the strategic map (strategic and proactive), 2 dp

    @property
    def largest_axis(self) -> str | None:
        known = {a: abs(d) for a, d in self.differences.items() if d is not None}
        return max(known, key=lambda a: (known[a], -AXES.index(a))) if known else None


def gap(council: Position | None, vcs: Position | None) -> Gap | None:
    """None unless both sides have at least one shown figure for the relationship."""
    if council is None or vcs is None:
        return None
    differences = {}
    for axis in AXES:
        c, v = council.mean(axis), vcs.mean(axis)
        differences[axis] = round(c - v, 2) if c is not None and v is not None else None
    if all(d is None for d in differences.values()):
        return None
    ds, dp = differences["strategic"], differences["proactive"]
    distance = round(math.hypot(ds, dp), 2) if ds is not None and dp is not None else None
    return Gap(council.relationship_id, differences, distance)


def gaps_largest_first(council: dict[int, Position], vcs: dict[int, Position]) -> list[Gap]:
    """Every relationship both sides can be compared on, the largest disagreement first:
    by distance on the map, then by the largest single-axis difference."""
    found = [g for rid in council.keys() & vcs.keys() if (g := gap(council[rid], vcs[rid]))]

    def key(g: Gap):
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
    if before is None or after is None:
        return None
    changes = {}
    for axis in AXES:
        b, a = before.mean(axis), after.mean(axis)
        changes[axis] = round(a - b, 2) if a is not None and b is not None else None
    if all(c is None for c in changes.values()):
        return None
    ds, dp = changes["strategic"], changes["proactive"]
    distance = round(math.hypot(ds, dp), 2) if ds is not None and dp is not None else None
    return Movement(after.relationship_id, before, after, changes, distance)


def movements_largest_first(
    before: dict[int, Position], after: dict[int, Position]
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


def scale_counts(
    ratings: Iterable[RatingRow], *, threshold: int, anonymous: bool
) -> dict[int, dict[str, int | None]]:
    """How many respondents said each relationship works at each scale. In an anonymous
    round a relationship's counts are shown only if at least the threshold of respondents
    rated it (None otherwise)."""
    respondents: dict[int, int] = defaultdict(int)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in ratings:
        respondents[row.relationship_id] += 1
        for scale in set(row.scales):
            counts[row.relationship_id][scale] += 1
    result = {}
    for rid, n in respondents.items():
        if anonymous and is_suppressed(n, threshold):
            result[rid] = None
        else:
            result[rid] = dict(counts[rid])
    return result


def comments_shown(
    comments: Iterable[tuple[int, str, str, str, str]],
    respondents: dict[tuple[int, str], int],
    *,
    threshold: int,
    anonymous: bool,
) -> tuple[dict[int, list[tuple[str, str, str]]], set[int]]:
    """Comments by relationship, as (side, text, attribution), and the relationships with
    comments withheld. Comments are labelled with their side, so in an anonymous round a
    side's comments on a relationship are shown only when at least the threshold of that
    side's respondents rated it, and never attributed; in a named round they carry the name
    the respondent gave (they were told so before answering). ``respondents`` counts
    (relationship id, side) -> respondents who rated it."""
    shown: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    withheld: set[int] = set()
    for rid, side, text, name, organisation in comments:
        if anonymous and is_suppressed(respondents.get((rid, side), 0), threshold):
            withheld.add(rid)
            continue
        attribution = ""
        if not anonymous and name:
            attribution = f"{name}, {organisation}" if organisation else name
        shown[rid].append((side, text, attribution))
    return dict(shown), withheld


def band(value: float | None, *, low: float = 2.5, high: float = 3.5) -> str:
    """'high' (above 3.5), 'middle' or 'low' (below 2.5) for summaries; '' for no value."""
    if value is None:
        return ""
    if value > high:
        return "high"
    if value < low:
        return "low"
    return "middle"


def quadrant(strategic: float, proactive: float) -> str:
    """Which quarter of the strategic map a position falls in (the midpoint, 3, counts as
    the upper half)."""
    vertical = "strategic" if strategic >= 3 else "transactional"
    horizontal = "proactive" if proactive >= 3 else "reactive"
    return f"{vertical} and {horizontal}"


# --- network ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkSummary:
    nodes: int
    edges: int
    vcs_vcs_edges: int
    components: int  # groups of organisations connected to each other (ignoring loners)
    unconnected_vcs: list[int]  # VCS organisations with no relationships
    departments_without: list[int]  # departments with no relationships
    usual_suspects: list[int]  # fewest VCS organisations covering half the VCS relationships
    relationships_with_vcs: int
    covered_by_usual_suspects: int
    degree: dict[int, int]  # organisation -> number of relationships it is party to
    brokers: list[tuple[int, float]]  # highest betweenness first (top 5, above 0)


def network(
    organisations: dict[int, str],
    parties: dict[int, list[int]],
) -> NetworkSummary:
    """``organisations``: id -> kind ("council", "department", "vcs") for every organisation
    of the area; ``parties``: relationship id -> organisation ids. Two organisations are
    linked when they are parties to a relationship together (weight: how many)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(organisations)
    degree: dict[int, int] = defaultdict(int)
    vcs_relationships: dict[int, set[int]] = defaultdict(set)
    relationships_with_vcs = set()
    for rid, members in parties.items():
        members = sorted(set(members))
        for org in members:
            degree[org] += 1
            if organisations.get(org) == "vcs":
                vcs_relationships[org].add(rid)
                relationships_with_vcs.add(rid)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                weight = graph.get_edge_data(a, b, {}).get("weight", 0)
                graph.add_edge(a, b, weight=weight + 1)

    vcs_vcs = sum(
        1 for a, b in graph.edges if organisations.get(a) == "vcs" and organisations.get(b) == "vcs"
    )
    connected = [c for c in nx.connected_components(graph) if len(c) > 1]

    ranked = sorted(vcs_relationships, key=lambda o: (-len(vcs_relationships[o]), o))
    half = math.ceil(len(relationships_with_vcs) / 2)
    suspects, covered = [], set()
    for org in ranked:
        if len(covered) >= half:
            break
        suspects.append(org)
        covered |= vcs_relationships[org]

    betweenness = nx.betweenness_centrality(graph, normalized=True) if graph.edges else {}
    brokers = sorted(
        ((o, round(b, 3)) for o, b in betweenness.items() if b > 0),
        key=lambda item: (-item[1], item[0]),
    )[:5]

    return NetworkSummary(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        vcs_vcs_edges=vcs_vcs,
        components=len(connected),
        unconnected_vcs=sorted(
            o for o, kind in organisations.items() if kind == "vcs" and not degree.get(o)
        ),
        departments_without=sorted(
            o for o, kind in organisations.items() if kind == "department" and not degree.get(o)
        ),
        usual_suspects=suspects,
        relationships_with_vcs=len(relationships_with_vcs),
        covered_by_usual_suspects=len(covered),
        degree=dict(degree),
        brokers=brokers,
    )
