"""The register as a CSV or XLSX file: its columns, the export and the blank template.

One row per relationship, in the columns of ``columns(vocab)``; ``register.importing`` reads
the same columns back, so an export re-imports unchanged. In XLSX, columns with a fixed list of
answers (types, scales, judgements, yes or no…) offer that list as a drop-down."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.areas.models import Organisation, Side
from toolkit.core.exports import Sheet, csv_bytes, xlsx_bytes
from toolkit.framework.selectors import current_version

from .export_sources import ExportSource, export_sources
from .judgements import Comparison
from .models import Judgement, MeetingFrequency, RegionKind, Scale, Status, Structure
from .services import QualityAnswer
from .vocabulary import Vocabulary, vocabulary_for

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    guidance: str
    required: bool = False
    choices: tuple[str, ...] = ()  # the one answer allowed, offered as a drop-down in XLSX


def _labels(choices) -> tuple[str, ...]:
    return tuple(label for _value, label in choices)


def choices_text(choices) -> str:
    return ", ".join(label for _value, label in choices)


LEAD_COLUMNS = {
    # side: (name column, job title column)
    "council": ("council_lead", "council_lead_job_title"),
    "vcs": ("vcs_lead", "vcs_lead_job_title"),
}


def lead_columns() -> list[Column]:
    """Who to talk to (register.leads). A file without these columns leaves the leads as
    they are; an empty cell removes the lead."""
    return [
        Column(
            "council_lead",
            "Council lead",
            "The council's named person for this relationship: a member of the area by the "
            "name they use here, or the name of someone without an account. Empty for none.",
        ),
        Column("council_lead_job_title", "Council lead's job title", "For example ‘Commissioner’."),
        Column(
            "vcs_lead",
            "VCS lead",
            "The voluntary and community sector's named person for this relationship, as for "
            "the council lead.",
        ),
        Column("vcs_lead_job_title", "VCS lead's job title", "For example ‘Chief officer’."),
    ]


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
        *lead_columns(),
        Column(
            "main_type",
            "Main type",
            f"One of: {type_names}.",
            True,
            tuple(vocab.type_short(s) for s in vocab.types),
        ),
        Column(
            "other_types",
            "Other types",
            "For a blend, the other types, separated by semicolons.",
        ),
        Column(
            "structures",
            "Structures",
            f"Separated by semicolons, from: {choices_text(Structure.choices)}.",
        ),
        Column(
            "meeting_frequency",
            "How often the parties meet",
            f"One of: {choices_text(MeetingFrequency.choices)}.",
            choices=_labels(MeetingFrequency.choices),
        ),
        Column(
            "scale",
            "Scale",
            f"One of: {choices_text(Scale.choices)}.",
            choices=_labels(Scale.choices),
        ),
        Column("neighbourhoods", "Neighbourhoods or wards", "For neighbourhood relationships."),
        Column(
            "region_kind",
            "Kind of region",
            f"For regional relationships, one of: {choices_text(RegionKind.choices)}.",
            choices=_labels(RegionKind.choices),
        ),
        Column(
            "judgement",
            "Judgement",
            f"One of: {choices_text(Judgement.choices)}.",
            choices=_labels(Judgement.choices),
        ),
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
                choices=("yes", "no"),
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
        Column(
            "status",
            "Status",
            f"One of: {choices_text(Status.choices)}. Empty means active.",
            choices=_labels(Status.choices),
        ),
        Column("notes", "Notes", "Anything else."),
    ]
    return cols


def side_columns(vocab: Vocabulary) -> list[Column]:
    """Each side's own judgement (``register.judgements``) and where the sides differ: in
    the export for reading, never imported (each side records its own in the service)."""
    cols = []
    for side, name in ((Side.COUNCIL, "Council side"), (Side.VCS, "VCS side")):
        cols += [
            Column(
                f"{side}:judgement",
                f"{name}: judgement",
                f"The {name.lower()}'s own judgement, one of: {choices_text(Judgement.choices)}. "
                "Export only: not imported.",
            ),
            Column(
                f"{side}:reasoning",
                f"{name}: reasoning",
                f"Why the {name.lower()} judged it so. Export only: not imported.",
            ),
            Column(
                f"{side}:qualities",
                f"{name}: qualities it sees",
                "The qualities it says the relationship has, separated by semicolons. Export "
                "only: not imported.",
            ),
            Column(
                f"{side}:evidence",
                f"{name}: why it sees them",
                "For each quality it sees, 'quality: evidence', separated by semicolons. Export "
                "only: not imported.",
            ),
        ]
    cols.append(
        Column(
            "sides:differ",
            "Where the sides differ",
            "What the two sides judged differently: the judgement, then each quality one side "
            "sees and the other does not, separated by semicolons. Empty until both sides "
            "have judged. Export only: not imported.",
        )
    )
    return cols


def export_columns(vocab: Vocabulary) -> list[Column]:
    """The columns of an export: the template's, then each side's own judgement."""
    return columns(vocab) + side_columns(vocab)


# --- export -------------------------------------------------------------------------------


def party_names(area) -> dict[int, str]:
    """How each organisation is written in a file: its name, or 'Name (Council)' for a
    department whose name another organisation in the area shares."""
    organisations = list(Organisation.objects.filter(area=area).select_related("parent"))
    counts: dict[str, int] = {}
    for o in organisations:
        counts[o.name.casefold()] = counts.get(o.name.casefold(), 0) + 1
    return {o.pk: (str(o) if counts[o.name.casefold()] > 1 else o.name) for o in organisations}


LABELS = {
    **dict(Status.choices),
    **dict(Judgement.choices),
    **dict(Scale.choices),
    **dict(RegionKind.choices),
    **dict(MeetingFrequency.choices),
}
STRUCTURES = dict(Structure.choices)


def export_rows(area, vocab: Vocabulary) -> list[list[str]]:
    """One row per relationship, in reference order, read in bulk (``export_sources``)."""
    return list(export_row_stream(area, vocab))


def export_row_stream(area, vocab: Vocabulary) -> Iterator[list[str]]:
    """The rows of ``export_rows``, read from the database before this returns, each made
    only when it is taken (for a streamed download)."""
    names = party_names(area)
    keys = [c.key for c in export_columns(vocab)]
    sources = export_sources(area)
    return (export_row(source, vocab, names, keys) for source in sources)


def export_row(source: ExportSource, vocab: Vocabulary, names: dict[int, str], keys) -> list:
    """The cells of one relationship's row, in the order of ``keys`` (``export_columns``).
    ``names``: ``party_names``."""
    data = source.data
    separator = f"{LIST_SEPARATOR} "
    values = {
        "reference": source.reference,
        "title": data.title,
        "description": data.description,
        "council_parties": separator.join(
            names[pk] for side, pk in source.parties if side == Side.COUNCIL
        ),
        "vcs_parties": separator.join(names[pk] for side, pk in source.parties if side == Side.VCS),
        "main_type": vocab.type_short(data.main_type) if data.main_type else "",
        "other_types": separator.join(
            vocab.type_short(t) for t in vocab.ordered_types(data.types) if t != data.main_type
        ),
        "structures": separator.join(STRUCTURES[s] for s in data.structures),
        "meeting_frequency": LABELS.get(data.meeting_frequency, ""),
        "scale": LABELS.get(data.scale, ""),
        "neighbourhoods": data.neighbourhoods,
        "region_kind": LABELS.get(data.region_kind, ""),
        "judgement": LABELS.get(data.judgement, ""),
        "judgement_reasoning": data.judgement_reasoning,
        "started_on": data.started_on.isoformat() if data.started_on else "",
        "status": LABELS.get(data.status, ""),
        "notes": data.notes,
    }
    for side, (name_key, title_key) in LEAD_COLUMNS.items():
        values[name_key], values[title_key] = source.leads.get(side, ("", ""))
    for slug in vocab.qualities:
        answer = data.qualities.get(slug) or QualityAnswer()
        values[f"quality:{slug}"] = "yes" if answer.present else "no"
        values[f"why:{slug}"] = answer.evidence
    values.update(_side_values(source.comparison))
    return [values[k] for k in keys]


def _side_values(comparison: Comparison) -> dict[str, str]:
    values = {}
    for side in (Side.COUNCIL, Side.VCS):
        view = comparison.view(side)
        answers = [(row.quality, row.answer(side)) for row in comparison.qualities]
        seen = [(quality, a) for quality, a in answers if a is not None and a.present]
        values[f"{side}:judgement"] = view.judgement_label if view and view.judgement else ""
        values[f"{side}:reasoning"] = view.judgement_reasoning if view else ""
        values[f"{side}:qualities"] = f"{LIST_SEPARATOR} ".join(q.title for q, _a in seen)
        values[f"{side}:evidence"] = f"{LIST_SEPARATOR} ".join(
            f"{q.title}: {a.evidence}" for q, a in seen
        )
    values["sides:differ"] = f"{LIST_SEPARATOR} ".join(
        d.quality.title if d.quality else "Judgement" for d in comparison.disagreements
    )
    return values


def guidance_rows(vocab: Vocabulary) -> list[list[str]]:
    rows = [
        [c.header, "Required" if c.required else "Optional", c.guidance] for c in columns(vocab)
    ]
    return rows + [[c.header, "Export only", c.guidance] for c in side_columns(vocab)]


def register_tables(area, *, template: bool = False) -> list[Sheet]:
    """The register file's tables: the relationships (read now, each row made only as it is
    written: ``export_row_stream``), with drop-downs in XLSX, then how to fill it in. A CSV
    holds the first table only; the template has no rows."""
    vocab = vocabulary_for(current_version())
    cols = columns(vocab) if template else export_columns(vocab)
    rows = [] if template else export_row_stream(area, vocab)
    return [
        Sheet(
            "Relationships",
            [c.header for c in cols],
            rows,
            {c.header: c.choices for c in cols if c.choices},
        ),
        Sheet(
            "How to fill this in", ["Column", "Required?", "What to enter"], guidance_rows(vocab)
        ),
    ]


def register_file(area, fmt: str, *, template: bool = False) -> bytes:
    """The whole file of ``register_tables`` as CSV or XLSX (the pages stream it instead)."""
    tables = register_tables(area, template=template)
    if fmt == "csv":
        return csv_bytes(tables[0].header, tables[0].rows)
    return xlsx_bytes(tables)
