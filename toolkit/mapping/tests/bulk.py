"""Build a large mapping round quickly (bulk inserts), for the query-count tests and the
benchmark in bench/mapping_results.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from toolkit.areas.models import Area, Organisation, OrganisationKind, Side
from toolkit.framework.testing import load_framework_for_tests
from toolkit.mapping.models import MappingAnswer, Rating, RoundRelationship
from toolkit.register.models import Relationship, RelationshipParty, RelationshipTypeLink
from toolkit.rounds.models import (
    AssessmentKind,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)
from toolkit.rounds.tasks import round_figures_store

TYPES = ["shaping", "ongoing", "neighbourhood", "commissioning", "delivery"]
SCALES = ["neighbourhood", "whole-place", "region", ""]


def build_mapping_round(
    *,
    gss_code: str = "E90000777",
    relationships: int = 1000,
    ratings: int = 5000,
    respondents_per_side: int = 25,
    departments: int = 20,
    vcs_organisations: int = 200,
    organisation_fields: Callable[[int], dict] | None = None,
    relationship_fields: Callable[[int], dict] | None = None,
    store_figures: bool = True,
) -> Round:
    """`organisation_fields(i)` and `relationship_fields(i)`, when given, add fields to the
    i-th VCS organisation and relationship (tests/scale/bulk.py makes them realistic)."""
    version = load_framework_for_tests()
    area = Area.objects.create(gss_code=gss_code, name=f"Bulkshire {gss_code}")
    council = Organisation.objects.create(area=area, kind=OrganisationKind.COUNCIL, name="Council")
    Organisation.objects.bulk_create(
        Organisation(area=area, kind=OrganisationKind.DEPARTMENT, name=f"Dept {i}", parent=council)
        for i in range(departments)
    )
    Organisation.objects.bulk_create(
        Organisation(
            area=area,
            kind=OrganisationKind.VCS,
            name=f"Group {i}",
            **(organisation_fields(i) if organisation_fields else {}),
        )
        for i in range(vcs_organisations)
    )
    depts = list(Organisation.objects.filter(area=area, kind=OrganisationKind.DEPARTMENT))
    groups = list(Organisation.objects.filter(area=area, kind=OrganisationKind.VCS))
    Relationship.objects.bulk_create(
        Relationship(
            area=area,
            reference=f"B-{i:05d}",
            title=f"Relationship {i:05d}",
            content_version=version,
            scale=SCALES[i % len(SCALES)],
            **(relationship_fields(i) if relationship_fields else {}),
        )
        for i in range(relationships)
    )
    rels = list(Relationship.objects.filter(area=area).order_by("id"))
    parties, types = [], []
    for i, r in enumerate(rels):
        if i % 10 == 0:  # a VCS–VCS relationship
            members = [
                (groups[i % len(groups)], Side.VCS),
                (groups[(i + 7) % len(groups)], Side.VCS),
            ]
        else:
            members = [
                (depts[i % len(depts)], Side.COUNCIL),
                (groups[(i * 3) % len(groups)], Side.VCS),
            ]
        parties += [RelationshipParty(relationship=r, organisation=o, side=s) for o, s in members]
        types.append(RelationshipTypeLink(relationship=r, type_slug=TYPES[i % 5], is_main=True))
        if i % 4 == 0:
            types.append(RelationshipTypeLink(relationship=r, type_slug=TYPES[(i + 1) % 5]))
    RelationshipParty.objects.bulk_create(parties)
    RelationshipTypeLink.objects.bulk_create(types)

    now = timezone.now()
    round_ = Round.objects.create(
        area=area,
        name="Bulk mapping round",
        status=RoundStatus.CLOSED,
        opened_on=datetime.date(2026, 1, 5),
        closed_at=now,
        content_version=version,
        includes_mapping=True,
        assessment=AssessmentKind.NONE,
    )
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=round_, relationship=r) for r in rels
    )
    Response.objects.bulk_create(
        Response(
            round=round_,
            side=side,
            status=ResponseStatus.SUBMITTED,
            started_on=datetime.date(2026, 1, 5),
            submitted_on=datetime.date(2026, 1, 6),
        )
        for side in (Side.COUNCIL, Side.VCS)
        for _ in range(respondents_per_side)
    )
    responses = list(Response.objects.filter(round=round_).order_by("id"))
    MappingAnswer.objects.bulk_create(MappingAnswer(response=r) for r in responses)
    per_response = max(1, ratings // len(responses))
    rows = []
    for n, response in enumerate(responses):
        for k in range(per_response):
            r = rels[(n * per_response + k) % len(rels)]
            rows.append(
                Rating(
                    response=response,
                    relationship=r,
                    strategic=1 + (n + k) % 5,
                    proactive=1 + (n * 2 + k) % 5,
                    financial=(n + 2 * k) % 6,  # 0 = don't know
                    time=1 + k % 5,
                    scales=[SCALES[k % 3]],
                )
            )
    Rating.objects.bulk_create(rows, batch_size=1000)
    if store_figures:  # as closing the round does (rounds.services.round_close)
        round_figures_store.call(round_.pk)
    return round_
