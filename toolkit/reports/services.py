"""Asking for a report: a Report row and its Job, then the background task."""

from django.db import transaction

from toolkit.core.models import Job

from .models import Report, ReportKind

JOB_KINDS = {ReportKind.AREA: "Area report", ReportKind.SUMMARY: "Summary for lead members"}


def report_request(area, *, kind: str, fmt: str, scopes, user) -> Report:
    with transaction.atomic():
        job = Job.objects.create(kind=JOB_KINDS[kind], area=area, created_by=user)
        report = Report.objects.create(
            area=area,
            kind=kind,
            format=fmt,
            scopes=sorted(scopes),
            job=job,
            requested_by=user,
        )
    from .tasks import report_generate

    # After the commit, so that a worker on another process finds the rows.
    report_generate.enqueue(report.pk)
    return report
