"""What the URL guard tests (tests/guards) need to know about this app's URLs. (The
organisation_id sample comes from the areas app.)"""

from toolkit.core.models import Job
from toolkit.evidence.models import ImportRun


def _run(area):
    return ImportRun.objects.create(
        area=area, kind="grants", file_name="secret.csv", file_sha256="0" * 64
    ).public_id


def _job(area):
    return Job.objects.create(kind="Import", area=area).public_id


AREA_KWARG_SAMPLES = {"run_id": _run, "job_id": _job}
