"""Background work: an uploaded file imported by a Django task (django-tasks-db in production,
run immediately in tests), reporting progress through a core Job."""

from django.core.files.storage import default_storage
from django.tasks import task

from toolkit.areas.models import Area
from toolkit.core.jobs import job_fail, job_finish, job_progress
from toolkit.core.models import Job

from .models import ImportRun
from .services import import_files


@task()
def import_upload(
    job_id: int,
    area_id: int,
    kind: str,
    stored_name: str,
    file_name: str,
    user_id: int | None,
    dry_run: bool,
) -> None:
    from django.contrib.auth import get_user_model

    area = Area.objects.get(pk=area_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    job_progress(job_id, done=0, message="Reading the file.")

    def progress(rows, done_bytes, total_bytes):
        job_progress(
            job_id, done=done_bytes, total=total_bytes or None, message=f"{rows:,} rows read."
        )

    try:
        with default_storage.open(stored_name, "rb") as fileobj:
            run = import_files(
                kind,
                area,
                [(file_name, fileobj)],
                user=user,
                dry_run=dry_run,
                via="upload",
                progress=progress,
            )
    except BaseException as exc:  # a stopping worker too: the job must not stay "running"
        job_fail(job_id, f"The import stopped and nothing was saved: {exc}")
        raise
    finally:
        default_storage.delete(stored_name)
    Job.objects.filter(pk=job_id).update(result={"run": str(run.public_id)})
    if run.status in (ImportRun.Status.IMPORTED, ImportRun.Status.DRY_RUN):
        job_finish(
            job_id,
            result={"run": str(run.public_id)},
            message=f"{run.get_status_display()}: {run.created} created, {run.updated} "
            f"updated, {run.unchanged} unchanged.",
        )
    else:
        job_fail(job_id, run.message or "The file was rejected: nothing was saved.")
