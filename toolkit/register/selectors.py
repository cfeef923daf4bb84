"""Reading the register. Each function runs a fixed number of queries however many
relationships the area has (related rows are prefetched)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from toolkit.areas.models import Organisation, OrganisationKind

from . import judgements
from .leads import leads_search
from .models import (
    Judgement,
    Lead,
    Relationship,
    RelationshipChange,
    RelationshipParty,
    RelationshipQuality,
    RelationshipTypeLink,
    Scale,
    SideJudgement,
    SideQuality,
)

SORTS = {
    "title": ("Name (A to Z)", ["title", "id"]),
    "-updated": ("Most recently changed", ["-updated_at", "-id"]),
    "started": ("Start date (oldest first)", ["started_on", "title", "id"]),
    "qualities": ("Most strategic qualities first", ["-quality_count", "title", "id"]),
    "reference": ("Reference", ["reference", "id"]),
}
DEFAULT_SORT = "title"


@dataclass(frozen=True)
class RegisterFilters:
    type: str = ""
    department: str = ""  # organisation public_id
    scale: str = ""
    judgement: str = ""
    organisation: str = ""  # organisation public_id
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, query) -> RegisterFilters:
        def pick(name, allowed=None):
            value = (query.get(name) or "").strip()[:80]
            if allowed is not None and value not in allowed:
                return ""
            return value

        sort = pick("sort", SORTS) or DEFAULT_SORT
        return cls(
            type=pick("type"),
            department=pick("department"),
            scale=pick("scale", {*Scale.values, "none"}),
            judgement=pick("judgement", {*Judgement.values, "none"}),
            organisation=pick("organisation"),
            sort=sort,
        )

    @property
    def active(self) -> bool:
        return any([self.type, self.department, self.scale, self.judgement, self.organisation])


def with_parties_and_types(qs: QuerySet[Relationship]) -> QuerySet[Relationship]:
    """Relationships with their parties (and organisations) and types prefetched, in the
    order pages show them. Shared by the register and the maps."""
    return qs.prefetch_related(
        Prefetch(
            "parties",
            queryset=RelationshipParty.objects.select_related(
                "organisation", "organisation__parent"
            ).order_by("side", "organisation__name"),
        ),
        Prefetch("types", queryset=RelationshipTypeLink.objects.order_by("-is_main", "id")),
    )


def _with_rows(qs: QuerySet[Relationship]) -> QuerySet[Relationship]:
    return with_parties_and_types(qs).prefetch_related(
        Prefetch("qualities", queryset=RelationshipQuality.objects.order_by("id"))
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def relationships_for_area(area, filters: RegisterFilters | None = None) -> QuerySet[Relationship]:
    """The area's relationships, filtered and sorted, with parties, types and qualities
    prefetched (4 queries to evaluate, plus 1 to count)."""
    filters = filters or RegisterFilters()
    qs = Relationship.objects.filter(area=area)
    if filters.type:
        qs = qs.filter(
            id__in=RelationshipTypeLink.objects.filter(type_slug=filters.type).values(
                "relationship_id"
            )
        )
    if filters.scale:
        qs = qs.filter(scale="" if filters.scale == "none" else filters.scale)
    if filters.judgement:
        qs = qs.filter(judgement="" if filters.judgement == "none" else filters.judgement)
    for value in (filters.department, filters.organisation):
        if value:
            if not _is_uuid(value):
                return qs.none()
            qs = qs.filter(
                id__in=RelationshipParty.objects.filter(
                    organisation__public_id=value, organisation__area=area
                ).values("relationship_id")
            )
    qs = qs.annotate(
        quality_count=Count("qualities", filter=Q(qualities__present=True), distinct=True)
    )
    return _with_rows(qs.order_by(*SORTS[filters.sort][1]))


def relationship_for_area(area, public_id) -> Relationship | None:
    return with_leads(
        _with_rows(
            Relationship.objects.filter(area=area, public_id=public_id).select_related(
                "content_version", "created_by", "updated_by"
            )
        )
    ).first()


def relationship_history(relationship: Relationship) -> QuerySet[RelationshipChange]:
    return relationship.changes.select_related("changed_by").order_by("-changed_at", "-id")


def filter_options(area) -> dict:
    """Departments and organisations that are party to at least one relationship, for the
    register's filters (one query)."""
    organisations = list(
        Organisation.objects.filter(area=area, relationship_parties__isnull=False)
        .distinct()
        .select_related("parent")
        .order_by("name")
    )
    return {
        "departments": [o for o in organisations if o.kind == OrganisationKind.DEPARTMENT],
        "organisations": [o for o in organisations if o.kind != OrganisationKind.DEPARTMENT],
    }


def register_counts(area) -> dict:
    return Relationship.objects.filter(area=area).aggregate(
        total=Count("id"),
        strategic=Count("id", filter=Q(judgement=Judgement.STRATEGIC)),
        becoming=Count("id", filter=Q(judgement=Judgement.BECOMING)),
        not_strategic=Count("id", filter=Q(judgement=Judgement.NOT_STRATEGIC)),
        unjudged=Count("id", filter=Q(judgement="")),
    )


def with_leads(qs: QuerySet) -> QuerySet:
    """Relationships or organisations with their leads (and the leads' accounts)."""
    return qs.prefetch_related(
        Prefetch("leads", queryset=Lead.objects.select_related("member__user").order_by("side"))
    )


# --- who to talk to ------------------------------------------------------------------------

DIRECTORY_KINDS = {"relationships": "Relationships", "organisations": "Organisations"}


def directory_for_area(area, *, kind: str = "relationships", query: str = "") -> QuerySet:
    """Relationships (or organisations) with their council and VCS leads, narrowed to those
    whose name, reference or identifier, or whose leads' names or job titles, contain
    `query` (2 queries to evaluate a page, plus 1 to count)."""
    if kind == "organisations":
        qs = Organisation.objects.filter(area=area).select_related("parent")
        matches = Q(name__icontains=query) | Q(org_id__icontains=query)
        order = ["kind", "name", "id"]
    else:
        qs = Relationship.objects.filter(area=area)
        matches = Q(title__icontains=query) | Q(reference__icontains=query)
        order = ["title", "id"]
    if query:
        found = qs.filter(matches | leads_search(query)).values("pk")
        qs = qs.filter(pk__in=found)
    return with_leads(qs.order_by(*order))


# --- step 1 by each side ------------------------------------------------------------------


def _side_judgements() -> Prefetch:
    return Prefetch(
        "side_judgements",
        queryset=SideJudgement.objects.order_by("side").prefetch_related(
            Prefetch("qualities", queryset=SideQuality.objects.order_by("id"))
        ),
    )


def with_side_judgements(qs: QuerySet[Relationship]) -> QuerySet[Relationship]:
    """Relationships with the joint qualities and each side's judgement and qualities
    prefetched (three queries beyond the relationships), for ``judgements.compare``."""
    return qs.select_related("content_version").prefetch_related(
        Prefetch("qualities", queryset=RelationshipQuality.objects.order_by("id")),
        _side_judgements(),
    )


def judgement_comparison(area, public_id) -> judgements.Comparison | None:
    """One relationship of the area judged by both sides together, the council side and the
    VCS side, side by side (or None if the area has no such relationship)."""
    relationship = with_side_judgements(
        with_parties_and_types(Relationship.objects.filter(area=area, public_id=public_id))
    ).first()
    return judgements.compare(relationship) if relationship else None


def judgement_comparison_of(relationship: Relationship) -> judgements.Comparison:
    """The same for a relationship already read with its qualities (its page's): only each
    side's judgements are read (two queries)."""
    prefetch_related_objects(
        [relationship],
        _side_judgements(),
    )
    return judgements.compare(relationship)


def judgement_comparisons(area, relationship_ids=None) -> list[judgements.Comparison]:
    """Every relationship of the area (or those with the given ids), in the register's order,
    each compared across the three views (four queries however many there are)."""
    qs = Relationship.objects.filter(area=area)
    if relationship_ids is not None:
        qs = qs.filter(pk__in=list(relationship_ids))
    return [judgements.compare(r) for r in with_side_judgements(qs.order_by("title", "id"))]


def judgement_disagreements(area, relationship_ids=None) -> list[judgements.Disagreement]:
    """What the council side and the VCS side judged differently in step 1, for the
    workshop's agenda and the register's pages: for each relationship both sides have judged,
    the judgement if they differ, then each quality one side sees and the other does not.
    Relationships in the register's order; ``relationship_ids`` limits them (for example, to
    a round's)."""
    return [
        disagreement
        for comparison in judgement_comparisons(area, relationship_ids)
        for disagreement in comparison.disagreements
    ]
