"""Importing the register from CSV or XLSX, through the one import runner (``core.imports``).

Rows are read by ``core.spreadsheets`` (only the template's columns, rows capped), each row is
checked against every rule at once (``RowReader``; the rules themselves are
``services.relationship_problems``, shared with the form and the API), and matched on its
Reference, so importing the same file twice changes nothing the second time and an export
re-imports unchanged. The preview lists what would be added, each changed field's before and
after, and calls out a change that blanks a judgement or qualities; nothing is written until
the person confirms, and then only what they saw."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from toolkit.areas.models import Organisation, OrganisationKind
from toolkit.core.exports import unneutralise
from toolkit.core.imports import (
    ADDED,
    CHANGED,
    UNCHANGED,
    Importer,
    Outcome,
    Recorder,
    import_apply,
    import_check,
    staged_file,
    staged_import_create,
    staged_import_save,
)
from toolkit.core.models import StagedImport
from toolkit.core.spreadsheets import (
    FileRejected,
    Limits,
    ValueProblem,
    check_name,
    fingerprint,
    header_key,
    parse_date,
    read_table,
)
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
from .services import QualityAnswer, RelationshipData
from .transfer import LIST_SEPARATOR, choices_text, columns
from .vocabulary import Vocabulary, vocabulary_for

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
LIMITS = Limits(max_rows=5000, max_blank_rows=5000, max_unpacked=50 * 1024 * 1024)
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
YES = {"yes", "y", "true", "1", "present"}
NO = {"no", "n", "false", "0", "", "not present"}
TEMPLATE_FIX = "Download the template and use it"

# A rule of ``relationship_problems`` (by the form's field name) → (column, what is wrong).
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


def _lookup(choices) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[value.casefold()] = value
        table[label.casefold()] = value
    return table


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


class _Organisations:
    def __init__(self, area):
        self.by_key: dict[str, list[Organisation]] = {}
        for o in Organisation.objects.filter(area=area).select_related("parent"):
            for key in {o.name, str(o), o.org_id}:
                if key:
                    self.by_key.setdefault(key.casefold(), []).append(o)

    def find(self, text: str) -> list[Organisation]:
        return list({o.pk: o for o in self.by_key.get(text.casefold(), [])}.values())


class RowReader:
    """Reads one row into ``RelationshipData``, reporting every problem in it at once."""

    def __init__(self, vocab: Vocabulary, orgs: _Organisations, headers: dict[str, str]):
        self.vocab, self.orgs, self.headers = vocab, orgs, headers
        self.types = {}
        for slug in vocab.types:
            for key in (slug, vocab.type_title(slug), vocab.type_short(slug)):
                self.types[key.casefold()] = slug
        self.type_names = ", ".join(vocab.type_short(s) for s in vocab.types)

    def read(self, number: int, cells: dict[str, str], report: Callable) -> RelationshipData:
        columns_with_problems: set[str] = set()

        def add(key, problem, fix):
            columns_with_problems.add(key)
            report(number, self.headers.get(key, key), problem, fix)

        main_type, other_types = self._types(cells, add)
        data = RelationshipData(
            reference=self._reference(cells, add),
            title=cells.get("title", ""),
            description=cells.get("description", ""),
            parties=self._parties(cells, add),
            main_type=main_type,
            types=[main_type, *other_types] if main_type else other_types,
            structures=self._structures(cells, add),
            meeting_frequency=self._choice(
                cells, add, "meeting_frequency", MeetingFrequency.choices, "meeting frequency"
            ),
            scale=self._choice(cells, add, "scale", Scale.choices, "scale"),
            neighbourhoods=cells.get("neighbourhoods", ""),
            region_kind=self._choice(
                cells, add, "region_kind", RegionKind.choices, "kind of region"
            ),
            judgement=self._choice(cells, add, "judgement", Judgement.choices, "judgement"),
            judgement_reasoning=cells.get("judgement_reasoning", ""),
            started_on=self._started_on(cells, add),
            status=self._choice(cells, add, "status", Status.choices, "status") or Status.ACTIVE,
            notes=cells.get("notes", ""),
            qualities=self._qualities(cells, add),
        )
        self._rules(data, cells, add, columns_with_problems)
        return data

    def _reference(self, cells, add) -> str:
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
                "Use up to 40 letters, numbers, dots, dashes, slashes or underscores, like "
                "REL-0001",
            )
        return reference

    def _parties(self, cells, add) -> list[Organisation]:
        parties = []
        for key, kinds, side in (
            ("council_parties", {OrganisationKind.COUNCIL, OrganisationKind.DEPARTMENT}, "council"),
            ("vcs_parties", {OrganisationKind.VCS}, "VCS"),
        ):
            for name in _split(cells.get(key, "")):
                found = self.orgs.find(name)
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
                    other = "VCS" if side == "council" else "council"
                    add(
                        key,
                        f"‘{name}’ is not a {side} organisation",
                        f"Move it to the {other} parties column",
                    )
                else:
                    parties.append(found[0])
        return parties

    def _types(self, cells, add) -> tuple[str, list[str]]:
        main_type = ""
        if cells.get("main_type"):
            main_type = self.types.get(cells["main_type"].casefold(), "")
            if not main_type:
                add(
                    "main_type",
                    f"‘{cells['main_type']}’ is not a relationship type",
                    f"Use one of: {self.type_names}",
                )
        others = []
        for name in _split(cells.get("other_types", "")):
            slug = self.types.get(name.casefold())
            if slug:
                others.append(slug)
            else:
                add(
                    "other_types",
                    f"‘{name}’ is not a relationship type",
                    f"Use types from: {self.type_names}",
                )
        return main_type, others

    @staticmethod
    def _choice(cells, add, key, choices, what) -> str:
        text = cells.get(key, "")
        if not text:
            return ""
        value = _lookup(choices).get(text.casefold())
        if value is None:
            add(key, f"‘{text}’ is not a {what}", f"Use one of: {choices_text(choices)}")
            return ""
        return value

    @staticmethod
    def _structures(cells, add) -> list[str]:
        lookup = _lookup(Structure.choices)
        structures = []
        for name in _split(cells.get("structures", "")):
            if name.casefold() in lookup:
                structures.append(lookup[name.casefold()])
            else:
                add(
                    "structures",
                    f"‘{name}’ is not one of the structures",
                    f"Use structures from: {choices_text(Structure.choices)}",
                )
        return structures

    @staticmethod
    def _started_on(cells, add):
        try:
            return parse_date(cells.get("started_on", ""))
        except ValueProblem:
            add(
                "started_on",
                f"‘{cells['started_on']}’ is not a date",
                "Write the date as 2021-04-01 or 1/4/2021",
            )
            return None

    def _qualities(self, cells, add) -> dict[str, QualityAnswer]:
        qualities = {}
        for slug in self.vocab.qualities:
            text = cells.get(f"quality:{slug}", "")
            present = text.casefold() in YES
            if not present and text.casefold() not in NO:
                add(f"quality:{slug}", f"‘{text}’ is not yes or no", "Write yes or no")
            qualities[slug] = QualityAnswer(present, cells.get(f"why:{slug}", ""))
        return qualities

    def _rules(self, data, cells, add, columns_with_problems) -> None:
        """The register's own rules, on what could be read; a column already reported for
        the row is not reported twice."""
        services._normalise(data)
        for key, message in services.relationship_problems(data, self.vocab):
            if key.startswith("evidence_"):
                column, what = f"why:{key.removeprefix('evidence_')}", "The evidence is missing"
            else:
                column, what = RULE_WHAT.get(key, (key, "This value cannot be used"))
                column = next((k for k, h in self.headers.items() if h == column), column)
            if key == "parties" and not cells.get("vcs_parties") and cells.get("council_parties"):
                column = "council_parties"
            if column == "vcs_parties" and "council_parties" in columns_with_problems:
                continue
            if column not in columns_with_problems:
                add(column, what, message)


def _warnings(changes: list[dict]) -> list[str]:
    """Changes that throw away someone's judgement or recorded qualities."""
    warnings = []
    blanked = {c["field"] for c in changes if c["before"] and not c["after"]}
    if "Judgement" in blanked:
        before = next(c["before"] for c in changes if c["field"] == "Judgement")
        warnings.append(f"Removes the judgement ‘{before}’")
    elif "Reasoning for the judgement" in blanked:
        warnings.append("Removes the reasoning for the judgement")
    lost = [
        c["field"].removeprefix("Quality: ")
        for c in changes
        if c["field"].startswith("Quality: ")
        and c["before"] == "Present"
        and c["after"] != c["before"]
    ]
    if lost:
        warnings.append(
            f"Removes {len(lost)} quality recorded as present: " + ", ".join(lost)
            if len(lost) == 1
            else f"Removes {len(lost)} qualities recorded as present: " + ", ".join(lost)
        )
    evidence = [c for c in changes if c["field"].startswith("Why: ") and c["field"] in blanked]
    if evidence and not lost:
        warnings.append(f"Blanks the evidence for {len(evidence)} quality or qualities")
    return warnings


def register_importer(area, name: str, fileobj, *, user=None) -> Importer:
    """The register import as the runner calls it: read and check every row, then record
    (and, when writing, save) each relationship added, changed or left unchanged."""

    def run(recorder: Recorder, writing: bool) -> None:
        version = current_version()
        vocab = vocabulary_for(version)
        parsed = _read(area, name, fileobj, vocab, recorder)
        if not recorder.outcome.ok:
            return
        existing = {
            r.reference.casefold(): r
            for r in Relationship.objects.filter(area=area)
            .select_related("content_version")
            .prefetch_related("parties__organisation", "types", "qualities")
        }
        for data in parsed:
            relationship = existing.get(data.reference.casefold())
            if relationship is None:
                fields = services.relationship_described(data, vocab)
                recorder.record(
                    ADDED,
                    data.reference,
                    data.title,
                    [{"field": k, "before": "", "after": v} for k, v in fields.items()],
                )
                if writing:
                    services.relationship_create(
                        area,
                        data,
                        user=user,
                        source=RelationshipChange.Source.IMPORT,
                        version=version,
                    )
                continue
            changes = services.relationship_changes(relationship, data)
            if not changes:
                recorder.record(UNCHANGED, relationship.reference)
                continue
            recorder.record(
                CHANGED, relationship.reference, relationship.title, changes, _warnings(changes)
            )
            if writing:
                services.relationship_update(
                    relationship, data, user=user, source=RelationshipChange.Source.IMPORT
                )

    return run


def _read(area, name, fileobj, vocab: Vocabulary, recorder: Recorder) -> list[RelationshipData]:
    cols = columns(vocab)
    headers = {c.key: c.header for c in cols}
    by_header = {}
    for c in cols:
        by_header[header_key(c.header)] = c.key
        by_header[header_key(c.key)] = c.key
    try:
        found = fingerprint(fileobj)
        check_name(name, found, {".csv": "csv", ".xlsx": "xlsx"})
        table = read_table(fileobj, found, LIMITS, wanted=by_header.__contains__)
        present = {by_header[header_key(h)] for h in table.header if header_key(h) in by_header}
        missing = [c.header for c in cols if c.required and c.key not in present]
        if missing:
            recorder.problem(
                1,
                ", ".join(missing),
                "The first row does not have the column headings of the template",
                "Keep the first row of the template as it is, and put relationships below it",
            )
            return []
        reader = RowReader(vocab, _Organisations(area), headers)
        parsed, seen = [], {}
        for number, row in table.rows:
            recorder.outcome.rows += 1
            cells = {by_header[k]: unneutralise(v.strip()) for k, v in row.items()}
            data = reader.read(number, cells, recorder.problem)
            reference = data.reference.casefold()
            if reference in seen:
                recorder.problem(
                    number,
                    headers["reference"],
                    f"Row {seen[reference]} has the same reference",
                    "Give each relationship its own reference",
                )
            elif reference:
                seen[reference] = number
            parsed.append(data)
    except FileRejected as exc:
        recorder.problem(None, "", str(exc), TEMPLATE_FIX)
        return []
    if not parsed and recorder.outcome.ok:
        recorder.problem(
            None, "", "The file has no relationships in it", "Add a row per relationship"
        )
    return parsed


def register_preview(area, name: str, fileobj) -> Outcome:
    return import_check(register_importer(area, name, fileobj), writes=False)


def register_apply(area, name: str, fileobj, *, previewed: str, user=None) -> Outcome:
    return import_apply(register_importer(area, name, fileobj, user=user), previewed=previewed)


def register_import(area, name: str, raw: bytes, *, user=None) -> Outcome:
    """Check and apply at once, for the command line and tests (pages preview first)."""
    if len(raw) > MAX_UPLOAD_BYTES:
        recorder = Recorder()
        recorder.problem(None, "", "The file is larger than 2 MB", "Split it into smaller files")
        return recorder.finish()
    preview = register_preview(area, name, io.BytesIO(raw))
    if not preview.ok:
        return preview
    return register_apply(area, name, io.BytesIO(raw), previewed=preview.digest, user=user)


# --- the upload, its preview and its confirmation --------------------------------------------

KIND = "register"


def register_stage(area, user, upload) -> StagedImport:
    """Keep the uploaded file and its preview (which survives a reload of the page)."""
    staged = staged_import_create(area, user, KIND, upload)
    staged_import_save(staged, _with_stored_file(staged, register_preview))
    return staged


def staged_for(area, user, staged_id) -> StagedImport | None:
    return StagedImport.objects.filter(
        area=area, created_by=user, kind=KIND, public_id=staged_id
    ).first()


def register_confirm(staged: StagedImport, user, *, sha256: str, digest: str) -> Outcome:
    """Apply the file, if it is the one previewed and would still do exactly what the preview
    said. Otherwise nothing is saved and the preview is made again (``stale``)."""
    previewed = Outcome.from_json(staged.preview)
    if sha256 != staged.sha256 or digest != previewed.digest or not previewed.ok:
        outcome = Outcome(stale=True)
        return outcome

    def apply(area, name, fileobj):
        return register_apply(area, name, fileobj, previewed=digest, user=user)

    outcome = _with_stored_file(staged, apply)
    if outcome.saved:
        staged_import_save(staged, outcome, applied=True)
    elif outcome.stale or not outcome.ok:
        staged_import_save(staged, _with_stored_file(staged, register_preview))
        outcome.stale = True
    return outcome


def _with_stored_file(staged: StagedImport, action) -> Outcome:
    try:
        with staged_file(staged) as fileobj:
            return action(staged.area, staged.file_name, fileobj)
    except FileRejected as exc:
        recorder = Recorder()
        recorder.problem(None, "", str(exc), "Upload the file again")
        return recorder.finish()


def saved_message(outcome: Outcome) -> str:
    rows = outcome.created + outcome.updated + outcome.unchanged
    return (
        f"Imported {rows} row{'s' if rows != 1 else ''}: {outcome.created} added, "
        f"{outcome.updated} changed, {outcome.unchanged} unchanged."
    )
