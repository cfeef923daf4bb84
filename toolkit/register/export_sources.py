"""What each row of the register's export is made from, read for the whole area at once: one
query for the relationships, one for each kind of row that hangs off them (parties, types,
qualities, leads, each side's judgement and its qualities) and one for their content
versions, then plain Python over the values. Eight queries whatever the area's size, and no
model row per party, quality or lead, which is where the time went when each relationship was
read with its prefetched rows (docs/adr/0027).

``transfer.export_row`` turns a source into the row; the sources equal those read one
relationship at a time (``services.relationship_data``, ``leads.leads_of``,
``judgements.compare``), which ``tests/test_export_sources.py`` checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from toolkit.framework.models import ContentVersion

from .judgements import Comparison, JudgementData, comparison_build
from .models import (
    Lead,
    Relationship,
    RelationshipParty,
    RelationshipQuality,
    RelationshipTypeLink,
    SideJudgement,
    SideQuality,
    lead_display_name,
)
from .services import SCALAR_FIELDS, QualityAnswer, RelationshipData, relationship_data_build
from .vocabulary import vocabulary_for


@dataclass(frozen=True)
class ExportSource:
    """One relationship as the export writes it."""

    reference: str
    data: RelationshipData  # its parties are in ``parties``, by organisation id
    parties: list[tuple[str, int]]  # (side, organisation id), in the register's order
    leads: dict[str, tuple[str, str]]  # side: (name, job title), for the sides that have one
    comparison: Comparison


def _answers(rows) -> dict[str, QualityAnswer]:
    return {r["quality_slug"]: QualityAnswer(r["present"], r["evidence"]) for r in rows}


def _grouped(qs, key: str) -> dict[int, list[dict]]:
    """The rows of ``qs`` as values, by ``key``, each group in the query's order."""
    groups: dict[int, list[dict]] = defaultdict(list)
    for row in qs:
        groups[row[key]].append(row)
    return groups


def export_sources(area) -> list[ExportSource]:
    """Every relationship of the area in the export's order (reference, then id)."""
    in_area = {"relationship__area": area}
    relationships = list(
        Relationship.objects.filter(area=area)
        .order_by("reference", "id")
        .only("id", "reference", "content_version_id", *SCALAR_FIELDS)
    )
    parties = _grouped(
        RelationshipParty.objects.filter(**in_area)
        .order_by("side", "organisation__name")
        .values("relationship_id", "side", "organisation_id"),
        "relationship_id",
    )
    types = _grouped(
        RelationshipTypeLink.objects.filter(**in_area)
        .order_by("-is_main", "id")
        .values("relationship_id", "type_slug", "is_main"),
        "relationship_id",
    )
    qualities = _grouped(
        RelationshipQuality.objects.filter(**in_area)
        .order_by("id")
        .values("relationship_id", "quality_slug", "present", "evidence"),
        "relationship_id",
    )
    leads = _grouped(
        Lead.objects.filter(**in_area)
        .order_by("side", "id")
        .values("relationship_id", "side", "name", "job_title", "member__user__full_name"),
        "relationship_id",
    )
    side_qualities = _grouped(
        SideQuality.objects.filter(side_judgement__relationship__area=area)
        .order_by("id")
        .values("side_judgement_id", "quality_slug", "present", "evidence"),
        "side_judgement_id",
    )
    side_judgements: dict[int, dict[str, JudgementData]] = defaultdict(dict)
    for row in (
        SideJudgement.objects.filter(**in_area)
        .order_by("side", "id")
        .values("id", "relationship_id", "side", "judgement", "judgement_reasoning")
    ):
        side_judgements[row["relationship_id"]].setdefault(
            row["side"],
            JudgementData(
                row["judgement"], row["judgement_reasoning"], _answers(side_qualities[row["id"]])
            ),
        )
    versions = {
        v.pk: vocabulary_for(v)
        for v in ContentVersion.objects.filter(pk__in={r.content_version_id for r in relationships})
    }

    sources = []
    for relationship in relationships:
        pk = relationship.pk
        type_rows = types[pk]
        joint = _answers(qualities[pk])
        data = relationship_data_build(
            {name: getattr(relationship, name) for name in ("reference", *SCALAR_FIELDS)},
            parties=[],
            main_type=next((t["type_slug"] for t in type_rows if t["is_main"]), ""),
            types=[t["type_slug"] for t in type_rows],
            qualities=joint,
        )
        comparison = comparison_build(
            relationship,
            versions[relationship.content_version_id],
            JudgementData(relationship.judgement, relationship.judgement_reasoning, joint),
            side_judgements[pk],
        )
        sources.append(
            ExportSource(
                relationship.reference,
                data,
                [(p["side"], p["organisation_id"]) for p in parties[pk]],
                {
                    lead["side"]: (
                        lead_display_name(lead["name"], lead["member__user__full_name"]),
                        lead["job_title"],
                    )
                    for lead in leads[pk]
                },
                comparison,
            )
        )
    return sources
