"""Writing evidence: running an import (one transaction, all or nothing, recorded in the
ledger), and a person's decisions about unmatched recipients."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from toolkit.areas.identifiers import org_id_validate
from toolkit.areas.models import Organisation, OrganisationKind, VcsType
from toolkit.core.bulk import bulk_loading
from toolkit.core.imports import Outcome, import_apply, import_check
from toolkit.core.spreadsheets import fingerprint

from .importers.base import ImportContext, Source
from .importers.charities import import_charities
from .importers.contracts import import_contracts
from .importers.grants import import_grants
from .matching import rematch_recipients
from .models import Grant, ImportKind, ImportRun, RecipientLink, ValueCalculation
from .parsing import FileRejected, org_id_for_matching

IMPORTERS: dict[str, Callable[[ImportContext, list[Source]], None]] = {
    ImportKind.CHARITIES: import_charities,
    ImportKind.GRANTS: import_grants,
    ImportKind.CONTRACTS: import_contracts,
}


logger = logging.getLogger(__name__)


def import_files(
    kind: str,
    area,
    files: list[tuple[str, object]],
    *,
    user=None,
    dry_run: bool = False,
    previewed: str | None = None,
    via: str = "command",
    progress: Callable[[int, int, int], None] | None = None,
) -> ImportRun:
    """Import one file (or, for the register extract, its tables together) into `area`,
    through the one import runner (``core.imports``).

    `files` is [(file name, open binary file)]. Every row is validated; one bad row rejects
    the whole import and nothing is saved. With `dry_run`, everything is checked and counted
    and then rolled back: that is the preview (``run.notes["digest"]`` and the changes). With
    `previewed` (a preview's digest), the import is saved only if it would change exactly what
    that preview said. The ledger row (``ImportRun``) is written whatever happens."""
    return import_with_outcome(
        kind,
        area,
        files,
        user=user,
        dry_run=dry_run,
        previewed=previewed,
        via=via,
        progress=progress,
    )[0]


def import_with_outcome(
    kind, area, files, *, user, dry_run, previewed, via, progress
) -> tuple[ImportRun, Outcome]:
    """``import_files``, also returning the runner's outcome (the preview's changes)."""
    importer = IMPORTERS[kind]
    sources = [Source(Path(name).name, fileobj, fingerprint(fileobj)) for name, fileobj in files]
    main = sources[0]
    run = ImportRun.objects.create(
        area=area,
        kind=kind,
        file_name=" + ".join(s.name for s in sources)[:255],
        file_sha256=main.fingerprint.sha256,
        file_size=sum(s.fingerprint.size for s in sources),
        encoding=main.fingerprint.encoding if main.fingerprint.kind == "csv" else "",
        dry_run=dry_run,
        created_by=user if user is not None and user.is_authenticated else None,
        via=via,
    )
    if len(sources) > 1:
        run.notes["files"] = [
            {"name": s.name, "sha256": s.fingerprint.sha256, "size": s.fingerprint.size}
            for s in sources
        ]
    ctx = ImportContext(run, area, progress)

    def run_importer(recorder, writing):
        importer(ctx, sources)
        if kind == ImportKind.CHARITIES and ctx.outcome.ok:
            linked = rematch_recipients(area)
            if linked:
                ctx.note("grants_and_suppliers_now_matched", linked)

    try:
        with bulk_loading():
            if dry_run:
                outcome = import_check(run_importer, recorder=ctx)
            else:
                outcome = import_apply(run_importer, previewed=previewed, recorder=ctx)
    except FileRejected as exc:
        return _finish(run, ctx, ImportRun.Status.REJECTED, str(exc)), ctx.outcome
    except BaseException:
        # Also when the worker is being stopped (SystemExit, KeyboardInterrupt): record the
        # failure before the process goes, so the ledger never stays "running". The fault's
        # own text (which may name a server path) goes to the log, never to the page.
        logger.exception("Import %s stopped", run.public_id)
        _finish(run, ctx, ImportRun.Status.FAILED, STOPPED)
        raise
    if not outcome.ok:
        count, rows = outcome.problem_count, outcome.rejected
        message = (
            f"{count} problem{'s' if count != 1 else ''} in {rows} "
            f"row{'s' if rows != 1 else ''}: nothing was saved. Correct the rows listed and "
            "import the file again."
        )
        status = ImportRun.Status.REJECTED
    elif outcome.stale:
        status, message = ImportRun.Status.REJECTED, STALE
    elif dry_run:
        status, message = ImportRun.Status.DRY_RUN, "Checked: nothing was saved."
    else:
        status, message = ImportRun.Status.IMPORTED, ""
    return _finish(run, ctx, status, message), outcome


STOPPED = (
    "The import stopped because of a fault in the service, and nothing was saved. Try again; "
    "if it happens again, tell the service team."
)
STALE = (
    "The data in the service changed after the file was checked, so nothing was saved. "
    "Check the file again and confirm the new preview."
)


def _finish(run: ImportRun, ctx: ImportContext, status: str, message: str) -> ImportRun:
    outcome = ctx.finish()
    saved = status == ImportRun.Status.IMPORTED
    run.status = status
    run.message = message
    run.file_format = ctx.file_format
    run.rows_read = outcome.rows
    run.created, run.updated, run.unchanged = outcome.created, outcome.updated, outcome.unchanged
    run.rejected, run.skipped = outcome.rejected, outcome.skipped
    run.problems = [
        {"row": p.row, "field": p.column, "problem": p.problem} for p in outcome.problems
    ]
    run.notes = {**run.notes, **ctx.notes, "saved": saved, "digest": outcome.digest}
    if outcome.problems_not_listed:
        run.notes["problems_not_listed"] = outcome.problems_not_listed
    run.finished_at = timezone.now()
    run.save()
    return run


def import_paths(kind, area, paths, **options) -> ImportRun:
    """The same, from files on disk (the management commands)."""
    with ExitStack() as stack:
        handles = [stack.enter_context(Path(p).open("rb")) for p in paths]
        return import_files(
            kind, area, [(str(p), h) for p, h in zip(paths, handles, strict=True)], **options
        )


# --- unmatched recipients ------------------------------------------------------------------


@transaction.atomic
def recipient_confirm(area, published_id: str, organisation: Organisation, user) -> int:
    """A person confirms that a published recipient id is `organisation`. Returns how many
    grants and contract suppliers are now linked."""
    if organisation.area_id != area.pk or organisation.kind != OrganisationKind.VCS:
        raise ValueError("The organisation must be a VCS organisation of this area.")
    RecipientLink.objects.update_or_create(
        area=area,
        published_id=published_id,
        defaults={"organisation": organisation, "confirmed_by": user},
    )
    return rematch_recipients(area)


@transaction.atomic
def recipient_create(area, published_id: str, user) -> Organisation:
    """Create a VCS organisation for an unmatched recipient, from what the grants say."""
    grant = (
        Grant.objects.filter(area=area, recipient_org_id=published_id)
        .order_by("-award_date")
        .first()
    )
    if grant is None:
        raise ValueError("No grant has that recipient.")
    org_id = org_id_for_matching(published_id)
    try:
        org_id_validate(org_id)
    except ValidationError:
        org_id = ""
    if org_id and Organisation.objects.filter(area=area, org_id=org_id).exists():
        org_id = ""
    organisation = Organisation.objects.create(
        area=area,
        kind=OrganisationKind.VCS,
        vcs_type=VcsType.OTHER,
        name=grant.recipient_name or published_id,
        org_id=org_id,
    )
    recipient_confirm(area, published_id, organisation, user)
    return organisation


def value_calculation_save(
    area, user, *, title: str, result, relationship=None
) -> ValueCalculation:
    """Keep a value calculator's result in the area (issue 14), optionally against one of
    its relationships; `result` is evidence.value's ValueResult for the amounts entered."""
    if relationship is not None and relationship.area_id != area.pk:
        raise ValidationError("Choose a relationship from this area.")
    return ValueCalculation.objects.create(
        area=area,
        relationship=relationship,
        title=title,
        invested=result.invested,
        costs_avoided=result.costs_avoided,
        value_created=result.value_created,
        assumptions=result.assumptions,
        created_by=user,
    )
