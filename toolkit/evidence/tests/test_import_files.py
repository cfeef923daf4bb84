"""Evidence files through the one reader: a workbook that declares far more than it holds
fails fast with a clear message, a CSV mixing encodings is refused, and a fault never shows a
server path; the real published samples still import with their identifiers as published."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.core.models import Job, StagedImport
from toolkit.core.testing import workbook_declaring
from toolkit.evidence.importers import grants as grants_importer
from toolkit.evidence.models import Grant, ImportRun
from toolkit.evidence.services import import_files

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

HEADER = [
    "Identifier",
    "Title",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
]
GRANT = [
    "360G-TRF-BOMB-1",
    "Community chest",
    "GBP",
    1500,
    "2024-04-01",
    "GB-CHC-1234567",
    "Tiny charity",
    "GB-LAE-TRF",
    "Trafford Council",
]


def run_bytes(kind, area, name, data, **options):
    return import_files(kind, area, [(name, io.BytesIO(data))], **options)


def test_a_small_grants_workbook_declaring_20000_rows_fails_fast(trafford, cells_read):
    content = workbook_declaring([HEADER, GRANT], ref="A1:XFD20000", empty_rows_to=20_000)
    assert len(content) < 60_000

    run = run_bytes("grants", trafford, "grants.xlsx", content)

    assert run.status == ImportRun.Status.REJECTED
    assert "more than 10,000 empty rows" in run.message and "Delete the empty rows" in run.message
    # Never 16,384 columns a row: at most the nine 360Giving columns there are.
    assert cells_read["cells"] <= len(HEADER) * 10_003 * 2
    assert not Grant.objects.exists()


def test_a_grants_workbook_declaring_every_column_reads_only_the_grant_columns(
    trafford, cells_read
):
    content = workbook_declaring([HEADER, GRANT], ref="A1:XFD2000", empty_rows_to=2000)

    run = run_bytes("grants", trafford, "grants.xlsx", content)

    assert run.status == ImportRun.Status.IMPORTED, (run.message, run.problems)
    assert Grant.objects.get().identifier == "360G-TRF-BOMB-1"  # as published
    assert cells_read["cells"] <= len(HEADER) * 2001 * 2


def test_uploaded_rows_are_capped(trafford, monkeypatch):
    monkeypatch.setattr(grants_importer, "LIMITS", grants_importer.LIMITS.__class__(max_rows=5))
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
    run = run_bytes("grants", trafford, "grants.csv", data, via="upload")
    assert run.status == ImportRun.Status.REJECTED
    assert run.message == (
        "The file has more than 5 rows. Split it into smaller files and upload each."
    )


def test_the_operators_command_reads_a_national_file_past_the_upload_cap(trafford, monkeypatch):
    monkeypatch.setattr(grants_importer, "LIMITS", grants_importer.LIMITS.__class__(max_rows=5))
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
    run = run_bytes("grants", trafford, "grants.csv", data, via="command")
    assert run.status == ImportRun.Status.IMPORTED, run.message
    assert run.created == 7


def test_a_grants_csv_mixing_encodings_is_refused(trafford):
    lines = (FIXTURES / "trafford_grants_slice.csv").read_bytes().split(b"\n")
    lines[2] = lines[2] + "Crèche".encode("cp1252")
    lines[3] = lines[3] + "Café".encode()
    run = run_bytes("grants", trafford, "grants.csv", b"\n".join(lines))
    assert run.status == ImportRun.Status.REJECTED
    assert "mixes two text encodings" in run.message and "CSV UTF-8" in run.message
    assert not Grant.objects.exists()


def test_a_fault_never_shows_a_server_path(client, trafford, monkeypatch):
    client.force_login(MembershipFactory(area=trafford, role=Role.FACILITATOR_COUNCIL).user)

    def broken(ctx, sources):
        raise OSError(2, "No such file or directory", "/srv/toolkit/media/imports/secret.csv")

    monkeypatch.setitem(
        __import__("toolkit.evidence.services", fromlist=["IMPORTERS"]).IMPORTERS,
        "grants",
        broken,
    )
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
    client.post(
        reverse("evidence:imports", kwargs={"area_code": trafford.gss_code}),
        {"kind": "grants", "file": SimpleUploadedFile("grants.csv", data, "text/csv")},
    )
    job = Job.objects.get()
    run = ImportRun.objects.get()
    for shown in (job.message, run.message):
        assert "nothing was saved" in shown
        assert "/srv" not in shown and "secret" not in shown and "Errno" not in shown
    staged = StagedImport.objects.get()
    page = client.get(
        reverse("evidence:job", kwargs={"area_code": trafford.gss_code, "job_id": job.public_id})
    ).content.decode()
    assert "/srv" not in page and staged.file_name == "grants.csv"


@pytest.mark.parametrize("kind, name", [("contracts", "contracts.json"), ("grants", "grants.json")])
def test_a_json_file_cut_short_gets_a_plain_message(trafford, kind, name):
    """Seen importing a contracts file cut short: 'The file is not valid JSON: parse error:
    premature EOF (right here) ------^', the parser's own words."""
    run = run_bytes(kind, trafford, name, b'{"releases": [ {"ocid": ')
    assert run.status == ImportRun.Status.REJECTED
    assert run.message.startswith("The file is not valid JSON")
    assert "upload it again" in run.message
    assert "parse error" not in run.message and "^" not in run.message
