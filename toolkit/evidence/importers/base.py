"""What every importer shares: the run's counts, the row-level problem report, batching and
progress. Importers are plain functions `import_xxx(ctx, sources)` that stream their files,
validate every row, and write in batches inside the transaction the service opened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import ImportRun

BATCH_SIZE = 500
PROGRESS_EVERY = 100
MAX_PROBLEMS = 200


@dataclass
class Source:
    """One file given to an import: its name, an open binary file and its fingerprint."""

    name: str
    fileobj: object
    fingerprint: object


@dataclass
class ImportContext:
    run: ImportRun
    area: object
    progress: Callable[[int, int, int], None] | None = None
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    problems: list[dict] = field(default_factory=list)
    problem_count: int = 0
    notes: dict = field(default_factory=dict)
    counter: object = None  # a parsing.CountingReader, for progress by bytes
    total_bytes: int = 0
    file_format: str = ""

    def problem(self, row, field_name: str, message: str) -> None:
        """Record a problem with one row. Any problem rejects the whole file."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append({"row": row, "field": field_name, "problem": message})

    def row_rejected(self) -> None:
        self.rejected += 1

    def tick(self) -> None:
        self.rows_read += 1
        if self.progress and self.rows_read % PROGRESS_EVERY == 0:
            self.report()

    def report(self) -> None:
        if self.progress:
            done = self.counter.count if self.counter is not None else 0
            self.progress(self.rows_read, done, self.total_bytes)

    def note(self, key: str, value) -> None:
        self.notes[key] = value

    def add_note_count(self, key: str, by: int = 1) -> None:
        self.notes[key] = self.notes.get(key, 0) + by


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
