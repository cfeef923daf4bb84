"""What became of a workshop's targets in the next round of the same kind: for a relationship,
the distance moved towards its place on the map (mapping.targets: both sides together, shown
means only); for a key element, the band both sides together reached and whether that is the
band aimed at or better. The next round is the one that names the workshop's round as its
previous round (as the mapping's "what changed" page compares them) and asks the same
questions. Every figure is read from the rounds' decided results (selectors.room_results)."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.assessment import scoring as assessment_scoring
from toolkit.mapping import targets as mapping_targets
from toolkit.rounds.models import Round

from .models import AgendaItem, ItemKind, TargetBand, Workshop
from .selectors import RoomResults, round_room_results

BAND_RANK = {assessment_scoring.CONCERN: 0, TargetBand.BORDERLINE: 1, TargetBand.STRENGTH: 2}


def next_round(round_: Round, kind: str) -> Round | None:
    """The round that follows `round_` (it names it as its previous round) and asks about
    relationships (kind relationship) or the principles (kind element)."""
    for later in (
        Round.objects.filter(previous_round=round_)
        .select_related("area", "content_version")
        .order_by("opened_on", "created_at")
    ):
        if later.includes_mapping if kind == ItemKind.RELATIONSHIP else later.has_assessment:
            return later
    return None


@dataclass(frozen=True)
class Outcome:
    item: AgendaItem
    target: str
    then: str
    now: str
    result: str  # "0.8 closer", "Reached: strength", "Not reached: borderline", or why not said


def _next_results(workshop: Workshop, kind: str) -> RoomResults | None:
    later = next_round(workshop.round, kind)
    if later is None:
        return None
    return round_room_results(later)


def outcomes(
    workshop: Workshop, items: list[AgendaItem], here: RoomResults
) -> tuple[str, list[Outcome]]:
    """(the next round's name, one outcome per target) for the workshop's targets, `here`
    being the workshop's round's results; the name is "" when no later round follows, and
    then there are no outcomes."""
    with_targets = [i for i in items if i.has_target]
    if not with_targets:
        return "", []
    later = {
        kind: _next_results(workshop, kind) for kind in (ItemKind.RELATIONSHIP, ItemKind.ELEMENT)
    }
    names = [r.round.name for r in later.values() if r is not None]
    found = []
    for item in with_targets:
        results = later.get(item.kind)
        if results is None:
            continue
        if item.kind == ItemKind.RELATIONSHIP:
            found.append(_relationship_outcome(item, here, results))
        else:
            found.append(_element_outcome(item, here, results))
    return (" and ".join(dict.fromkeys(names)), found)


def _together(results: RoomResults, relationship_id):
    found = results.relationship(relationship_id)
    return found.together if found else None


def _relationship_outcome(item, here: RoomResults, later: RoomResults) -> Outcome:
    target = mapping_targets.MapTarget(
        item.relationship_id, float(item.target_strategic), float(item.target_proactive), ""
    )
    progress = mapping_targets.target_progress(
        target, _together(here, item.relationship_id), _together(later, item.relationship_id)
    )
    then = mapping_targets.distance_to(progress.before, target)
    now = mapping_targets.distance_to(progress.after, target)
    return Outcome(
        item,
        mapping_targets.target_text(target),
        "Not shown" if then is None else f"{then:g} from the target",
        "Not shown" if now is None else f"{now:g} from the target",
        mapping_targets.moved_text(progress.moved),
    )


def _band(results: RoomResults, slug: str):
    if not results.visible or results.assessment is None:
        return None
    row = results.element(slug)
    return row.together if row is not None and row.together.shown else None


def _band_words(summary) -> str:
    return "Not shown" if summary is None else f"{summary.mean} out of 5: {summary.band_label}"


def _element_outcome(item, here: RoomResults, later: RoomResults) -> Outcome:
    then, now = _band(here, item.element_slug), _band(later, item.element_slug)
    aimed = TargetBand(item.target_band)
    if now is None:
        result = "Cannot be said: the next round does not show this element"
    elif BAND_RANK[now.band] >= BAND_RANK[aimed.value]:
        result = f"Reached: {now.band_label.lower()}"
    else:
        result = f"Not reached yet: {now.band_label.lower()}"
    return Outcome(item, aimed.label, _band_words(then), _band_words(now), result)
