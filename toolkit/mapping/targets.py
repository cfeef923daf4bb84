"""Targets on the strategic map: where both sides agreed they want a relationship to be, and
how far a later round moved it towards there.

Targets are agreed at workshops (toolkit.workshops), which sit above mapping and may not be
imported here: the workshops app registers a source from its AppConfig.ready()
(``register_target_source``), and the mapping pages and reports ask ``targets_for(round_)``.

The distance moved towards a target is measured on the strategic map's two axes (how
strategic, how proactive), from where both sides together put the relationship, using only the
means the results pages show:

- *distance before*: the straight-line (Euclidean) distance from the relationship's shown
  position in the round the target was agreed on to the target;
- *distance after*: the same from its shown position in the later round;
- *moved towards the target*: distance before minus distance after (negative: it moved away);
- and the change on each axis (later minus earlier).

Each is left out (None) when a round does not show both of the means it needs."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .scoring import Position

MAP_AXES = ("strategic", "proactive")


@dataclass(frozen=True)
class MapTarget:
    relationship_id: int
    strategic: float
    proactive: float
    agreed_at: str  # where it was agreed, in words: "Joint workshop, 3 June 2026"
    carried_from: str = ""  # the earlier round's name, when carried forward to a later round
    agreed_on: date | None = None  # the workshop's date


_SOURCES: list[Callable[[object], list[MapTarget]]] = []
_EARLIER_SOURCES: list[Callable[[object], list[MapTarget]]] = []


def register_target_source(
    source: Callable[[object], list[MapTarget]],
    earlier: Callable[[object], list[MapTarget]] | None = None,
) -> None:
    """`source(round_)` gives the targets agreed on that round's results, oldest first;
    `earlier(round_)` those agreed on the area's earlier mapping rounds, oldest first (each
    with `carried_from` set)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    if earlier is not None and earlier not in _EARLIER_SOURCES:
        _EARLIER_SOURCES.append(earlier)


def targets_for(round_) -> dict[int, MapTarget]:
    """The targets agreed on `round_`'s results, by relationship id (a later one replaces an
    earlier one for the same relationship)."""
    found: dict[int, MapTarget] = {}
    for source in _SOURCES:
        for target in source(round_):
            found[target.relationship_id] = target
    return found


def standing_targets(round_, items) -> dict[int, MapTarget]:
    """The targets standing on `round_`'s map, by relationship id: those agreed on its own
    results, and those agreed on the area's earlier rounds and not yet replaced (the latest
    agreed per relationship), carried forward. A target stands until a later one replaces it;
    a carried one is drawn from where `round_` puts the relationship now, so only where this
    round's figures for it may be shown (placed on the map: both map axes shown), and it is
    left out otherwise (it would draw a ring with nothing to measure from)."""
    placed = {item.relationship.pk for item in items if _shown(item.together) is not None}
    found: dict[int, MapTarget] = {}
    for source in _EARLIER_SOURCES:
        for target in source(round_):
            found[target.relationship_id] = target
    found = {pk: target for pk, target in found.items() if pk in placed}
    return found | targets_for(round_)


def _shown(position: Position | None) -> tuple[float, float] | None:
    if position is None or not position.is_placed:
        return None
    return position.mean("strategic"), position.mean("proactive")


def distance_to(position: Position | None, target: MapTarget) -> float | None:
    """Straight-line distance on the map from a shown position to the target (2 dp)."""
    shown = _shown(position)
    if shown is None:
        return None
    return round(math.hypot(target.strategic - shown[0], target.proactive - shown[1]), 2)


@dataclass(frozen=True)
class TargetProgress:
    target: MapTarget
    before: Position | None
    after: Position | None
    distance_before: float | None
    distance_after: float | None
    moved: float | None  # towards the target; negative when it moved away
    changes: dict[str, float | None]  # per map axis, later minus earlier


def target_progress(
    target: MapTarget, before: Position | None, after: Position | None
) -> TargetProgress:
    """How far a relationship moved towards its target between two rounds, from the shown
    positions of both sides together in each (see the module's words for the definitions)."""
    distance_before, distance_after = distance_to(before, target), distance_to(after, target)
    moved = None
    if distance_before is not None and distance_after is not None:
        moved = round(distance_before - distance_after, 2)
    changes = {}
    for axis in MAP_AXES:
        a = before.mean(axis) if before else None
        b = after.mean(axis) if after else None
        changes[axis] = round(b - a, 2) if a is not None and b is not None else None
    return TargetProgress(target, before, after, distance_before, distance_after, moved, changes)


# --- as the pages, reports and record show them ----------------------------------------------


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _pair(position: Position | None) -> str:
    shown = _shown(position)
    if shown is None:
        return "Not shown"
    return f"strategic {_number(shown[0])}, proactive {_number(shown[1])}"


def target_text(target: MapTarget) -> str:
    return f"strategic {_number(target.strategic)}, proactive {_number(target.proactive)}"


@dataclass(frozen=True)
class TargetRow:
    number: int | None
    relationship: object
    now: str
    target: str
    distance: str
    agreed_at: str


def target_rows(items, targets: dict[int, MapTarget]) -> list[TargetRow]:
    """The round's listed relationships that have a target: where both sides together put
    each now (as shown), the target, and the distance between them on the map."""
    rows = []
    for item in items:
        target = targets.get(item.relationship.pk)
        if target is None:
            continue
        rows.append(
            TargetRow(
                item.number,
                item.relationship,
                _pair(item.together),
                target_text(target),
                _number(distance_to(item.together, target)),
                _agreed_words(target),
            )
        )
    return rows


def _agreed_words(target: MapTarget) -> str:
    if target.carried_from:
        return f"{target.agreed_at} (on {target.carried_from}; still standing)"
    return target.agreed_at


def _carried_label(number: int | None, target: MapTarget) -> str:
    """Beside a carried target's ring: whose target it is and when it was agreed (the table
    under the map names the workshop)."""
    if not target.carried_from:
        return ""
    when = f"{target.agreed_on:%-d %b %Y}" if target.agreed_on else target.agreed_at
    return f"{number}: target agreed {when}"


def target_arrows(items, targets: dict[int, MapTarget]):
    """The map's arrows: from where both sides together put each relationship (when shown)
    to its target."""
    from .target_charts import TargetArrow

    arrows = []
    for item in items:
        target = targets.get(item.relationship.pk)
        if target is not None:
            arrows.append(
                TargetArrow(
                    item.number,
                    _shown(item.together),
                    (target.strategic, target.proactive),
                    _carried_label(item.number, target),
                )
            )
    return arrows


@dataclass(frozen=True)
class ProgressRow:
    number: int | None
    relationship: object
    target: str
    before: str
    after: str
    distance_before: str
    distance_after: str
    moved: str  # "1.2 closer", "0.4 further away", "no closer", or why it cannot be said
    strategic: str  # change on the axis, signed
    proactive: str
    agreed_at: str


def moved_text(moved: float | None) -> str:
    if moved is None:
        return "Cannot be said: a round does not show where it is"
    if moved > 0:
        return f"{moved:g} closer"
    if moved < 0:
        return f"{-moved:g} further away"
    return "No closer"


def progress_rows(results, earlier, targets: dict[int, MapTarget]) -> list[ProgressRow]:
    """For each target agreed on the `earlier` round's results, how far this round moved the
    relationship towards it (both sides together, shown means only)."""
    before = {i.relationship.pk: i for i in earlier.all_items}
    after = {i.relationship.pk: i for i in results.all_items}
    rows = []
    for relationship_id, target in targets.items():
        then, now = before.get(relationship_id), after.get(relationship_id)
        if then is None and now is None:
            continue
        progress = target_progress(
            target, then.together if then else None, now.together if now else None
        )
        rows.append(
            ProgressRow(
                number=now.number if now else None,
                relationship=(now or then).relationship,
                target=target_text(target),
                before=_pair(progress.before),
                after=_pair(progress.after),
                distance_before=_number(progress.distance_before),
                distance_after=_number(progress.distance_after),
                moved=moved_text(progress.moved),
                strategic=_signed(progress.changes["strategic"]),
                proactive=_signed(progress.changes["proactive"]),
                agreed_at=target.agreed_at,
            )
        )
    return sorted(rows, key=lambda r: (r.number is None, r.number or 0, r.relationship.title))


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+g}"
