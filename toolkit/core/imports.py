"""The one way a file is imported: check everything, report every problem, preview, then
write in one transaction.

An import is a function ``importer(recorder, writing)`` that reads its file, reports each
problem and each record it would add, change or leave alone to the ``Recorder``, and writes
only when ``writing`` is true (it may also write while checking: the check's transaction is
always rolled back). ``import_check`` runs it to make the preview; ``import_apply`` runs it
again, inside one transaction that is kept only if there are no problems and the records are
exactly those previewed (the ``digest`` of every change, listed or not, is the same). So a file
that would now do something else than the person saw, because the data changed meanwhile, is
refused and previewed again.

The preview is stored with the uploaded file (``StagedImport``, keyed by the file's SHA-256),
so that it survives a page reload and a confirmation can only apply the file it describes."""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import StagedImport

MAX_LISTED_PROBLEMS = 1000
MAX_LISTED_CHANGES = 500

ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"


@dataclass(frozen=True)
class Problem:
    row: int | str | None  # a spreadsheet row number, a label such as "grant 3", or None
    column: str
    problem: str
    fix: str = ""


@dataclass
class Change:
    """One record the import adds or changes: each field's before and after, and warnings
    for changes that throw away someone's work."""

    action: str
    key: str  # the record's identifier, as published or written in the file
    name: str
    fields: list[dict] = field(default_factory=list)  # {"field", "before", "after"}
    warnings: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What an import found or did: the preview when checking, the result when applying."""

    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0
    changes: list[Change] = field(default_factory=list)
    warning_count: int = 0
    digest: str = ""
    saved: bool = False
    stale: bool = False  # applying found other changes than the preview: nothing saved

    @property
    def ok(self) -> bool:
        return not self.problem_count

    @property
    def changes_not_listed(self) -> int:
        return self.created + self.updated - len(self.changes)

    @property
    def problems_not_listed(self) -> int:
        return self.problem_count - len(self.problems)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Outcome:
        data = dict(data)
        data["problems"] = [Problem(**p) for p in data.get("problems", [])]
        data["changes"] = [Change(**c) for c in data.get("changes", [])]
        return cls(**data)


OUTCOME_KEYS = frozenset(Outcome.__dataclass_fields__)


class Recorder:
    """Collects what an importer finds, and a digest of every change it would make."""

    def __init__(self):
        self.outcome = Outcome()
        self._digest = hashlib.sha256()

    def problem(self, row, column: str, problem: str, fix: str = "") -> None:
        self.outcome.problem_count += 1
        if len(self.outcome.problems) < MAX_LISTED_PROBLEMS:
            self.outcome.problems.append(Problem(row, column, problem, fix))

    def record(
        self,
        action: str,
        key: str,
        name: str = "",
        fields: list[dict] | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        """One record of the file: added, changed (with its fields) or unchanged."""
        out = self.outcome
        if action == UNCHANGED:
            out.unchanged += 1
            return
        if action == ADDED:
            out.created += 1
        else:
            out.updated += 1
        key, name = str(key), str(name)
        fields, warnings = list(fields or []), list(warnings or [])
        out.warning_count += bool(warnings)
        # The same bytes as json.dumps(asdict(Change(...)), sort_keys=True).
        if fields or warnings:
            as_json = {
                "action": action,
                "fields": fields,
                "key": key,
                "name": name,
                "warnings": warnings,
            }
            line = json.dumps(as_json, sort_keys=True, default=str)
        else:
            line = _plain_line(action, key, name)
        self._digest.update(line.encode())
        self._digest.update(b"\n")
        if len(out.changes) < MAX_LISTED_CHANGES or warnings:
            out.changes.append(Change(action, key, name, fields, warnings))

    def added(self, records) -> None:
        """Many records added, each (key, name): the same counts, listed changes and digest as
        ``record(ADDED, key, name)`` for each in turn, hashed a batch at a time."""
        out = self.outcome
        lines = []
        for key, name in records:
            key, name = str(key), str(name)
            lines.append(_plain_line(ADDED, key, name))
            if len(out.changes) < MAX_LISTED_CHANGES:
                out.changes.append(Change(ADDED, key, name))
        if lines:
            out.created += len(lines)
            self._digest.update(("\n".join(lines) + "\n").encode())

    def finish(self) -> Outcome:
        self.outcome.digest = self._digest.hexdigest()
        return self.outcome


# What json.dumps does with a string (ASCII, escaped), without its layers.
_json_text = json.encoder.encode_basestring_ascii


def _plain_line(action: str, key: str, name: str) -> str:
    """The digest's line for a change with no fields or warnings: the same bytes as
    json.dumps(asdict(Change(action, key, name)), sort_keys=True), without building a Change
    for each of a million rows (only the listed ones are kept)."""
    return (
        f'{{"action": {_json_text(action)}, "fields": [], "key": {_json_text(key)}, '
        f'"name": {_json_text(name)}, "warnings": []}}'
    )


Importer = Callable[[Recorder, bool], None]


class _RollBack(Exception):
    pass


def import_check(
    importer: Importer, *, writes: bool = True, recorder: Recorder | None = None
) -> Outcome:
    """The preview: everything checked and counted, nothing kept. An importer that writes
    nothing while checking (``writes=False``) runs outside a transaction, so a preview does
    not hold the database's write lock."""
    recorder = recorder or Recorder()
    if not writes:
        importer(recorder, False)
        return recorder.finish()
    try:
        with transaction.atomic():
            importer(recorder, False)
            raise _RollBack
    except _RollBack:
        pass
    return recorder.finish()


def import_apply(
    importer: Importer, *, previewed: str | None, recorder: Recorder | None = None
) -> Outcome:
    """Write the file in one transaction, kept only when there are no problems and the
    changes are exactly the previewed ones (``previewed`` is the preview's digest; None only
    for an operator's command, which has no preview to match)."""
    recorder = recorder or Recorder()
    try:
        with transaction.atomic():
            importer(recorder, True)
            outcome = recorder.finish()
            if not outcome.ok:
                raise _RollBack
            if previewed is not None and outcome.digest != previewed:
                outcome.stale = True
                raise _RollBack
            outcome.saved = True
    except _RollBack:
        pass
    return recorder.outcome


# --- the uploaded file, kept with its preview -----------------------------------------------

UPLOAD_FOLDER = "imports"
# An upload nobody confirmed is dropped after this long (when the area's next file arrives).
STAGED_KEEP = datetime.timedelta(days=7)


def staged_folder(area) -> str:
    return f"{UPLOAD_FOLDER}/{area.gss_code}"


def staged_import_create(area, user, kind: str, upload) -> StagedImport:
    """Store an uploaded file for checking. This person's earlier unconfirmed files of the
    same kind in the area are dropped (a new upload replaces them), and so is anyone's that
    has waited longer than STAGED_KEEP."""
    from .spreadsheets import fingerprint

    found = fingerprint(upload)
    extension = Path(upload.name).suffix.lower()[:10]
    waiting = StagedImport.objects.filter(area=area, status__in=StagedImport.OPEN)
    for earlier in waiting.filter(
        Q(created_by=user, kind=kind) | Q(created_at__lt=timezone.now() - STAGED_KEEP)
    ):
        staged_import_drop(earlier)
    upload.seek(0)
    stored = default_storage.save(f"{staged_folder(area)}/{uuid.uuid4().hex}{extension}", upload)
    return StagedImport.objects.create(
        area=area,
        created_by=user,
        kind=kind,
        file_name=Path(upload.name).name[:255],
        stored_name=stored,
        sha256=found.sha256,
        size=found.size,
    )


@contextmanager
def staged_file(staged: StagedImport):
    """The stored file, only while it is still the file that was previewed."""
    from .spreadsheets import FileRejected, fingerprint

    try:
        handle = default_storage.open(staged.stored_name, "rb")
    except (FileNotFoundError, OSError, ValueError):
        raise FileRejected("The uploaded file is no longer stored. Upload it again.") from None
    with handle:
        if fingerprint(handle).sha256 != staged.sha256:
            raise FileRejected("The stored file is not the one that was checked. Upload it again.")
        handle.seek(0)
        yield handle


def staged_import_save(staged: StagedImport, outcome: Outcome, *, applied: bool = False) -> None:
    """Keep the preview (or the result of applying it) with the file; an applied file is
    deleted, as the data is now in the service."""
    if applied:
        staged.result = outcome.to_json()
        staged.status = StagedImport.Status.APPLIED
        _delete_file(staged)
    else:
        staged.preview = outcome.to_json()
        staged.status = StagedImport.Status.READY if outcome.ok else StagedImport.Status.REJECTED
    staged.save()


def staged_import_drop(staged: StagedImport) -> None:
    _delete_file(staged)
    staged.delete()


def _delete_file(staged: StagedImport) -> None:
    if staged.stored_name:
        default_storage.delete(staged.stored_name)
        staged.stored_name = ""
