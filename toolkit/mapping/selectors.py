"""Reading mapping rounds. ``mapping_results`` gathers everything the results pages, reports,
downloads and API need in a fixed number of queries (the round's relationships with their
parties and types, and one query for every sent rating), whatever the number of relationships
or ratings, and has every figure decided once (mapping.scoring.round_scores)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple
from uuid import UUID

from django.db.models import QuerySet

from toolkit.areas.models import Organisation, OrganisationKind
from toolkit.register.models import (
    RegionKind,
    Relationship,
    RelationshipParty,
    RelationshipTypeLink,
    Scale,
)
from toolkit.register.selectors import with_parties_and_types
from toolkit.register.vocabulary import Vocabulary, vocabulary_for
from toolkit.rounds.figures import closed_round_figures, fingerprint
from toolkit.rounds.models import ResponseStatus, Round
from toolkit.rounds.selectors import (
    ResponseCounts,
    response_counts,
    round_results_visible,
    round_threshold,
)

from . import scoring, stored
from .models import AXES, Rating, RoundRelationship


def mapping_rounds_for_area(area) -> QuerySet[Round]:
    from toolkit.rounds.selectors import rounds_for_area

    return rounds_for_area(area).filter(includes_mapping=True)


def round_relationships(round_: Round) -> QuerySet[Relationship]:
    """The relationships the round covers, by name, with parties and types prefetched."""
    return with_parties_and_types(
        Relationship.objects.filter(mapping_rounds__round=round_).order_by("title", "id")
    )


def round_relationships_list(round_: Round) -> list[Relationship]:
    """As ``round_relationships``, in exactly four queries however many there are: the
    parties and types are fetched by joining on the round rather than with an IN list of
    ids (which SQLite splits into batches of 999), and each organisation once."""
    relationships = list(
        Relationship.objects.filter(mapping_rounds__round=round_).order_by("title", "id")
    )
    _attach(relationships, "parties", _round_parties(round_))
    types = RelationshipTypeLink.objects.filter(
        relationship__mapping_rounds__round=round_
    ).order_by("-is_main", "id")
    _attach(relationships, "types", types)
    return relationships


PARTY_FIELDS = [f.attname for f in RelationshipParty._meta.concrete_fields]


def _round_parties(round_: Round) -> list[RelationshipParty]:
    """The parties of the round's relationships, each with its organisation (and parent)
    already attached. A round's thousands of parties name a few hundred organisations: each
    is made into a model once and shared, instead of once for every party naming it (most of
    a results page's time at 1,000 relationships)."""
    in_round = RelationshipParty.objects.filter(relationship__mapping_rounds__round=round_)
    organisations = {
        o.pk: o
        for o in Organisation.objects.filter(
            pk__in=in_round.values("organisation_id")
        ).select_related("parent")
    }
    rows = in_round.order_by("side", "organisation__name").values_list(*PARTY_FIELDS)
    organisation_at = PARTY_FIELDS.index("organisation_id")
    attach = RelationshipParty.organisation.field.set_cached_value
    parties = []
    for row in rows:
        party = RelationshipParty.from_db(rows.db, PARTY_FIELDS, row)
        attach(party, organisations[row[organisation_at]])
        parties.append(party)
    return parties


def _attach(relationships, name, rows) -> None:
    """Fill Django's prefetch cache so that ``relationship.<name>.all()`` needs no query."""
    grouped: dict[int, list] = {r.pk: [] for r in relationships}
    for row in rows:
        grouped.setdefault(row.relationship_id, []).append(row)
    for relationship in relationships:
        cache = relationship.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[name] = grouped[relationship.pk]


def covered_ids(round_: Round) -> set[int]:
    return set(
        RoundRelationship.objects.filter(round=round_).values_list("relationship_id", flat=True)
    )


def rating_rows(round_: Round) -> list[scoring.RatingRow]:
    """Every rating in the round's sent responses, for relationships it still covers (one
    query)."""
    values = (
        Rating.objects.filter(
            response__round=round_,
            response__status=ResponseStatus.SUBMITTED,
            relationship__mapping_rounds__round=round_,
        )
        .values_list("relationship_id", "response__side", *AXES, "scales")
        .order_by()
    )
    return [
        scoring.RatingRow(rid, side, s, p, f, t, tuple(scales or ()))
        for rid, side, s, p, f, t, scales in values
    ]


def round_scores(round_: Round, counts: ResponseCounts, threshold: int) -> scoring.RoundScores:
    """Every figure of the round as its one disclosure decision shows it: decided from every
    rating (one query), or for a closed round read from storage once worked out (one query;
    rounds.figures)."""
    return closed_round_figures(
        round_,
        "mapping",
        fingerprint(round_, threshold, counts.council, counts.vcs),
        lambda: scoring.round_scores(
            rating_rows(round_),
            responses={scoring.COUNCIL: counts.council, scoring.VCS: counts.vcs},
            threshold=threshold,
        ),
        encode=stored.scores_plain,
        decode=stored.scores_from_plain,
    )


# --- results ------------------------------------------------------------------------------


class ListedType(NamedTuple):
    type_slug: str
    is_main: bool


class ListedParty(NamedTuple):
    organisation_id: int
    side: str


class ListedRelationship(NamedTuple):
    """What every output about a round shows of one of its relationships, read as plain rows
    (no model instances: a large round has thousands of relationships, parties and types, and
    making them into models was most of a results page's time). Tuples, which are the
    quickest to make by the ten thousand."""

    pk: int
    public_id: UUID
    reference: str
    title: str
    scale: str
    neighbourhoods: str
    region_kind: str
    types: tuple[ListedType, ...]  # the main type first
    parties: tuple[ListedParty, ...]

    @property
    def main_type_slug(self) -> str:
        return next((t.type_slug for t in self.types if t.is_main), "")

    @property
    def scale_label(self) -> str:
        return _SCALE_LABELS.get(self.scale, self.scale)

    @property
    def region_kind_label(self) -> str:
        return _REGION_KIND_LABELS.get(self.region_kind, self.region_kind)


_SCALE_LABELS = dict(Scale.choices)
_REGION_KIND_LABELS = dict(RegionKind.choices)
LISTED_FIELDS = ("id", "public_id", "reference", "title", "scale", "neighbourhoods", "region_kind")


def round_relationships_listed(round_: Round) -> list[ListedRelationship]:
    """The round's relationships by title, with their types and parties, in three queries
    whatever their number (joined on the round, not an IN list of ids, which SQLite splits
    into batches of 999)."""
    types: dict[int, list[ListedType]] = {}
    for rid, slug, is_main in (
        RelationshipTypeLink.objects.filter(relationship__mapping_rounds__round=round_)
        .order_by("-is_main", "id")
        .values_list("relationship_id", "type_slug", "is_main")
    ):
        types.setdefault(rid, []).append(ListedType(slug, is_main))
    parties: dict[int, list[ListedParty]] = {}
    for rid, organisation_id, side in (
        RelationshipParty.objects.filter(relationship__mapping_rounds__round=round_)
        .order_by("id")
        .values_list("relationship_id", "organisation_id", "side")
    ):
        parties.setdefault(rid, []).append(ListedParty(organisation_id, side))
    return [
        ListedRelationship(*row, tuple(types.get(row[0], ())), tuple(parties.get(row[0], ())))
        for row in Relationship.objects.filter(mapping_rounds__round=round_)
        .order_by("title", "id")
        .values_list(*LISTED_FIELDS)
    ]


def round_departments(round_: Round) -> list[Organisation]:
    """The council departments that are parties to the round's relationships, by name."""
    return list(
        Organisation.objects.filter(
            kind=OrganisationKind.DEPARTMENT,
            pk__in=RelationshipParty.objects.filter(
                relationship__mapping_rounds__round=round_
            ).values("organisation_id"),
        ).order_by("name", "id")
    )


@dataclass(frozen=True)
class MapFilters:
    type: str = ""
    department: str = ""  # organisation public_id
    scale: str = ""

    @classmethod
    def from_query(cls, query) -> MapFilters:
        return cls(
            type=(query.get("type") or "")[:80],
            department=(query.get("department") or "")[:80],
            scale=(query.get("scale") or "")[:40],
        )

    @property
    def active(self) -> bool:
        return bool(self.type or self.department or self.scale)

    def keeper(self, departments: list[Organisation]) -> Callable[[ListedRelationship], bool]:
        """Whether a relationship passes the filters; `departments` are the round's, among
        which the department asked for is found (an unknown one keeps nothing)."""
        department = None
        if self.department:
            department = next(
                (o.pk for o in departments if str(o.public_id) == self.department), -1
            )

        def keep(relationship: ListedRelationship) -> bool:
            if self.type and all(t.type_slug != self.type for t in relationship.types):
                return False
            if self.scale and relationship.scale != self.scale:
                return False
            return department is None or any(
                p.organisation_id == department for p in relationship.parties
            )

        return keep


@dataclass
class Item:
    """One relationship in the results, numbered for the charts and tables."""

    number: int
    relationship: ListedRelationship
    main_type: str
    positions: dict[str, scoring.Position | None] = field(default_factory=dict)

    @property
    def together(self) -> scoring.Position | None:
        return self.positions.get(scoring.TOGETHER)


@dataclass
class MappingResults:
    round: Round
    counts: ResponseCounts  # sent responses, for sealing and the sealed page's progress only
    threshold: int
    named: bool
    visible: bool
    vocab: Vocabulary
    items: list[Item]  # after filters
    all_items: list[Item]  # before filters
    scores: scoring.RoundScores | None  # every figure as it may be shown (None while sealed)
    filters: MapFilters
    departments: list[Organisation]

    @property
    def by_id(self) -> dict[int, Item]:
        return {i.relationship.pk: i for i in self.all_items}

    @property
    def responses(self) -> dict[str, object]:
        """The round's sent responses per side as they may be printed."""
        return self.scores.responses if self.scores else {}


def mapping_results(round_: Round, filters: MapFilters | None = None) -> MappingResults:
    """The round's results, with every figure decided from one table of all its cells, so
    that every output about the round shows the same figures; filters only choose which
    relationships to list."""
    filters = filters or MapFilters()
    counts = response_counts(round_)
    visible = round_results_visible(round_, counts)
    threshold = round_threshold(round_)
    vocab = vocabulary_for(round_.content_version)
    relationships = round_relationships_listed(round_) if visible else []
    departments = round_departments(round_) if visible else []
    scores = round_scores(round_, counts, threshold) if visible else None
    items = []
    type_titles: dict[str, str] = {}
    for number, relationship in enumerate(relationships, start=1):
        main = relationship.main_type_slug
        if main not in type_titles:
            type_titles[main] = vocab.type_title(main) if main else ""
        items.append(
            Item(
                number=number,
                relationship=relationship,
                main_type=type_titles[main],
                positions={
                    p: scores.positions[p].get(relationship.pk) for p in scoring.PERSPECTIVES
                },
            )
        )
    keep = filters.keeper(departments)
    return MappingResults(
        round=round_,
        counts=counts,
        threshold=threshold,
        named=not round_.is_anonymous,
        visible=visible,
        vocab=vocab,
        items=[i for i in items if keep(i.relationship)] if filters.active else items,
        all_items=items,
        scores=scores,
        filters=filters,
        departments=departments,
    )


def area_organisation_kinds(area) -> dict[int, tuple[str, Organisation]]:
    return {
        o.pk: (o.kind, o)
        for o in Organisation.objects.filter(area=area).select_related("parent").order_by("name")
    }


# --- comments -------------------------------------------------------------------------------


def shared_comment_rows(round_: Round) -> list[tuple[int, str, str, str, str]]:
    """(relationship id, side, comment, respondent name, organisation) for every comment in
    the round's sent responses that its writer agreed to share (one query). Names are only
    ever set in named rounds."""
    return list(
        Rating.objects.filter(
            response__round=round_,
            response__status=ResponseStatus.SUBMITTED,
            relationship__mapping_rounds__round=round_,
            share_comment=True,
        )
        .exclude(comment="")
        .values_list(
            "relationship_id",
            "response__side",
            "comment",
            "response__respondent_name",
            "response__organisation",
        )
        .order_by("relationship_id", "response__side", "comment")
    )
