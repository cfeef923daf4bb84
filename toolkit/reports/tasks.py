"""Background generation of reports (django-tasks-db in production, run at once in tests),
reporting progress through a core Job that the report's page shows."""

from django.tasks import task
from django.utils import timezone

from toolkit.core.jobs import job_fail, job_finish, job_progress

from .content import STEPS, report_data
from .models import Report, ReportFormat
from .render import render_docx, render_pdf


@task()
def report_generate(report_id: int) -> None:
    report = Report.objects.select_related("area", "job").get(pk=report_id)
    job_id = report.job_id
    job_progress(job_id, done=0, total=STEPS, message="Starting.")
    try:
        data = report_data(
            report.area,
            report.scopes,
            kind=report.kind,
            progress=lambda step, message: job_progress(job_id, done=step, message=message),
        )
        job_progress(job_id, done=STEPS - 1, message="Writing the document.")
        render = render_pdf if report.format == ReportFormat.PDF else render_docx
        content = render(data, report.kind)
    except Exception as exc:
        job_fail(job_id, f"The report could not be made: {exc}")
        raise
    Report.objects.filter(pk=report.pk).update(
        content=content, size=len(content), finished_at=timezone.now()
    )
    job_finish(
        job_id,
        result={"report": str(report.public_id)},
        message=f"Ready to download ({len(content) // 1024 + 1} KB).",
    )
