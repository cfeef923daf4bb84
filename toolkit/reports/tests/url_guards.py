"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.areas.scopes import ALL_SCOPES
from toolkit.core.models import Job
from toolkit.reports.models import Report


def _report(area):
    """A finished report in the area, so that the download URLs have something to serve."""
    return Report.objects.create(
        area=area,
        kind="area",
        format="pdf",
        scopes=sorted(ALL_SCOPES),
        job=Job.objects.create(kind="Area report", area=area, status=Job.Status.SUCCEEDED),
        content=b"%PDF-1.7 secret",
        size=15,
        finished_at="2026-01-01T00:00:00Z",
    ).public_id


AREA_KWARG_SAMPLES = {
    "report_id": _report,
    # Not an object of the area, but each dataset must still be refused to non-members.
    "dataset": lambda area: "register",
}
