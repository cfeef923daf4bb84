"""Background work: an uploaded file checked (the preview) and, once the person confirms,
imported, each by a Django task (django-tasks-db in production, run immediately in tests)
reporting progress through a core Job. The file waits in a ``core.StagedImport``."""

import logging

from django.tasks import task

from toolkit.core.imports import staged_file, staged_import_save
from toolkit.core.jobs import job_fail, job_finish, job_progress
from toolkit.core.models import Job, StagedImport
from toolkit.core.spreadsheets import FileRejected

from .models import ImportRun
from .services import STOPPED, import_with_outcome

logger = logging.getLogger(__name__)
KIND_PREFIX = "evidence:"


def staged_kind(staged: StagedImport) -> str:
    return staged.kind.removeprefix(KIND_PREFIX)


def _run(job_id: int, staged: StagedImport, *, previewed: str | None):
    def progress(rows, done_bytes, total_bytes):
        job_progress(
            job_id, done=done_bytes, total=total_bytes or None, message=f"{rows:,} rows read."
        )

    job_progress(job_id, done=0, message="Reading the file.")
    with staged_file(staged) as fileobj:
        return import_with_outcome(
            staged_kind(staged),
            staged.area,
            [(staged.file_name, fileobj)],
            user=staged.created_by,
            dry_run=previewed is None,
            previewed=previewed,
            via="upload",
            progress=progress,
        )


def _check(job_id: int, staged: StagedImport) -> ImportRun:
    run, outcome = _run(job_id, staged, previewed=None)
    staged_import_save(staged, outcome)
    staged.preview["run"] = str(run.public_id)
    staged.preview["message"] = run.message
    if run.status != ImportRun.Status.DRY_RUN:
        staged.status = StagedImport.Status.REJECTED
    staged.save(update_fields=["preview", "status"])
    return run


@task()
def check_upload(job_id: int, staged_id: int) -> None:
    """Check the whole file and keep the preview of what importing it would change."""
    staged = StagedImport.objects.select_related("area", "created_by").get(pk=staged_id)
    try:
        run = _check(job_id, staged)
    except FileRejected as exc:
        job_fail(job_id, str(exc))
        return
    except BaseException:  # a stopping worker too: the job must not stay "running"
        job_fail(job_id, STOPPED)
        raise
    result = {"run": str(run.public_id), "staged": str(staged.public_id)}
    if run.status == ImportRun.Status.DRY_RUN:
        job_finish(job_id, result=result, message="Checked: see what the import would change.")
    else:
        Job.objects.filter(pk=job_id).update(result=result)
        job_fail(job_id, run.message or "The file was rejected: nothing was saved.")


@task()
def apply_upload(job_id: int, staged_id: int, previewed: str) -> None:
    """Import the file, if it still changes exactly what its preview said."""
    staged = StagedImport.objects.select_related("area", "created_by").get(pk=staged_id)
    try:
        run, outcome = _run(job_id, staged, previewed=previewed)
        if outcome.stale:
            _check(job_id, staged)  # the new preview, for the person to check again
    except FileRejected as exc:
        _ready_again(staged)
        job_fail(job_id, str(exc))
        return
    except BaseException:
        _ready_again(staged)  # nothing was saved: the same preview can be confirmed again
        job_fail(job_id, STOPPED)
        raise
    result = {"run": str(run.public_id), "staged": str(staged.public_id)}
    Job.objects.filter(pk=job_id).update(result=result)
    if run.status == ImportRun.Status.IMPORTED:
        staged_import_save(staged, outcome, applied=True)
        job_finish(
            job_id,
            result=result,
            message=f"Imported: {run.created} created, {run.updated} updated, "
            f"{run.unchanged} unchanged.",
        )
    else:
        _ready_again(staged)
        job_fail(job_id, run.message or "The file was rejected: nothing was saved.")


def _ready_again(staged: StagedImport) -> None:
    StagedImport.objects.filter(pk=staged.pk, status=StagedImport.Status.APPLYING).update(
        status=StagedImport.Status.READY
    )
