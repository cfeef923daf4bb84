"""Bulk import and export of the register as CSV or XLSX.

One row per relationship, in the columns of ``columns(vocab)``. Rows are matched on the
Reference column, so importing the same file twice changes nothing the second time, and an
export re-imports unchanged. An import is all or nothing: every row is checked first, and a
report lists each problem (row number, column, what is wrong, how to fix it); only a file with
no problems is saved, in one transaction."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction

from toolkit.areas.models import Organisation, OrganisationKind
from toolkit.framework.selectors import current_version

from . import services
from .models import (
    Judgement,
    MeetingFrequency,
    RegionKind,
    Relationship,
    RelationshipChange,
    Scale,
    Status,
    Structure,
)
from .selectors import relationships_for_export
from .services import QualityAnswer, RelationshipData
from .spreadsheet import SpreadsheetError, csv_bytes, read_rows, unneutralise, xlsx_bytes
from .vocabulary import Vocabulary, vocabulary_for

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
LIST_SEPARATOR = ";"
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    guidance: str
    required: bool = False


def _choices_text(choices) -> str:
    return ", ".join(label for _value, label in choices)


def columns(vocab: Vocabulary) -> list[Column]:
    type_names = ", ".join(vocab.type_short(s) for s in vocab.types)
    cols = [
        Column(
            "reference",
            "Reference",
            "A short code for the relationship that never changes, like REL-0001. Rows are "
            "matched on it, so importing the same file again updates rather than duplicates.",
            True,
        ),
        Column("title", "Name", "What people call the relationship.", True),
        Column("description", "Description", "What it is for and how it works."),
        Column(
            "council_parties",
            "Council parties",
            "The council and its departments or service areas taking part, as named on the "
            "Organisations page, separated by semicolons. Leave empty for a VCS–VCS "
            "relationship.",
        ),
        Column(
            "vcs_parties",
            "VCS parties",
            "Voluntary and community organisations taking part, as named on the Organisations "
            "page (or by identifier, like GB-CHC-1234567), separated by semicolons.",
        ),
        Column("main_type", "Main type", f"One of: {type_names}.", True),
        Column(
            "other_types",
            "Other types",
            "For a blend, the other types, separated by semicolons.",
        ),
        Column(
            "structures",
            "Structures",
            f"Separated by semicolons, from: {_choices_text(Structure.choices)}.",
        ),
        Column(
            "meeting_frequency",
            "How often the parties meet",
            f"One of: {_choices_text(MeetingFrequency.choices)}.",
        ),
        Column("scale", "Scale", f"One of: {_choices_text(Scale.choices)}."),
        Column("neighbourhoods", "Neighbourhoods or wards", "For neighbourhood relationships."),
        Column(
            "region_kind",
            "Kind of region",
            f"For regional relationships, one of: {_choices_text(RegionKind.choices)}.",
        ),
        Column("judgement", "Judgement", f"One of: {_choices_text(Judgement.choices)}."),
        Column(
            "judgement_reasoning",
            "Reasoning for the judgement",
            "Why you judged it so. Needed when there is a judgement.",
        ),
    ]
    for slug, quality in vocab.qualities.items():
        cols.append(
            Column(
                f"quality:{slug}",
                f"Quality: {quality.title}",
                f"Yes or no. {quality.prompt}",
            )
        )
        cols.append(
            Column(
                f"why:{slug}",
                f"Why: {quality.title}",
                "The evidence that the quality is present. Needed when the answer is yes.",
            )
        )
    cols += [
        Column("started_on", "Start date", "As 2021-04-01 or 1/4/2021."),
        Column("status", "Status", f"One of: {_choices_text(Status.choices)}. Empty means active."),
        Column("notes", "Notes", "Anything else."),
    ]
    return cols


# --- export -------------------------------------------------------------------------------


def _party_names(area) -> dict[int, str]:
    """How each organisation is written in a file: its name, or 'Name (Council)' for a
    department whose name another organisation in the area shares."""
    organisations = list(Organisation.objects.filter(area=area).select_related("parent"))
    counts: dict[str, int] = {}
    for o in organisations:
        counts[o.name.casefold()] = counts.get(o.name.casefold(), 0) + 1
    return {o.pk: (str(o) if counts[o.name.casefold()] > 1 else o.name) for o in organisations}


def export_rows(area, vocab: Vocabulary) -> list[list[str]]:
    names = _party_names(area)
    labels = {
        **dict(Status.choices),
        **dict(Judgement.choices),
        **dict(Scale.choices),
        **dict(RegionKind.choices),
        **dict(MeetingFrequency.choices),
    }
    structures = dict(Structure.choices)
    keys = [c.key for c in columns(vocab)]
    rows = []
    for relationship in relationships_for_export(area):
        data = services.relationship_data(relationship)
        parties = relationship.parties.all()
        values = {
            "reference": relationship.reference,
            "title": data.title,
            "description": data.description,
            "council_parties": f"{LIST_SEPARATOR} ".join(
                names[p.organisation_id] for p in parties if p.side == "council"
            ),
            "vcs_parties": f"{LIST_SEPARATOR} ".join(
                names[p.organisation_id] for p in parties if p.side == "vcs"
            ),
            "main_type": vocab.type_short(data.main_type) if data.main_type else "",
            "other_types": f"{LIST_SEPARATOR} ".join(
                vocab.type_short(t) for t in vocab.ordered_types(data.types) if t != data.main_type
            ),
            "structures": f"{LIST_SEPARATOR} ".join(structures[s] for s in data.structures),
            "meeting_frequency": labels.get(data.meeting_frequency, ""),
            "scale": labels.get(data.scale, ""),
            "neighbourhoods": data.neighbourhoods,
            "region_kind": labels.get(data.region_kind, ""),
            "judgement": labels.get(data.judgement, ""),
            "judgement_reasoning": data.judgement_reasoning,
            "started_on": data.started_on.isoformat() if data.started_on else "",
            "status": labels.get(data.status, ""),
            "notes": data.notes,
        }
        for slug in vocab.qualities:
            answer = data.qualities.get(slug) or QualityAnswer()
            values[f"quality:{slug}"] = "yes" if answer.present else "no"
            values[f"why:{slug}"] = answer.evidence
        rows.append([values[k] for k in keys])
    return rows


def guidance_rows(vocab: Vocabulary) -> list[list[str]]:
    return [
        [c.header, "Required" if c.required else "Optional", c.guidance] for c in columns(vocab)
    ]


def register_file(area, fmt: str, *, template: bool = False) -> bytes:
    vocab = vocabulary_for(current_version())
    header = [c.header for c in columns(vocab)]
    rows = [] if template else export_rows(area, vocab)
    if fmt == "csv":
        return csv_bytes(header, rows)
    return xlsx_bytes(
        [
            ("Relationships", header, rows),
            ("How to fill this in", ["Column", "Required?", "What to enter"], guidance_rows(vocab)),
        ]
    )


# --- import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number (the header is row 1); None for the whole file
    column: str
    problem: str
    fix: str


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _lookup(choices) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[value.casefold()] = value
        table[label.casefold()] = value
    return table


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _parse_date(text: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


YES = {"yes", "y", "true", "1", "present"}
NO = {"no", "n", "false", "0", "", "not present"}

RULE_WHAT = {
    "title": ("Name", "The name is missing or too long"),
    "parties": ("VCS parties", "The relationship has fewer than two parties"),
    "main_type": ("Main type", "The main type is missing"),
    "judgement_reasoning": ("Reasoning for the judgement", "There is a judgement but no reasoning"),
    "region_kind": (
        "Kind of region",
        "A kind of region is given for a relationship that is not regional",
    ),
}


class _Organisations:
    def __init__(self, area):
        self.by_key: dict[str, list[Organisation]] = {}
        for o in Organisation.objects.filter(area=area).select_related("parent"):
            for key in {o.name, str(o), o.org_id}:
                if key:
                    self.by_key.setdefault(key.casefold(), []).append(o)

    def find(self, text: str) -> list[Organisation]:
        return list({o.pk: o for o in self.by_key.get(text.casefold(), [])}.values())


def _read_row(
    number: int,
    cells: dict[str, str],
    vocab: Vocabulary,
    orgs: _Organisations,
    headers: dict[str, str],
) -> tuple[RelationshipData | None, list[Problem]]:
    problems: list[Problem] = []

    def add(key, problem, fix):
        problems.append(Problem(number, headers.get(key, key), problem, fix))

    reference = cells.get("reference", "")
    if not reference:
        add(
            "reference",
            "The reference is empty",
            "Give every row a reference that stays the same, like REL-0001",
        )
    elif not REFERENCE_PATTERN.match(reference):
        add(
            "reference",
            f"‘{reference}’ is not a usable reference",
            "Use up to 40 letters, numbers, dots, dashes, slashes or underscores, like REL-0001",
        )

    parties = []
    for key, kinds, side_name in (
        ("council_parties", {OrganisationKind.COUNCIL, OrganisationKind.DEPARTMENT}, "council"),
        ("vcs_parties", {OrganisationKind.VCS}, "VCS"),
    ):
        for name in _split(cells.get(key, "")):
            found = orgs.find(name)
            if not found:
                add(
                    key,
                    f"No organisation in this area is called ‘{name}’",
                    "Check the spelling against the Organisations page, or add the "
                    "organisation first",
                )
            elif len(found) > 1:
                add(
                    key,
                    f"More than one organisation is called ‘{name}’",
                    "Write a department as ‘Department (Council)’, or use the organisation "
                    "identifier",
                )
            elif found[0].kind not in kinds:
                add(
                    key,
                    f"‘{name}’ is not a {side_name} organisation",
                    f"Move it to the {'VCS' if side_name == 'council' else 'council'} parties "
                    "column",
                )
            else:
                parties.append(found[0])

    type_lookup = {}
    for slug in vocab.types:
        for key in (slug, vocab.type_title(slug), vocab.type_short(slug)):
            type_lookup[key.casefold()] = slug
    main_type = ""
    if cells.get("main_type"):
        main_type = type_lookup.get(cells["main_type"].casefold(), "")
        if not main_type:
            add(
                "main_type",
                f"‘{cells['main_type']}’ is not a relationship type",
                "Use one of: " + ", ".join(vocab.type_short(s) for s in vocab.types),
            )
    other_types = []
    for name in _split(cells.get("other_types", "")):
        slug = type_lookup.get(name.casefold())
        if slug:
            other_types.append(slug)
        else:
            add(
                "other_types",
                f"‘{name}’ is not a relationship type",
                "Use types from: " + ", ".join(vocab.type_short(s) for s in vocab.types),
            )

    def choice(key, choices, what):
        text = cells.get(key, "")
        if not text:
            return ""
        value = _lookup(choices).get(text.casefold())
        if value is None:
            add(key, f"‘{text}’ is not a {what}", f"Use one of: {_choices_text(choices)}")
            return ""
        return value

    structure_lookup = _lookup(Structure.choices)
    structures = []
    for name in _split(cells.get("structures", "")):
        value = structure_lookup.get(name.casefold())
        if value:
            structures.append(value)
        else:
            add(
                "structures",
                f"‘{name}’ is not one of the structures",
                f"Use structures from: {_choices_text(Structure.choices)}",
            )

    started_on = None
    if cells.get("started_on"):
        try:
            started_on = _parse_date(cells["started_on"])
        except ValueError:
            add(
                "started_on",
                f"‘{cells['started_on']}’ is not a date",
                "Write the date as 2021-04-01 or 1/4/2021",
            )

    qualities = {}
    for slug in vocab.qualities:
        text = cells.get(f"quality:{slug}", "").casefold()
        if text in YES:
            present = True
        elif text in NO:
            present = False
        else:
            add(f"quality:{slug}", f"‘{text}’ is not yes or no", "Write yes or no")
            present = False
        qualities[slug] = QualityAnswer(present, cells.get(f"why:{slug}", ""))

    data = RelationshipData(
        reference=reference,
        title=cells.get("title", ""),
        description=cells.get("description", ""),
        parties=parties,
        main_type=main_type,
        types=[main_type, *other_types] if main_type else other_types,
        structures=structures,
        meeting_frequency=choice(
            "meeting_frequency", MeetingFrequency.choices, "meeting frequency"
        ),
        scale=choice("scale", Scale.choices, "scale"),
        neighbourhoods=cells.get("neighbourhoods", ""),
        region_kind=choice("region_kind", RegionKind.choices, "kind of region"),
        judgement=choice("judgement", Judgement.choices, "judgement"),
        judgement_reasoning=cells.get("judgement_reasoning", ""),
        started_on=started_on,
        status=choice("status", Status.choices, "status") or Status.ACTIVE,
        notes=cells.get("notes", ""),
        qualities=qualities,
    )
    if not problems:
        services._normalise(data)
        for key, message in services.relationship_problems(data, vocab):
            if key.startswith("evidence_"):
                column, what = f"why:{key.removeprefix('evidence_')}", "The evidence is missing"
            else:
                column, what = RULE_WHAT.get(key, (key, "This value cannot be used"))
                column = next((k for k, h in headers.items() if h == column), column)
            if key == "parties" and not cells.get("vcs_parties") and cells.get("council_parties"):
                column = "council_parties"
            add(column, what, message)
    return (None if problems else data), problems


def register_import(area, name: str, raw: bytes, *, user=None) -> ImportResult:
    result = ImportResult()
    if len(raw) > MAX_UPLOAD_BYTES:
        result.problems.append(
            Problem(None, "", "The file is larger than 2 MB", "Split it into smaller files")
        )
        return result
    try:
        rows = read_rows(name, raw, max_rows=MAX_ROWS)
    except SpreadsheetError as exc:
        result.problems.append(Problem(None, "", str(exc), "Download the template and use it"))
        return result
    if not rows:
        result.problems.append(
            Problem(None, "", "The file is empty", "Download the template and fill it in")
        )
        return result

    version = current_version()
    vocab = vocabulary_for(version)
    cols = columns(vocab)
    headers = {c.key: c.header for c in cols}
    by_header = {}
    for c in cols:
        by_header[c.header.casefold()] = c.key
        by_header[c.key.casefold()] = c.key
    positions: dict[str, int] = {}
    for index, text in enumerate(rows[0]):
        key = by_header.get(unneutralise(text).strip().casefold())
        if key and key not in positions:
            positions[key] = index
    missing = [c.header for c in cols if c.required and c.key not in positions]
    if missing:
        result.problems.append(
            Problem(
                1,
                ", ".join(missing),
                "The first row does not have the column headings of the template",
                "Keep the first row of the template as it is, and put relationships below it",
            )
        )
        return result

    orgs = _Organisations(area)
    parsed: list[RelationshipData] = []
    seen_refs: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        if not any(values):
            continue
        result.rows += 1
        cells = {
            key: unneutralise(values[i]) if i < len(values) else "" for key, i in positions.items()
        }
        data, problems = _read_row(number, cells, vocab, orgs, headers)
        reference = cells.get("reference", "").casefold()
        if reference in seen_refs:
            problems.append(
                Problem(
                    number,
                    headers["reference"],
                    f"Row {seen_refs[reference]} has the same reference",
                    "Give each relationship its own reference",
                )
            )
        elif reference:
            seen_refs[reference] = number
        result.problems.extend(problems)
        if data is not None and not problems:
            parsed.append(data)
    if result.problems:
        return result
    if not parsed:
        result.problems.append(
            Problem(None, "", "The file has no relationships in it", "Add a row per relationship")
        )
        return result

    existing = {
        r.reference.casefold(): r
        for r in Relationship.objects.filter(area=area)
        .select_related("content_version")
        .prefetch_related("parties__organisation", "types", "qualities")
    }
    with transaction.atomic():
        for data in parsed:
            relationship = existing.get(data.reference.casefold())
            if relationship is None:
                services.relationship_create(
                    area,
                    data,
                    user=user,
                    source=RelationshipChange.Source.IMPORT,
                    version=version,
                )
                result.created += 1
            elif services.relationship_update(
                relationship, data, user=user, source=RelationshipChange.Source.IMPORT
            ):
                result.updated += 1
            else:
                result.unchanged += 1
    return result
