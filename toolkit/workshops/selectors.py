"""Reading workshops, and what the room may be shown.

Every figure the room sees comes from the round's own decided results – the mapping and
principles selectors the results pages read (and so their sealing, their disclosure decision
and, for an open round, the snapshot they are read from) – and is only chosen and worded here.
Counts of people are worded by toolkit.disclosure too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from toolkit.actions.suggestions import frequent_barriers, weakest_elements
from toolkit.areas.models import Side
from toolkit.assessment import scoring as assessment_scoring
from toolkit.assessment import selectors as assessment_selectors
from toolkit.assessment.models import OTHER
from toolkit.assessment.questions import barriers_for_version, elements_for_version
from toolkit.disclosure.table import ShownCount, Table
from toolkit.mapping import presenters as mapping_presenters
from toolkit.mapping import selectors as mapping_selectors
from toolkit.mapping.selectors import MappingResults
from toolkit.mapping.targets import MapTarget
from toolkit.rounds.models import Round
from toolkit.rounds.selectors import (
    response_channels,
    response_counts,
    round_results_visible,
    round_threshold,
)

from .models import AgendaItem, ItemKind, Workshop, WorkshopStatus

SIDES = (Side.COUNCIL, Side.VCS)
SUGGESTED_PER_KIND = 3


def workshops_for_area(area) -> QuerySet[Workshop]:
    return (
        Workshop.objects.filter(area=area)
        .select_related("round", "facilitator")
        .order_by("-held_on", "-created_at")
    )


def workshop_for_area(area, public_id) -> Workshop | None:
    return (
        Workshop.objects.filter(area=area, public_id=public_id)
        .select_related(
            "area",
            "round",
            "round__area",
            "round__content_version",
            "facilitator",
            "council_link",
            "vcs_link",
        )
        .first()
    )


def live_workshop_for_code(code: str) -> Workshop | None:
    """The workshop taking place now with this join code, or None."""
    if not code:
        return None
    return (
        Workshop.objects.filter(join_code=code, status=WorkshopStatus.LIVE)
        .select_related("area", "round", "round__area", "council_link", "vcs_link")
        .first()
    )


def agenda(workshop: Workshop) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(workshop=workshop)
        .select_related("relationship")
        .order_by("position", "created_at")
    )


def agenda_item(workshop: Workshop, public_id) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(workshop=workshop, public_id=public_id)
        .select_related("relationship", "workshop")
        .first()
    )


# --- the round's results, as the results pages show them ----------------------------------


@dataclass
class RoomResults:
    """The round's decided results: what its results pages show, no more."""

    round: Round
    visible: bool
    threshold: int
    mapping: MappingResults | None = None
    assessment: assessment_scoring.AssessmentResults | None = None

    def relationship(self, relationship_id: int):
        """The mapping results' item for a relationship, or None."""
        if self.mapping is None or not self.mapping.visible:
            return None
        return self.mapping.by_id.get(relationship_id)

    def element(self, slug: str) -> assessment_scoring.Row | None:
        return self.assessment.profile.element(slug) if self.assessment else None

    def barrier(self, slug: str) -> assessment_scoring.TickCount | None:
        if self.assessment is None:
            return None
        return next((t for t in self.assessment.barriers.items if t.slug == slug), None)


def room_results(workshop: Workshop) -> RoomResults:
    return round_room_results(workshop.round)


def round_room_results(round_: Round) -> RoomResults:
    """A round's decided results, as its results pages show them."""
    counts = response_counts(round_)
    visible = round_results_visible(round_, counts)
    results = RoomResults(round_, visible, round_threshold(round_))
    if not visible:
        return results
    if round_.includes_mapping:
        results.mapping = mapping_selectors.mapping_results(round_)
    if round_.has_assessment:
        results.assessment = assessment_selectors.round_results(round_, counts)
    return results


# --- building the agenda ------------------------------------------------------------------


@dataclass(frozen=True)
class Suggested:
    """An item the round's results put forward for the agenda."""

    kind: str
    title: str
    reason: str
    relationship: object = None
    element_slug: str = ""
    barrier_slug: str = ""

    @property
    def key(self) -> tuple:
        return (
            self.kind,
            getattr(self.relationship, "pk", None),
            self.element_slug,
            self.barrier_slug,
        )


GAP_REASON = "One of the largest gaps between the council's and the sector's views"
WEAK_REASON = "One of the weakest key elements, both sides together"
BARRIER_REASON = "One of the barriers named most often"


def agenda_suggestions(results: RoomResults, k: int = SUGGESTED_PER_KIND) -> list[Suggested]:
    """From the round's decided results, in this order: the relationships the two sides see
    most differently (largest gap first), the weakest key elements, and the barriers named
    most often. Only shown figures are read; a sealed round suggests nothing."""
    found: list[Suggested] = []
    if results.mapping is not None and results.mapping.visible:
        rows, _pairs = mapping_presenters.gap_rows(results.mapping.all_items)
        for row in [r for r in rows if r.distance not in ("–", "0")][:k]:
            found.append(
                Suggested(
                    ItemKind.RELATIONSHIP, row.relationship.title, GAP_REASON, row.relationship
                )
            )
    if results.assessment is not None:
        profile = results.assessment.profile
        for row in weakest_elements(profile, k):
            found.append(Suggested(ItemKind.ELEMENT, row.title, WEAK_REASON, element_slug=row.slug))
        for tick in frequent_barriers(results.assessment.barriers, k):
            found.append(
                Suggested(ItemKind.BARRIER, tick.title, BARRIER_REASON, barrier_slug=tick.slug)
            )
    return found


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class AddChoices:
    """What a facilitator can add to the agenda by hand, by kind."""

    relationships: list[Choice] = field(default_factory=list)
    elements: list[Choice] = field(default_factory=list)
    barriers: list[Choice] = field(default_factory=list)


def add_choices(workshop: Workshop) -> AddChoices:
    round_ = workshop.round
    choices = AddChoices()
    if round_.includes_mapping:
        choices.relationships = [
            Choice(str(r.public_id), r.title)
            for r in mapping_selectors.round_relationships(round_).only("public_id", "title")
        ]
    if round_.has_assessment:
        version = round_.content_version
        choices.elements = [Choice(e.slug, e.title) for e in elements_for_version(version)]
        choices.barriers = [
            Choice(b.slug, b.title) for b in barriers_for_version(version) if b.slug != OTHER
        ]
    return choices


# --- who is in the room ----------------------------------------------------------------------


@dataclass(frozen=True)
class SideCount:
    side: str
    label: str
    count: ShownCount


def counted_responses(workshop: Workshop) -> list[SideCount]:
    """The round's counted responses per side, worded by toolkit.disclosure ("fewer than N"
    under the threshold): the progress the round's own page shows, updated as answers come."""
    counts = response_counts(workshop.round)
    table = Table(round_threshold(workshop.round))
    for side in SIDES:
        table.add(("responses", side), n=counts.for_side(side))
    decision = table.decide()
    return [
        SideCount(side, _side_label(side), decision.count(("responses", side))) for side in SIDES
    ]


def _side_label(side: str) -> str:
    return "Council" if side == Side.COUNCIL else "Sector"


# Other apps whose answers are given at a workshop through links of their own register a source
# of those links here from their AppConfig.ready() (toolkit.paper: each pile of paper forms has
# its own link, and its answers are marked on paper). Workshops may not import them.
_LINK_SOURCES: list[Callable[[Round], QuerySet]] = []


def register_workshop_links(source: Callable[[Round], QuerySet]) -> None:
    """`source(round_)` gives a query of (link id, workshop id) pairs, by `values_list`: the
    links through which answers to the round were given at each of its workshops."""
    if source not in _LINK_SOURCES:
        _LINK_SOURCES.append(source)


def workshop_links(round_: Round) -> QuerySet:
    """The round's workshops' links, as (link id, workshop id) pairs, for the round's decision
    on where answers were given (rounds.selectors.response_channels, registered from
    WorkshopsConfig.ready): each workshop's joining link per side (None before joining opens,
    so that every workshop is known) and the links other apps register."""
    workshops = Workshop.objects.filter(round=round_).order_by()
    return (
        workshops.values_list("council_link_id", "pk")
        .union(
            workshops.values_list("vcs_link_id", "pk"),
            *(source(round_) for source in _LINK_SOURCES),
            all=True,
        )
        .order_by()
    )


@dataclass(frozen=True)
class SideParticipation:
    side: str
    label: str
    online: ShownCount  # through the workshop's links, on phones and laptops
    on_paper: ShownCount  # paper forms typed in
    in_all: ShownCount  # online and on paper together


def participation(workshop: Workshop) -> list[SideParticipation]:
    """How many of each side's counted responses were given at the workshop, online (through
    its own links) and on paper (through the links other apps register), for the record: read
    from the round's one decision on where answers were given, which the round's page and
    every other workshop's record read too (rounds.selectors.response_channels, ADR 30), so
    that no count hidden here follows from figures shown there."""
    channels = response_channels(workshop.round)
    return [
        SideParticipation(
            side,
            _side_label(side),
            channels.at(workshop.pk, side, on_paper=False),
            channels.at(workshop.pk, side, on_paper=True),
            channels.at_total(workshop.pk, side),
        )
        for side in SIDES
    ]


# --- targets, for the maps (mapping.targets) -------------------------------------------------


def map_targets(round_: Round) -> list[MapTarget]:
    """The targets on the map agreed at workshops on `round_`'s results, oldest first (a later
    workshop's target for the same relationship replaces an earlier one)."""
    items = (
        AgendaItem.objects.filter(
            workshop__round=round_,
            kind=ItemKind.RELATIONSHIP,
            relationship__isnull=False,
            target_strategic__isnull=False,
        )
        .select_related("workshop")
        .order_by("workshop__held_on", "workshop__created_at", "position")
    )
    return [_map_target(item) for item in items]


def _map_target(item: AgendaItem, carried_from: str = "") -> MapTarget:
    return MapTarget(
        item.relationship_id,
        float(item.target_strategic),
        float(item.target_proactive),
        f"{item.workshop.title}, {item.workshop.held_on:%-d %B %Y}",
        carried_from,
        item.workshop.held_on,
    )


def earlier_map_targets(round_: Round) -> list[MapTarget]:
    """The targets agreed at workshops on the results of the area's mapping rounds before
    `round_` (in the rounds' order: opened earlier, or the same day and made earlier), oldest
    first, in one query; mapping.targets.standing_targets keeps the latest per relationship."""
    if round_.opened_on is None:
        earlier = Q(workshop__round__created_at__lt=round_.created_at)
    else:
        earlier = Q(workshop__round__opened_on__lt=round_.opened_on) | Q(
            workshop__round__opened_on=round_.opened_on,
            workshop__round__created_at__lt=round_.created_at,
        )
    items = (
        AgendaItem.objects.filter(
            earlier,
            workshop__round__area_id=round_.area_id,
            workshop__round__includes_mapping=True,
            kind=ItemKind.RELATIONSHIP,
            relationship__isnull=False,
            target_strategic__isnull=False,
        )
        .exclude(workshop__round=round_)
        .select_related("workshop__round")
        .order_by(
            F("workshop__round__opened_on").asc(nulls_first=True),
            "workshop__round__created_at",
            "workshop__held_on",
            "workshop__created_at",
            "position",
        )
    )
    return [_map_target(item, item.workshop.round.name) for item in items]
