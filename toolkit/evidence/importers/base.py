"""What every importer shares: the run's counts and problems (a ``core.imports.Recorder``, so
the one import runner can preview and apply it), batching and progress. Importers are plain
functions `import_xxx(ctx, sources)` that stream their files, validate every row, and write in
batches inside the transaction the runner opened."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from toolkit.core.imports import Recorder
from toolkit.core.spreadsheets import Fingerprint, Limits

from ..models import ImportRun

# Rows written at a time: large enough that a batch's one look-up and one write cost little
# per row, small enough that memory stays flat whatever the file's length.
BATCH_SIZE = 2000
PROGRESS_EVERY = 100
# Progress is reported at most this often: each report writes the job's row and the cache
# (0.64 ms a report under `make run`), and the job's page refreshes only every 3 s. Every
# 100 rows of a million-grant file was 10,000 reports, about 6 s.
PROGRESS_SECONDS = 0.5
# Published files can be long (a funder's every grant); a spreadsheet's empty rows are capped
# well below what would hold a worker.
LIMITS = Limits(max_rows=500_000, max_blank_rows=10_000)
# The operator's commands load national files (the whole charity register; 360Giving's data,
# over a million grants) from a shell, not in a worker that serves people.
COMMAND_LIMITS = Limits(max_rows=50_000_000, max_blank_rows=10_000)


@dataclass
class Source:
    """One file given to an import: its name, an open binary file and its fingerprint."""

    name: str
    fileobj: object
    fingerprint: Fingerprint


class ImportContext(Recorder):
    def __init__(self, run: ImportRun, area, progress: Callable[[int, int, int], None] | None):
        super().__init__()
        self.run, self.area, self.progress = run, area, progress
        self.notes: dict = {}
        self.counter = None  # a parsing.CountingReader, for progress by bytes
        self.total_bytes = 0
        self.file_format = ""
        self.reported_at = float("-inf")

    # The counts, as the ledger names them.
    created = property(lambda self: self.outcome.created)
    updated = property(lambda self: self.outcome.updated)
    unchanged = property(lambda self: self.outcome.unchanged)
    problem_count = property(lambda self: self.outcome.problem_count)
    rows_read = property(lambda self: self.outcome.rows)
    rejected = property(lambda self: self.outcome.rejected)

    @property
    def skipped(self) -> int:
        return self.outcome.skipped

    @skipped.setter
    def skipped(self, value: int) -> None:
        self.outcome.skipped = value

    def row_rejected(self) -> None:
        self.outcome.rejected += 1

    def tick(self) -> None:
        self.outcome.rows += 1
        if self.progress and self.outcome.rows % PROGRESS_EVERY == 0:
            self.report()

    def report(self) -> None:
        if not self.progress:
            return
        now = time.monotonic()
        if now - self.reported_at < PROGRESS_SECONDS:
            return
        self.reported_at = now
        done = self.counter.count if self.counter is not None else 0
        self.progress(self.outcome.rows, done, self.total_bytes)

    def limits(self, upload_limits: Limits) -> Limits:
        """`upload_limits` for a file uploaded through the service; the operator's commands
        read national files to the end."""
        return COMMAND_LIMITS if self.run.via == "command" else upload_limits

    def note(self, key: str, value) -> None:
        self.notes[key] = value

    def add_note_count(self, key: str, by: int = 1) -> None:
        self.notes[key] = self.notes.get(key, 0) + by


def changed_fields(stored: dict, values: dict, fields) -> list[dict]:
    """Each field whose stored value differs from the file's, as text (for the preview)."""
    return [
        {"field": f, "before": _shown(stored[f]), "after": _shown(values[f])}
        for f in fields
        if stored[f] != values[f]
    ]


def _shown(value) -> str:
    return "" if value is None else str(value)


class RowProblems:
    """Collects the problems of one row, so that a row is counted as rejected once."""

    def __init__(self, ctx: ImportContext, row):
        self.ctx, self.row, self.any = ctx, row, False

    def add(self, field_name: str, message: str) -> None:
        self.any = True
        self.ctx.problem(self.row, field_name, message)

    def done(self) -> bool:
        """True when the row is fine."""
        if self.any:
            self.ctx.row_rejected()
        return not self.any
