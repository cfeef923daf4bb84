"""Fault: the worker dies part way through an import (an exception injected inside the task
after some rows have been written in batches, once the facilitator has confirmed the preview).
The job and the ledger say it failed, nothing partial is stored, and confirming the same upload
again succeeds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.core.models import Job, StagedImport
from toolkit.evidence.importers import grants as grants_importer
from toolkit.evidence.importers.base import ImportContext
from toolkit.evidence.models import Grant, ImportRun
from toolkit.evidence.tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

GRANTS = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
CRASH_AFTER_ROWS = 5


class WorkerDied(Exception):
    """Stands in for whatever kills the work: a lost connection, a bug, memory."""


@pytest.fixture
def trafford(reference_data):
    from toolkit.areas.services import area_create_for_council

    area, _ = area_create_for_council("E08000009")
    return area


def upload(client, area):
    """Upload the file; its check succeeds and is kept as a preview."""
    client.post(
        reverse("evidence:imports", kwargs={"area_code": area.gss_code}),
        {"kind": "grants", "file": SimpleUploadedFile("grants.csv", GRANTS, "text/csv")},
    )
    return StagedImport.objects.get(status=StagedImport.Status.READY)


def confirm(client, area, staged):
    return client.post(
        reverse(
            "evidence:import-preview",
            kwargs={"area_code": area.gss_code, "staged_id": staged.public_id},
        ),
        {"sha256": staged.sha256, "digest": staged.preview["digest"]},
    )


@pytest.mark.parametrize(
    "death",
    [
        WorkerDied,
        SystemExit,
    ],
)
def test_a_worker_dying_mid_import_stores_nothing_and_a_rerun_succeeds(
    client, trafford, monkeypatch, death
):
    client.force_login(MembershipFactory(area=trafford, role=Role.FACILITATOR_COUNCIL).user)
    # Small batches, so that rows really are written before the crash.
    monkeypatch.setattr(grants_importer, "BATCH_SIZE", 2)
    real_tick = ImportContext.tick
    written_before_crash = []

    def crashing_tick(ctx):
        real_tick(ctx)
        if ctx.rows_read > CRASH_AFTER_ROWS:
            written_before_crash.append(Grant.objects.filter(area=trafford).count())
            raise death("worker died")

    staged = upload(client, trafford)
    monkeypatch.setattr(ImportContext, "tick", crashing_tick)
    response = confirm(client, trafford, staged)
    assert response.status_code == 302
    assert written_before_crash and written_before_crash[0] >= 2  # batches had been written

    job = Job.objects.get(kind="Import")
    assert job.status == Job.Status.FAILED
    assert "nothing was saved" in job.message.lower()
    run = ImportRun.objects.get(dry_run=False)
    assert run.status == ImportRun.Status.FAILED
    assert run.notes["saved"] is False and run.finished_at is not None
    assert not Grant.objects.exists()
    # The job page tells the facilitator, and stops refreshing.
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Refresh" not in page

    monkeypatch.setattr(ImportContext, "tick", real_tick)
    staged.refresh_from_db()
    rerun = confirm(client, trafford, staged)
    assert rerun.status_code == 302
    job = Job.objects.order_by("-created_at").first()
    assert job.status == Job.Status.SUCCEEDED
    run = ImportRun.objects.order_by("-created_at").first()
    assert run.status == ImportRun.Status.IMPORTED and run.created == 7
    assert Grant.objects.count() == 7
    assert list(ImportRun.objects.order_by("created_at").values_list("status", flat=True)) == [
        ImportRun.Status.DRY_RUN,
        ImportRun.Status.FAILED,
        ImportRun.Status.IMPORTED,
    ]
