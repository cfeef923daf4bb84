"""A running import's progress reaches its page although the import is one transaction that
nobody else sees into until it ends (core.jobs keeps the progress in the cache, ADR 36)."""

import copy
import threading

import pytest
from django.db import connection

from toolkit.core.jobs import job_finish, job_progress, job_shown
from toolkit.core.models import Job
from toolkit.evidence.services import import_with_outcome

from .conftest import TRAFFORD_GRANTS_CSV, shared


@pytest.mark.django_db(transaction=True)
def test_a_running_imports_progress_is_shown_before_it_commits(trafford):
    job = Job.objects.create(kind="Import", area=trafford)
    job_progress(job.pk, done=0, message="Reading the file.")
    before = Job.objects.get(pk=job.pk)
    shown, in_the_row = [], []

    def progress(rows, done, total):
        job_progress(job.pk, done=done, total=total or None, message=f"{rows:,} rows read.")

        def page_reads():
            # As the job's page does, on its own connection, while the import runs.
            if connection.vendor == "postgresql":
                found = Job.objects.get(pk=job.pk)
                in_the_row.append(found.message)
            else:
                # SQLite's test database is shared in memory and locked by the import; the
                # row as read before the import started stands in for the page's view of it.
                found = copy.copy(before)
            shown.append(job_shown(found).message)
            connection.close()

        reader = threading.Thread(target=page_reads)
        reader.start()
        reader.join()

    with shared(TRAFFORD_GRANTS_CSV).open("rb") as file:
        import_with_outcome(
            "grants",
            trafford,
            [("grants.csv", file)],
            user=None,
            dry_run=False,
            previewed=None,
            via="upload",
            progress=progress,
        )

    assert shown and shown[-1].endswith("rows read.")
    assert shown == sorted(shown, key=lambda m: int(m.split()[0].replace(",", "")))
    if connection.vendor == "postgresql":
        # What the page saw without the cache: nothing moved until the end.
        assert set(in_the_row) == {"Reading the file."}
    job_finish(job.pk, message="Imported.")
    assert job_shown(Job.objects.get(pk=job.pk)).message == "Imported."
