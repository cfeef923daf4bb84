"""Helpers for background jobs: progress updates from inside a task, and the response headers
that make a progress page refresh itself without JavaScript."""

from .models import Job

REFRESH_SECONDS = 3


def job_progress(job_id, *, done: int, total: int | None = None, message: str = "") -> None:
    fields = {"done": done, "status": Job.Status.RUNNING}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message
    Job.objects.filter(pk=job_id).update(**fields)


def job_finish(job_id, *, result: dict | None = None, message: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED, result=result or {}, message=message
    )


def job_fail(job_id, message: str) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, message=message)


def with_refresh(response, job: Job):
    """While the job runs, ask the browser to reload the page (an HTTP Refresh header, which
    works without JavaScript and, unlike a meta refresh, is not a page-content timing trap;
    the page says that it refreshes)."""
    if not job.is_finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
