"""How an agenda item reads in the room, on the presenter's screen, on the item's page and in
the record: plain functions over the round's decided results (selectors.RoomResults). Nothing
here decides what may be shown or calculates a figure beyond choosing and wording shown ones
(a gap from two shown means, the lowest rating of a shown spread); a figure that is not shown
says why, in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString

from toolkit.assessment import scoring as assessment_scoring
from toolkit.mapping import scoring as mapping_scoring
from toolkit.mapping.presenters import (
    MAP_AXES,
    SIDE_NAMES,
    Spread,
    not_shown,
    number,
    rating_spreads,
)

from . import charts
from .models import AgendaItem, ItemKind, TargetBand
from .selectors import RoomResults

SIDES = mapping_scoring.SIDES
HACKNEY = "“We’re only as trusted as the organisation that trusts the least.” (Hackney)"


# --- relationships -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SideLine:
    side: str
    name: str
    text: str
    shown: bool


@dataclass
class RelationshipView:
    title: str
    sides: list[SideLine]
    gap: str
    spreads: list[Spread]
    lowest: list[str]  # "Lowest strategic rating: 1, from the sector"
    chart: SafeString | None
    chart_unlabelled: list[str]  # "Sector (red square)": marks the map could not label
    target: str
    kind: str = ItemKind.RELATIONSHIP

    @property
    def chart_key(self) -> str:
        """The marks whose label found no free place on the map, named beside it so that none
        vanishes from the wall."""
        if not self.chart_unlabelled:
            return ""
        return "Not labelled on the map: " + ", ".join(self.chart_unlabelled) + "."


def _position_text(position: mapping_scoring.Position | None, threshold: int) -> tuple[str, bool]:
    if position is None:
        return "Nobody on this side rated it", False
    parts = []
    for axis in MAP_AXES:
        figure = position.means.get(axis)
        if figure is None or figure.mean is None:
            return not_shown(figure.withheld if figure else None, threshold, "rated it"), False
        parts.append(f"{axis} {number(figure.mean)}")
    return ", ".join(parts).capitalize(), True


def _gap_text(council, vcs) -> str:
    gap = mapping_scoring.position_gap(council, vcs)
    if gap is None or gap.distance is None:
        return "The two sides cannot be compared on the map: one side’s view is not shown."
    if gap.distance == 0:
        return "The council and the sector put it in the same place on the map."
    axis = gap.largest_axis
    difference = gap.differences[axis]
    higher = "council" if difference > 0 else "sector"
    name = {
        "strategic": "how strategic it is",
        "proactive": "how proactive it is",
        "financial": "financial investment",
        "time": "time investment",
    }[axis]
    return (
        f"{number(gap.distance)} apart on the map. Furthest apart on {name}: the {higher} "
        f"rates it {number(abs(difference))} higher."
    )


def relationship_view(item: AgendaItem, results: RoomResults, *, chart: bool) -> RelationshipView:
    found = results.relationship(item.relationship_id) if item.relationship_id else None
    title = item.relationship.title if item.relationship else item.title
    target = _map_target_text(item)
    if found is None:
        return RelationshipView(title, [], "", [], [], None, [], target)
    threshold = results.threshold
    council = found.positions.get(mapping_scoring.COUNCIL)
    vcs = found.positions.get(mapping_scoring.VCS)
    sides = []
    for side, position in ((mapping_scoring.COUNCIL, council), (mapping_scoring.VCS, vcs)):
        text, shown = _position_text(position, threshold)
        sides.append(SideLine(side, SIDE_NAMES[side], text, shown))
    spreads = rating_spreads(found, threshold)
    lowest = [spread.lowest for spread in spreads if spread.lowest]
    room = _room_map(title, council, vcs, found.together, item) if chart else None
    return RelationshipView(
        title,
        sides,
        _gap_text(council, vcs),
        spreads,
        lowest,
        room.svg if room else None,
        [f"{label} ({MARK_SHAPES[label]})" for label in room.unlabelled] if room else [],
        target,
    )


def _map_target_text(item: AgendaItem) -> str:
    if item.target_strategic is None:
        return ""
    return (
        f"Target agreed: strategic {number(float(item.target_strategic))}, "
        f"proactive {number(float(item.target_proactive))}"
    )


# How each mark looks on the wall's map, by its label (charts.room_map draws them).
MARK_SHAPES = {
    "Council": "blue circle",
    "Sector": "red square",
    "Both": "black diamond",
    "Target": "green ring",
}


def _room_map(title, council, vcs, together, item) -> charts.RoomMap:
    marks = []
    for key, label, position in (
        ("council", "Council", council),
        ("vcs", "Sector", vcs),
        ("together", "Both", together),
    ):
        if position is not None and position.is_placed:
            marks.append(
                charts.Mark(key, label, position.mean("strategic"), position.mean("proactive"))
            )
    if item.target_strategic is not None:
        marks.append(
            charts.Mark(
                "target", "Target", float(item.target_strategic), float(item.target_proactive)
            )
        )
    said = {
        "council": "the council's view is a blue circle",
        "vcs": "the sector's view a red square",
        "together": "both sides together a black diamond",
        "target": "the agreed target a green ring, with an arrow to it from where both sides "
        "put it now",
    }
    shown = [said[m.key] for m in marks]
    desc = (
        "Where the relationship sits on the strategic map (strategic at the top, proactive to "
        "the right): " + ("; ".join(shown) if shown else "no view can be shown") + "."
    )
    return charts.room_map(marks, title=f"Strategic map: {title}", desc=desc)


# --- key elements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BandLine:
    side: str
    name: str
    mean: str
    band: str  # "strength", "borderline", "concern" or ""
    band_label: str
    note: str


@dataclass
class ElementView:
    title: str
    sides: list[BandLine]
    together: BandLine | None
    gap: str
    target: str
    kind: str = ItemKind.ELEMENT


def _band_line(side: str, name: str, summary, threshold: int) -> BandLine:
    if summary.withheld:
        return BandLine(side, name, "", "", "", not_shown(summary.reason, threshold))
    if summary.mean is None:
        return BandLine(side, name, "", "", "", "Nobody on this side answered")
    return BandLine(side, name, str(summary.mean), summary.band, summary.band_label, "")


def element_view(item: AgendaItem, results: RoomResults) -> ElementView:
    row = results.element(item.element_slug)
    target = ""
    if item.target_band:
        target = f"Target agreed: {TargetBand(item.target_band).label.lower()}"
    if row is None:
        return ElementView(item.title, [], None, "", target)
    threshold = results.threshold
    sides = [
        _band_line(side, SIDE_NAMES[side], row.view(side), threshold)
        for side in (assessment_scoring.COUNCIL, assessment_scoring.VCS)
    ]
    together = _band_line("together", "Both sides", row.together, threshold)
    gap = "The two sides cannot be compared: one side’s figure is not shown."
    if row.gap is not None:
        if row.gap == 0:
            gap = "The council and the sector agree to the same degree."
        else:
            higher = "council" if row.gap > 0 else "sector"
            gap = f"The {higher} agrees more, by {abs(row.gap)} on a scale of 1 to 5."
    return ElementView(row.title, sides, together, gap, target)


# --- barriers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TickLine:
    side: str
    name: str
    text: str
    shown: bool


@dataclass
class BarrierView:
    title: str
    sides: list[TickLine]
    kind: str = ItemKind.BARRIER


def barrier_view(item: AgendaItem, results: RoomResults) -> BarrierView:
    tick = results.barrier(item.barrier_slug)
    if tick is None:
        return BarrierView(item.title, [])
    lines = []
    for side in (assessment_scoring.COUNCIL, assessment_scoring.VCS):
        ticked = tick.view(side)
        if ticked.withheld:
            text, shown = not_shown(ticked.reason, results.threshold), False
        else:
            text = f"Named by {ticked.value} of the {ticked.base} people who answered"
            shown = True
        lines.append(TickLine(side, SIDE_NAMES[side], text, shown))
    return BarrierView(tick.title, lines)


# --- any item ---------------------------------------------------------------------------------


@dataclass
class ItemView:
    item: AgendaItem
    figures: RelationshipView | ElementView | BarrierView | None
    sealed: bool
    notes: list[tuple[str, str]] = field(default_factory=list)


def item_view(item: AgendaItem, results: RoomResults, *, chart: bool = False) -> ItemView:
    """An agenda item with the round's shown figures for it (none while results are sealed)."""
    if not results.visible:
        return ItemView(item, None, True)
    if item.kind == ItemKind.RELATIONSHIP:
        figures = relationship_view(item, results, chart=chart)
    elif item.kind == ItemKind.ELEMENT:
        figures = element_view(item, results)
    elif item.kind == ItemKind.BARRIER:
        figures = barrier_view(item, results)
    else:
        figures = None
    return ItemView(item, figures, False)


def target_words(item: AgendaItem) -> str:
    if item.kind == ItemKind.RELATIONSHIP:
        return _map_target_text(item)
    if item.kind == ItemKind.ELEMENT and item.target_band:
        return f"Target agreed: {TargetBand(item.target_band).label.lower()}"
    return ""


def decimal_text(value: Decimal | None) -> str:
    return "" if value is None else number(float(value))
