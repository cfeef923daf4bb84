"""Writing to the register. Every save goes through ``relationship_create`` or
``relationship_update``: one transaction, rows for parties, types and qualities replaced to
match, and a ``RelationshipChange`` listing each field's before and after value.

``RelationshipData`` is the plain description of a relationship that the form and the bulk
import both build; ``relationship_problems`` is the one set of rules both check."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from toolkit.areas.models import FACILITATOR_ROLES, PARTICIPANT_ROLES, OrganisationKind, Side
from toolkit.framework.models import ContentVersion
from toolkit.framework.selectors import current_version

from .models import (
    Judgement,
    MeetingFrequency,
    RegionKind,
    RegisterSettings,
    Relationship,
    RelationshipChange,
    RelationshipParty,
    RelationshipQuality,
    RelationshipTypeLink,
    Scale,
    Status,
    Structure,
)
from .vocabulary import Vocabulary, vocabulary_for


def can_edit_register(membership) -> bool:
    """Facilitators always; council and VCS participants when a facilitator allows it."""
    if membership is None:
        return False
    if membership.role in FACILITATOR_ROLES:
        return True
    if membership.role in PARTICIPANT_ROLES:
        return RegisterSettings.objects.filter(
            area_id=membership.area_id, participants_may_edit=True
        ).exists()
    return False


def register_settings_save(area, *, participants_may_edit: bool) -> RegisterSettings:
    settings_row, _ = RegisterSettings.objects.update_or_create(
        area=area, defaults={"participants_may_edit": participants_may_edit}
    )
    return settings_row


@dataclass
class QualityAnswer:
    present: bool = False
    evidence: str = ""


@dataclass
class RelationshipData:
    """Everything about one relationship, as plain values (organisations as model rows).
    Made by ``relationship_data_build``."""

    title: str = ""
    parties: list = field(default_factory=list)  # areas.Organisation rows
    main_type: str = ""
    types: list[str] = field(default_factory=list)  # includes main_type
    description: str = ""
    started_on: datetime.date | None = None
    status: str = Status.ACTIVE
    notes: str = ""
    judgement: str = ""
    judgement_reasoning: str = ""
    scale: str = ""
    neighbourhoods: str = ""
    region_kind: str = ""
    structures: list[str] = field(default_factory=list)
    meeting_frequency: str = ""
    qualities: dict[str, QualityAnswer] = field(default_factory=dict)
    reference: str = ""


SCALAR_FIELDS = [
    "title",
    "description",
    "started_on",
    "status",
    "notes",
    "judgement",
    "judgement_reasoning",
    "scale",
    "neighbourhoods",
    "region_kind",
    "structures",
    "meeting_frequency",
]


def relationship_data_build(
    values: Mapping, *, parties, main_type: str, types=(), qualities=None
) -> RelationshipData:
    """The one way to make ``RelationshipData`` from a source (a form's cleaned data, an API
    request, a saved relationship, the demo's specs): the reference and the plain fields are
    read from ``values`` by name, missing or empty ones taking their defaults; the main type
    leads the types."""
    plain = {name: values[name] for name in ("reference", *SCALAR_FIELDS) if values.get(name)}
    if "structures" in plain:
        plain["structures"] = list(plain["structures"])
    return RelationshipData(
        **plain,
        parties=list(parties),
        main_type=main_type,
        types=list(dict.fromkeys([main_type, *types] if main_type else types)),
        qualities=dict(qualities or {}),
    )


def party_side(organisation) -> str:
    return Side.VCS if organisation.kind == OrganisationKind.VCS else Side.COUNCIL


def judgement_problems(
    judgement: str, reasoning: str, qualities: Mapping[str, QualityAnswer], vocab: Vocabulary
) -> list[tuple[str, str]]:
    """The rules of step 1's judgement, whoever makes it (both sides together on the
    relationship, or one side alone: ``register.judgements``): a judgement needs its
    reasoning, and a quality said to be present needs its evidence."""
    problems = []
    if judgement and judgement not in Judgement.values:
        problems.append(("judgement", "Select strategic, becoming strategic or not strategic"))
    if judgement and not reasoning.strip():
        problems.append(("judgement_reasoning", "Say why you reached this judgement"))
    for slug, answer in qualities.items():
        if slug not in vocab.qualities:
            problems.append((f"quality_{slug}", "This is not one of the seven qualities"))
        elif answer.present and not answer.evidence.strip():
            problems.append(
                (
                    f"evidence_{slug}",
                    f"Say why the relationship has the quality ‘{vocab.qualities[slug].title}’",
                )
            )
    return problems


def relationship_problems(data: RelationshipData, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(field, message) for each rule the data breaks; empty when it can be saved. Field names
    are the form's; the import maps them to its columns."""
    problems = []
    if not data.title.strip():
        problems.append(("title", "Enter a name for the relationship"))
    elif len(data.title) > 200:
        problems.append(("title", "The name must be 200 characters or fewer"))
    if len({p.pk for p in data.parties}) < 2:
        problems.append(
            (
                "parties",
                "Select at least two parties: the council side and the VCS side, or two "
                "VCS organisations",
            )
        )
    if not data.main_type:
        problems.append(("main_type", "Select the relationship's main type"))
    elif data.main_type not in vocab.types:
        problems.append(("main_type", "Select a type from the typology"))
    unknown = [t for t in data.types if t not in vocab.types]
    if unknown:
        problems.append(("types", "Select types from the typology"))
    if data.status not in Status.values:
        problems.append(("status", "Select whether the relationship is active, paused or ended"))
    if data.scale and data.scale not in Scale.values:
        problems.append(("scale", "Select neighbourhood, whole place or region"))
    if data.region_kind and data.region_kind not in RegionKind.values:
        problems.append(("region_kind", "Select the kind of region"))
    if data.region_kind and data.scale != Scale.REGION:
        problems.append(("region_kind", "Only choose a kind of region for a regional relationship"))
    if data.meeting_frequency and data.meeting_frequency not in MeetingFrequency.values:
        problems.append(("meeting_frequency", "Select how often the parties meet"))
    if any(s not in Structure.values for s in data.structures):
        problems.append(("structures", "Select structures from the list"))
    problems += judgement_problems(data.judgement, data.judgement_reasoning, data.qualities, vocab)
    if data.started_on and data.started_on > datetime.date.today() + datetime.timedelta(
        days=366 * 5
    ):
        problems.append(("started_on", "The start date must be a real date, not far in the future"))
    return problems


# --- change log ---------------------------------------------------------------------------


def _describe(data: RelationshipData, vocab: Vocabulary) -> dict[str, str]:
    """Each field as the text a person would read, for the change log."""
    labels = {
        **dict(Status.choices),
        **dict(Judgement.choices),
        **dict(Scale.choices),
        **dict(RegionKind.choices),
        **dict(MeetingFrequency.choices),
    }
    structures = dict(Structure.choices)
    described = {
        "Reference": data.reference,
        "Name": data.title,
        "Description": data.description,
        "Parties": "; ".join(sorted(p.name for p in data.parties)),
        "Main type": vocab.type_title(data.main_type),
        "Other types": "; ".join(
            vocab.type_title(t) for t in vocab.ordered_types(data.types) if t != data.main_type
        ),
        "Structures": "; ".join(
            structures.get(s, s) for s in Structure.values if s in data.structures
        ),
        "How often the parties meet": labels.get(data.meeting_frequency, ""),
        "Scale": labels.get(data.scale, ""),
        "Neighbourhoods or wards": data.neighbourhoods,
        "Kind of region": labels.get(data.region_kind, ""),
        "Judgement": labels.get(data.judgement, ""),
        "Reasoning for the judgement": data.judgement_reasoning,
        "Start date": data.started_on.strftime("%-d %B %Y") if data.started_on else "",
        "Status": labels.get(data.status, ""),
        "Notes": data.notes,
    }
    for slug, quality in vocab.qualities.items():
        answer = data.qualities.get(slug) or QualityAnswer()
        described[f"Quality: {quality.title}"] = "Present" if answer.present else "Not present"
        described[f"Why: {quality.title}"] = answer.evidence
    return described


def described_changes(before: dict[str, str], after: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"field": key, "before": before.get(key, ""), "after": value}
        for key, value in after.items()
        if before.get(key, "") != value
    ]


def relationship_data(relationship: Relationship) -> RelationshipData:
    """The saved relationship as ``RelationshipData`` (parties, types and qualities are read
    from prefetched rows where the caller prefetched them)."""
    types = list(relationship.types.all())
    return relationship_data_build(
        {name: getattr(relationship, name) for name in ("reference", *SCALAR_FIELDS)},
        parties=[p.organisation for p in relationship.parties.all()],
        main_type=next((t.type_slug for t in types if t.is_main), ""),
        types=[t.type_slug for t in types],
        qualities={
            q.quality_slug: QualityAnswer(q.present, q.evidence)
            for q in relationship.qualities.all()
        },
    )


# --- writing ------------------------------------------------------------------------------


class RelationshipInvalid(ValueError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(message for _field, message in problems))


def _normalise(data: RelationshipData) -> None:
    if data.main_type and data.main_type not in data.types:
        data.types = [data.main_type, *data.types]
    data.types = list(dict.fromkeys(data.types))
    data.structures = [s for s in Structure.values if s in set(data.structures)]
    data.title = data.title.strip()
    if data.scale != Scale.REGION:
        data.region_kind = ""
    for answer in data.qualities.values():
        answer.evidence = answer.evidence.strip()


def _next_reference(area) -> str:
    numbers = [
        int(ref[4:])
        for ref in Relationship.objects.filter(area=area, reference__startswith="REL-").values_list(
            "reference", flat=True
        )
        if ref[4:].isdigit()
    ]
    return f"REL-{(max(numbers) + 1) if numbers else 1:04d}"


def _write_rows(relationship: Relationship, data: RelationshipData, vocab: Vocabulary) -> None:
    relationship.parties.all().delete()
    relationship.types.all().delete()
    relationship.qualities.all().delete()
    seen = set()
    parties = []
    for organisation in data.parties:
        if organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        parties.append(
            RelationshipParty(
                relationship=relationship,
                organisation=organisation,
                side=party_side(organisation),
            )
        )
    RelationshipParty.objects.bulk_create(parties)
    RelationshipTypeLink.objects.bulk_create(
        RelationshipTypeLink(relationship=relationship, type_slug=t, is_main=t == data.main_type)
        for t in data.types
    )
    RelationshipQuality.objects.bulk_create(
        RelationshipQuality(
            relationship=relationship,
            quality_slug=slug,
            present=(data.qualities.get(slug) or QualityAnswer()).present,
            evidence=(data.qualities.get(slug) or QualityAnswer()).evidence,
        )
        for slug in vocab.qualities
    )


def relationship_create(
    area,
    data: RelationshipData,
    *,
    user=None,
    source: str = RelationshipChange.Source.FORM,
    version: ContentVersion | None = None,
) -> Relationship:
    version = version or current_version()
    vocab = vocabulary_for(version)
    _normalise(data)
    problems = relationship_problems(data, vocab)
    if any(p.area_id != area.pk for p in data.parties):
        problems.append(("parties", "Select parties from this area"))
    if problems:
        raise RelationshipInvalid(problems)
    with transaction.atomic():
        data.reference = data.reference.strip() or _next_reference(area)
        relationship = Relationship(
            area=area,
            reference=data.reference,
            content_version=version,
            created_by=user,
            updated_by=user,
            **{name: getattr(data, name) for name in SCALAR_FIELDS},
        )
        relationship.save()
        _write_rows(relationship, data, vocab)
        RelationshipChange.objects.create(
            relationship=relationship,
            changed_by=user,
            created=True,
            source=source,
            changes=described_changes({}, {k: v for k, v in _describe(data, vocab).items() if v}),
        )
    return relationship


def relationship_changes(
    relationship: Relationship, data: RelationshipData
) -> list[dict[str, str]]:
    """What ``relationship_update`` would change, field by field, without writing anything
    (for an import's preview). ``data`` is normalised as saving would."""
    vocab = vocabulary_for(relationship.content_version)
    _normalise(data)
    data.reference = relationship.reference
    return described_changes(
        _describe(relationship_data(relationship), vocab), _describe(data, vocab)
    )


def relationship_described(data: RelationshipData, vocab: Vocabulary) -> dict[str, str]:
    """Each field of a new relationship as a person reads it (empty fields left out)."""
    _normalise(data)
    return {k: v for k, v in _describe(data, vocab).items() if v}


class RelationshipChanged(Exception):
    """Someone else saved the relationship after the form being sent was opened."""

    def __init__(self, relationship: Relationship):
        self.relationship = relationship  # as saved now
        last = relationship.changes.select_related("changed_by").order_by("-pk").first()
        self.changed_by = last.changed_by if last else None
        super().__init__(f"{relationship.reference} was changed by someone else")


def relationship_version(relationship: Relationship) -> str:
    """What a form carries to notice a save made after it was opened: the last save's time."""
    return relationship.updated_at.isoformat()


def relationship_update(
    relationship: Relationship,
    data: RelationshipData,
    *,
    user=None,
    source: str = RelationshipChange.Source.FORM,
    expected_version: str | None = None,
) -> list[dict[str, str]]:
    """Save the new values; returns the changes (empty, and nothing written, if none). With
    `expected_version` (relationship_version when the form was opened), RelationshipChanged
    if it was saved since, rather than overwriting that save unseen."""
    vocab = vocabulary_for(relationship.content_version)
    _normalise(data)
    data.reference = relationship.reference
    problems = relationship_problems(data, vocab)
    if any(p.area_id != relationship.area_id for p in data.parties):
        problems.append(("parties", "Select parties from this area"))
    if problems:
        raise RelationshipInvalid(problems)
    with transaction.atomic():
        locked = Relationship.objects.select_for_update().get(pk=relationship.pk)
        if expected_version and relationship_version(locked) != expected_version:
            raise RelationshipChanged(locked)
        before = _describe(relationship_data(locked), vocab)
        changes = described_changes(before, _describe(data, vocab))
        if not changes:
            return []
        for name in SCALAR_FIELDS:
            setattr(locked, name, getattr(data, name))
        locked.updated_by = user
        locked.save()
        _write_rows(locked, data, vocab)
        RelationshipChange.objects.create(
            relationship=locked, changed_by=user, source=source, changes=changes
        )
    for name in SCALAR_FIELDS:
        setattr(relationship, name, getattr(locked, name))
    return changes
