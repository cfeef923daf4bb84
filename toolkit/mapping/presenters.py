"""How mapping results read, in every output: the results pages, the PDF/DOCX reports, the
data downloads and the API. Plain functions over `selectors.MappingResults`, whose figures
were all decided at once by toolkit.disclosure (through `scoring.round_scores`): nothing here
decides what may be shown or calculates a figure; it chooses and words what is there."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.disclosure.table import PROTECTS, TOO_FEW
from toolkit.register.models import Scale

from . import charts, scoring
from .network import network

AXIS_LABELS = {
    "strategic": "Strategic (5) or transactional (1)",
    "proactive": "Proactive (5) or reactive (1)",
    "financial": "Financial investment",
    "time": "Time investment",
}
PERSPECTIVE_LABELS = {
    scoring.COUNCIL: "Council view",
    scoring.VCS: "Sector view",
    scoring.TOGETHER: "Both sides together",
}
SIDE_NAMES = {scoring.COUNCIL: "Council", scoring.VCS: "Sector"}

NO_RATINGS = "No ratings"
TOO_FEW_ANSWERS = "Too few answers"
NOT_SHOWN = "Not shown"


def number(value: float | None) -> str:
    """1–5 means and distances as people write them: 4, 4.6, 3.28; a dash for none."""
    return "–" if value is None else f"{value:g}"


def signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+g}"


def withheld_text(reason: str | None) -> str:
    return TOO_FEW_ANSWERS if reason == TOO_FEW else NOT_SHOWN


def mean_text(position: scoring.Position | None, axis: str) -> str:
    """A mean as the tables show it, or why there is none."""
    figure = position.means.get(axis) if position else None
    if figure is None:
        return NO_RATINGS
    if figure.withheld:
        return withheld_text(figure.withheld)
    return NO_RATINGS if figure.mean is None else number(figure.mean)


def respondents_text(position: scoring.Position | None) -> str:
    return position.respondents.text if position else "0"


def pair(position: scoring.Position) -> tuple[str, str]:
    return (number(position.mean("strategic")), number(position.mean("proactive")))


# --- the spread of ratings, and the lowest -------------------------------------------------------
# Worded here once for every place that shows it: the perspectives page and the workshop room
# (projector, presenter and item page), so the room shows nothing the results pages do not.

MAP_AXES = ("strategic", "proactive")
NO_LOWEST = "No lowest rating can be shown"


def not_shown(
    reason: str | None, threshold: int, done: str = "answered", *, who: str = "on this side"
) -> str:
    """Why a figure is not shown, in plain words, for the pages and the downloads alike.
    `done` is what the people counted did ("rated it" for a relationship); `who` says whose
    figure it is ("on this side", or "" for both sides together)."""
    people = f"people {who}".rstrip()
    if reason == TOO_FEW:
        return f"Not shown: fewer than {threshold} {people} {done}"
    if reason == PROTECTS:
        return "Not shown: it would let a smaller group’s answers be worked out"
    return f"Nobody {who} {done}".replace("  ", " ")


@dataclass(frozen=True)
class SpreadRow:
    name: str
    counts: list[str]  # how many rated 1 to 5, or empty when not shown
    lowest: int | None
    note: str  # why not shown

    @property
    def text(self) -> str:
        """How many gave each rating, as "1: 0, 2: 1, 3: 2, 4: 1, 5: 1", or why not shown."""
        if not self.counts:
            return self.note
        # A no-break space keeps each rating with its count when a narrow column wraps.
        return ", ".join(f"{point}:\u00a0{n}" for point, n in enumerate(self.counts, start=1))


@dataclass(frozen=True)
class Spread:
    axis: str
    label: str
    rows: list[SpreadRow]  # council, then sector
    lowest: str  # "Lowest strategic rating: 2, from the sector"; "" when no spread is shown

    @property
    def lowest_text(self) -> str:
        return self.lowest or NO_LOWEST


def rating_spreads(item, threshold: int) -> list[Spread]:
    """Each side's spread of ratings on the two map axes of one relationship (`item` with its
    decided `positions`), with the lowest rating either side gave. The spread is the same
    disclosure cell as the mean, so it is shown or withheld with it."""
    spreads = []
    for axis in MAP_AXES:
        rows, lows = [], []
        for side in scoring.SIDES:
            position = item.positions.get(side)
            figure = position.means.get(axis) if position else None
            if figure is None or figure.distribution is None:
                reason = figure.withheld if figure else None
                rows.append(
                    SpreadRow(SIDE_NAMES[side], [], None, not_shown(reason, threshold, "rated it"))
                )
                continue
            rows.append(
                SpreadRow(
                    SIDE_NAMES[side], [str(n) for n in figure.distribution], figure.lowest, ""
                )
            )
            if figure.lowest is not None:
                lows.append((figure.lowest, SIDE_NAMES[side].lower()))
        spreads.append(Spread(axis, AXIS_LABELS[axis], rows, _lowest_text(axis, lows)))
    return spreads


def _lowest_text(axis: str, lows: list[tuple[int, str]]) -> str:
    if not lows:
        return ""
    lowest = min(value for value, _side in lows)
    sides = [side for value, side in lows if value == lowest]
    who = "both sides" if len(sides) == 2 else f"the {sides[0]}"
    return f"Lowest {axis} rating: {lowest}, from {who}"


@dataclass(frozen=True)
class RelationshipSpreads:
    number: int
    relationship: object
    spreads: list[Spread]

    @property
    def by_side(self) -> list[tuple[str, list[SpreadRow]]]:
        """Each side with its spread on each axis, for a table with a row per side."""
        sides = zip(*(spread.rows for spread in self.spreads), strict=True)
        return [(rows[0].name, list(rows)) for rows in sides]


def spread_rows(items, threshold: int) -> list[RelationshipSpreads]:
    return [
        RelationshipSpreads(item.number, item.relationship, rating_spreads(item, threshold))
        for item in items
    ]


# --- the strategic map ---------------------------------------------------------------------


@dataclass(frozen=True)
class MapRow:
    number: int
    relationship: object
    main_type: str
    respondents: str
    values: list[str]  # one per axis
    placed: bool


def map_rows(items, perspective: str) -> list[MapRow]:
    rows = []
    for item in items:
        position = item.positions.get(perspective)
        rows.append(
            MapRow(
                number=item.number,
                relationship=item.relationship,
                main_type=item.main_type,
                respondents=respondents_text(position),
                values=[mean_text(position, axis) for axis in scoring.AXES],
                placed=bool(position and position.is_placed),
            )
        )
    return rows


@dataclass(frozen=True)
class MapSummary:
    listed: int
    placed: int
    quadrants: list[tuple[str, int]]

    @property
    def not_placed(self) -> int:
        return self.listed - self.placed


def map_summary(items, perspective: str) -> MapSummary:
    positions = [item.positions.get(perspective) for item in items]
    return MapSummary(
        listed=len(positions),
        placed=sum(1 for p in positions if p and p.is_placed),
        quadrants=scoring.quadrant_counts(positions),
    )


def map_points(items, perspective: str) -> list[charts.Point]:
    points = []
    for item in items:
        position = item.positions.get(perspective)
        if position and position.is_placed:
            points.append(
                charts.Point(
                    item.number,
                    position.mean("strategic"),
                    position.mean("proactive"),
                    position.mean("financial"),
                    position.mean("time"),
                )
            )
    return points


def map_legend() -> dict:
    return {
        "time": [
            (charts.swatch(colour), label)
            for colour, label in zip(
                charts.TIME_COLOURS,
                ["None (1)", "Low (2)", "Moderate (3)", "Substantial (4)", "High (5)"],
                strict=True,
            )
        ],
        "no_value": charts.swatch(charts.NO_VALUE),
    }


# --- council and sector compared ----------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    number: int
    relationship: object
    council: tuple[str, str]  # strategic, proactive
    vcs: tuple[str, str]
    differences: list[str]  # council minus sector, per axis, signed
    distance: str
    largest: str


def gap_rows(items) -> tuple[list[GapRow], list[charts.GapPair]]:
    """The relationships both sides can be compared on, largest gap first, and the pairs of
    positions for the gap chart (those placed by both sides)."""
    council = {i.relationship.pk: i.positions[scoring.COUNCIL] for i in items}
    vcs = {i.relationship.pk: i.positions[scoring.VCS] for i in items}
    by_id = {i.relationship.pk: i for i in items}
    rows, pairs = [], []
    for gap in scoring.gaps_largest_first(
        {k: v for k, v in council.items() if v}, {k: v for k, v in vcs.items() if v}
    ):
        item = by_id[gap.relationship_id]
        c, v = council[gap.relationship_id], vcs[gap.relationship_id]
        rows.append(
            GapRow(
                number=item.number,
                relationship=item.relationship,
                council=pair(c),
                vcs=pair(v),
                differences=[signed(gap.differences[a]) for a in scoring.AXES],
                distance=number(gap.distance),
                largest=AXIS_LABELS.get(gap.largest_axis, ""),
            )
        )
        if c.is_placed and v.is_placed:
            pairs.append(
                charts.GapPair(
                    item.number,
                    (c.mean("strategic"), c.mean("proactive")),
                    (v.mean("strategic"), v.mean("proactive")),
                )
            )
    return rows, pairs


# --- where relationships work ------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleRow:
    number: int
    relationship: object
    main_type: str
    scale: str
    where: str
    said: str  # respondents per scale, in Scale order, or why not shown


def scale_groups(items) -> dict[str, list[charts.Point]]:
    """The rings chart's groups: each listed relationship in the ring of its scale from the
    register, coloured by its main type."""
    groups: dict[str, list[charts.Point]] = {key: [] for key in charts.RING_ORDER}
    for item in items:
        relationship = item.relationship
        groups.setdefault(relationship.scale, []).append(
            charts.Point(
                item.number, 0, 0, colour=charts.TYPE_COLOURS.get(relationship.main_type_slug)
            )
        )
    return groups


def scale_rows(items) -> list[ScaleRow]:
    """Each relationship's scale from the register with how many respondents (both sides
    together) said it works at each scale."""
    return [
        ScaleRow(
            number=item.number,
            relationship=item.relationship,
            main_type=item.main_type,
            scale=item.relationship.scale_label or "Not recorded",
            where=item.relationship.neighbourhoods or item.relationship.region_kind_label,
            said=_said(item.together),
        )
        for item in items
    ]


def _said(position: scoring.Position | None) -> str:
    if position is None:
        return NO_RATINGS
    if position.scales is None:
        return withheld_text(position.raters_withheld)
    return ", ".join(str(position.scales.get(value, 0)) for value, _label in Scale.choices)


# --- comments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentGroup:
    item: object
    comments: list[dict]


def comment_groups(results, comment_rows) -> tuple[list[CommentGroup], int]:
    """The comments that may be shown, by relationship (in the listed order), and how many
    listed relationships have comments that are not shown."""
    shown, withheld = scoring.comments_shown(comment_rows, results.scores, named=results.named)
    groups = [
        CommentGroup(
            item,
            [
                {"side": SIDE_NAMES.get(c.side, c.side), "text": c.text, "by": c.attribution}
                for c in shown[item.relationship.pk]
            ],
        )
        for item in results.items
        if item.relationship.pk in shown
    ]
    return groups, sum(1 for i in results.items if i.relationship.pk in withheld)


# --- change since an earlier round ----------------------------------------------------------------


def movement_rows(results, earlier) -> dict:
    """Both sides together, this round against `earlier`: what moved (only where both rounds
    show a figure), and what was rated in one round only."""
    before = {i.relationship.pk: i.together for i in earlier.all_items if i.together}
    after = {i.relationship.pk: i.together for i in results.items if i.together}
    by_id = results.by_id
    moves = []
    for m in scoring.movements_largest_first(before, after):
        moves.append(
            {
                "number": by_id[m.relationship_id].number,
                "relationship": by_id[m.relationship_id].relationship,
                "before": pair(m.before),
                "after": pair(m.after),
                "strategic": scoring.describe_change(
                    m.changes["strategic"], up="strategic", down="transactional"
                ),
                "proactive": scoring.describe_change(
                    m.changes["proactive"], up="proactive", down="reactive"
                ),
                "financial": scoring.describe_change(
                    m.changes["financial"], up="more", down="less"
                ),
                "time": scoring.describe_change(m.changes["time"], up="more", down="less"),
                "distance": number(m.distance),
            }
        )
    return {
        "moves": moves,
        "new_only": [
            i.relationship for i in results.items if i.together and i.relationship.pk not in before
        ],
        "earlier_only": [
            i.relationship
            for i in earlier.all_items
            if i.together and i.relationship.pk not in after
        ],
    }


# --- downloads and the API ---------------------------------------------------------------------


def dataset_rows(results) -> list[list]:
    """mapping.csv / .xlsx: one row per relationship, perspective and axis that anyone
    rated; counts as they may be printed, means only where shown."""
    rows = []
    for item in results.items:
        for perspective in scoring.PERSPECTIVES:
            position = item.positions.get(perspective)
            if position is None:
                continue
            for axis in scoring.AXES:
                figure = position.means[axis]
                rows.append(
                    [
                        results.round.name,
                        item.relationship.reference,
                        item.relationship.title,
                        perspective,
                        axis,
                        figure.respondents.text,
                        "" if figure.mean is None else figure.mean,
                        not_shown(
                            figure.withheld,
                            results.threshold,
                            "rated it",
                            who="" if perspective == scoring.TOGETHER else "on this side",
                        )
                        if figure.withheld
                        else "",
                    ]
                )
    return rows


def api_positions(results) -> list[dict]:
    """The API's `map`: each relationship's shown means per perspective (null when not
    shown) and who rated it, as the pages print it; null for a perspective nobody rated."""

    def means(position):
        if position is None:
            return None
        return {
            **{axis: position.mean(axis) for axis in scoring.AXES},
            "respondents": position.respondents.text,
        }

    return [
        {
            "relationship_id": item.relationship.public_id,
            "title": item.relationship.title,
            **{p: means(item.positions.get(p)) for p in scoring.PERSPECTIVES},
        }
        for item in results.all_items
    ]


# --- who works with whom (from the register's parties, not from answers) ------------------------


def network_context(items, organisations: dict[int, tuple[str, object]]) -> dict:
    """The network page's summary, chart and table for the listed relationships;
    `organisations` is every organisation of the area: id -> (kind, organisation)."""
    from toolkit.areas.models import OrganisationKind

    parties = {
        item.relationship.pk: [p.organisation_id for p in item.relationship.parties]
        for item in items
    }
    summary = network({pk: kind for pk, (kind, _o) in organisations.items()}, parties)

    def name(pk):
        return str(organisations[pk][1])

    ranked = sorted(organisations, key=lambda pk: (-summary.degree.get(pk, 0), name(pk)))
    nodes = [
        charts.Node(pk, name(pk), organisations[pk][0], summary.degree.get(pk, 0))
        for pk in ranked[:60]
    ]
    weights: dict[tuple[int, int], int] = {}
    for members in parties.values():
        members = sorted(set(members))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                weights[(a, b)] = weights.get((a, b), 0) + 1
    return {
        "summary": summary,
        "vcs_total": sum(1 for kind, _o in organisations.values() if kind == OrganisationKind.VCS),
        "node_rows": [
            {
                "number": n,
                "name": node.label,
                "kind": organisations[node.key][1].get_kind_display(),
                "degree": node.degree,
            }
            for n, node in enumerate(nodes, start=1)
        ],
        "more_nodes": max(0, len(ranked) - len(nodes)),
        "unconnected": [name(pk) for pk in summary.unconnected_vcs],
        "departments_without": [name(pk) for pk in summary.departments_without],
        "suspects": [(name(pk), summary.degree.get(pk, 0)) for pk in summary.usual_suspects],
        "brokers": [name(pk) for pk, _b in summary.brokers],
        "chart": charts.network_chart(
            nodes,
            [(a, b, w) for (a, b), w in weights.items()],
            chart_id="network",
            title="Who works with whom",
            desc="Council and its departments are blue circles on the left, voluntary and "
            "community organisations red squares on the right; a line joins two that share "
            "a relationship. White marks have no relationships. Numbers match the table.",
        ),
        "council_swatch": charts.swatch(charts.COUNCIL_COLOUR),
        "vcs_swatch": charts.swatch(charts.VCS_COLOUR, "square"),
    }
