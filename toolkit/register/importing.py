"""Importing the register from CSV or XLSX, through the one import runner (``core.imports``).

Rows are read by ``core.spreadsheets`` (only the template's columns, rows capped), each row is
checked against every rule at once (``import_rows.RowReader``), and matched on its
Reference, so importing the same file twice changes nothing the second time and an export
re-imports unchanged. The preview lists what would be added, each changed field's before and
after, and calls out a change that blanks a judgement or qualities; nothing is written until
the person confirms, and then only what they saw."""

from __future__ import annotations

import io

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
    check_name,
    fingerprint,
    header_key,
    read_table,
)
from toolkit.framework.selectors import current_version

from . import map_files, services
from .import_rows import Leads, Organisations, RowReader
from .leads import lead_changes, leads_described, leads_set
from .models import Relationship, RelationshipChange
from .services import RelationshipData
from .transfer import columns
from .vocabulary import Vocabulary, vocabulary_for

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
LIMITS = Limits(max_rows=5000, max_blank_rows=5000, max_unpacked=50 * 1024 * 1024)
TEMPLATE_FIX = "Download the template and use it"
# A workbook's sheet to read: the register's own, Kumu's connections, Polinode's edges.
SHEETS = ("relationships", "connections", "edges")


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
            .prefetch_related("parties__organisation", "types", "qualities", "leads__member__user")
        }
        for data, leads in parsed:
            relationship = existing.get(data.reference.casefold())
            if relationship is None:
                fields = services.relationship_described(data, vocab)
                recorder.record(
                    ADDED,
                    data.reference,
                    data.title,
                    [{"field": k, "before": "", "after": v} for k, v in fields.items()]
                    + leads_described(leads),
                )
                if writing:
                    created = services.relationship_create(
                        area,
                        data,
                        user=user,
                        source=RelationshipChange.Source.IMPORT,
                        version=version,
                    )
                    leads_set(created, leads, user=user, source=RelationshipChange.Source.IMPORT)
                continue
            changes = services.relationship_changes(relationship, data) + lead_changes(
                relationship, leads
            )
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
                leads_set(relationship, leads, user=user, source=RelationshipChange.Source.IMPORT)

    return run


def _read(
    area, name, fileobj, vocab: Vocabulary, recorder: Recorder
) -> list[tuple[RelationshipData, dict]]:
    """The register's own file, or a Kumu or Polinode connection file (``map_files``): one
    reader for both, so their rows meet the same rules."""
    cols = columns(vocab)
    headers = {c.key: c.header for c in cols}
    by_header = {}
    for c in cols:
        by_header[header_key(c.header)] = c.key
        by_header[header_key(c.key)] = c.key
    map_keys = {
        *map_files.ALIASES,
        *(k for t in map_files.ENDPOINTS for k in map_files.endpoint_keys(t)),
    }

    def wanted(key):
        return key in by_header or key in map_keys

    try:
        found = fingerprint(fileobj)
        check_name(name, found, {".csv": "csv", ".xlsx": "xlsx"})
        table = read_table(fileobj, found, LIMITS, wanted=wanted, sheet_names=SHEETS)
        keys = {header_key(h) for h in table.header}
        tool = map_files.tool_of(keys)
        present = {by_header[k] for k in keys if k in by_header}
        if tool:
            headers.update(
                dict.fromkeys(map_files.PARTY_KEYS, ", ".join(map_files.ENDPOINTS[tool]))
            )
            present |= set(map_files.PARTY_KEYS) | {
                key for alias, key in map_files.ALIASES.items() if alias in keys
            }
        missing = [c.header for c in cols if c.required and c.key not in present]
        if missing:
            recorder.problem(
                1,
                ", ".join(missing),
                "The first row does not have the column headings of the template",
                "Keep the first row of the template as it is, and put relationships below it",
            )
            return []
        organisations = Organisations(area)
        rows = _rows(table, by_header, tool, organisations, recorder)
        reader = RowReader(vocab, organisations, headers)
        lead_reader = Leads(area)
        parsed, seen = [], {}
        for number, cells in rows:
            data = reader.read(number, cells, recorder.problem)
            leads = lead_reader.read(
                cells,
                lambda key, problem, fix, number=number: recorder.problem(
                    number, headers[key], problem, fix
                ),
            )
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
            parsed.append((data, leads))
    except FileRejected as exc:
        recorder.problem(None, "", str(exc), TEMPLATE_FIX)
        return []
    if not parsed and recorder.outcome.ok:
        recorder.problem(
            None, "", "The file has no relationships in it", "Add a row per relationship"
        )
    return parsed


def _rows(table, by_header, tool, organisations, recorder) -> list[tuple[int, dict[str, str]]]:
    """Each relationship's cells by the register's column keys: a row of the register's
    file, or the rows of one Reference in a connection file, gathered."""
    gathered = map_files.ConnectionRows(tool, organisations.find) if tool else None
    rows = []
    for number, row in table.rows:
        recorder.outcome.rows += 1
        cells = {by_header.get(k, k): unneutralise(v.strip()) for k, v in row.items()}
        if gathered is None:
            rows.append((number, cells))
        else:
            gathered.add(number, cells, recorder.problem)
    return gathered.gathered() if gathered else rows


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
