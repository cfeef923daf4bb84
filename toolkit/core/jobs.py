"""Helpers for background jobs: progress updates from inside a task, and the response headers
that make a progress page refresh itself without JavaScript.

An import runs in one transaction, so what it writes to its Job row is seen by nobody else
until it ends. Progress is therefore also kept in the cache (Redis in production, a cache
shared between processes under `make run`), and the job's page reads it from there while the
job runs (ADR 36)."""

from django.core.cache import cache

from .models import Job

# Long enough for the longest import; the finished job's row says the rest.
PROGRESS_KEPT_SECONDS = 6 * 60 * 60


def _progress_key(job_id: int) -> str:
    return f"job-progress:{job_id}"


REFRESH_SECONDS = 3


def job_progress(job_id, *, done: int, total: int | None = None, message: str = "") -> None:
    fields = {"done": done, "status": Job.Status.RUNNING}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message
    Job.objects.filter(pk=job_id).update(**fields)
    cache.set(_progress_key(job_id), fields, PROGRESS_KEPT_SECONDS)


def job_shown(job: Job) -> Job:
    """The job as its page shows it: while it runs, with the progress its task last reported,
    which the row itself shows only once the task's transaction ends."""
    if not job.is_finished:
        for field, value in (cache.get(_progress_key(job.pk)) or {}).items():
            setattr(job, field, value)
    return job


def job_finish(job_id, *, result: dict | None = None, message: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED, result=result or {}, message=message
    )
    cache.delete(_progress_key(job_id))


def job_fail(job_id, message: str) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, message=message)
    cache.delete(_progress_key(job_id))


def with_refresh(response, job: Job):
    """While the job runs, ask the browser to reload the page (an HTTP Refresh header, which
    works without JavaScript and, unlike a meta refresh, is not a page-content timing trap;
    the page says that it refreshes)."""
    if not job.is_finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
