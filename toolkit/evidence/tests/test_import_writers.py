"""The import writers' two paths and their shared reading (ADR 31): a first import writes
whole batches without looking anything up (COPY on PostgreSQL, executemany on SQLite), a later
one checks each row against what is stored; both store the same rows and report the same
thing. Reading a row's cells in one pass, matching each recipient once and digesting a batch
at a time change nothing of what is read, matched or previewed."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toolkit.areas.models import Organisation, OrganisationKind
from toolkit.core.spreadsheets import Limits, fingerprint, read_table
from toolkit.evidence import matching
from toolkit.evidence.importers import charity_writer
from toolkit.evidence.importers import grants as grants_importer
from toolkit.evidence.matching import OrganisationIndex
from toolkit.evidence.models import CharityRegistration, Grant
from toolkit.evidence.parsing import text, texts
from toolkit.evidence.services import import_files, import_paths

from .conftest import TRAFFORD_CHARITIES, TRAFFORD_GRANTS_CSV, shared

pytestmark = pytest.mark.django_db

GRANT_VALUES = ("identifier", *grants_importer.GRANT_FIELDS)
REGISTRATION_VALUES = ("charity_number", *charity_writer.REGISTRATION_FIELDS)
ORGANISATION_VALUES = ("org_id", "name", "kind", "vcs_type", "annual_income", "website")


def report(run) -> tuple:
    return (
        run.status,
        run.rows_read,
        run.created,
        run.updated,
        run.unchanged,
        run.rejected,
        run.skipped,
        run.problems,
        run.notes["digest"],
    )


def one_row_like(path, first_cell_from: str, first_cell_to: str) -> bytes:
    """The file's header and its first row, with one value changed (a record not in it)."""
    header, first = path.read_bytes().splitlines()[:2]
    return header + b"\n" + first.replace(first_cell_from.encode(), first_cell_to.encode(), 1)


def test_a_first_grants_import_and_a_checked_one_store_and_report_the_same(trafford):
    sample = shared(TRAFFORD_GRANTS_CSV)
    first = import_paths("grants", trafford, [sample])
    stored = sorted(Grant.objects.filter(area=trafford).values_list(*GRANT_VALUES))
    Grant.objects.all().delete()
    # A grant not in the file is stored first, so the same file now goes row by row through
    # the checked path (looking each batch up) instead of the first import's.
    decoy = one_row_like(sample, "360G-traffordmbc-VSG1342", "360G-decoy-1")
    import_files("grants", trafford, [("decoy.csv", io.BytesIO(decoy))])
    checked = import_paths("grants", trafford, [sample])
    again = sorted(
        Grant.objects.filter(area=trafford)
        .exclude(identifier="360G-decoy-1")
        .values_list(*GRANT_VALUES)
    )
    assert first.created == 555 and report(checked) == report(first)
    assert again == stored


def test_a_first_charities_import_and_a_checked_one_store_and_report_the_same(trafford):
    sample = shared(TRAFFORD_CHARITIES)
    first = import_paths("charities", trafford, [sample])
    registrations = sorted(CharityRegistration.objects.values_list(*REGISTRATION_VALUES))
    vcs = Organisation.objects.filter(area=trafford, kind=OrganisationKind.VCS)
    organisations = sorted(vcs.values_list(*ORGANISATION_VALUES))
    CharityRegistration.objects.all().delete()
    vcs.delete()
    decoy = one_row_like(sample, "210843,", "1999999,")
    import_files("charities", trafford, [("decoy.csv", io.BytesIO(decoy))])
    checked = import_paths("charities", trafford, [sample])
    assert first.created == 736 and report(checked) == report(first)
    assert (
        sorted(
            CharityRegistration.objects.exclude(charity_number="1999999").values_list(
                *REGISTRATION_VALUES
            )
        )
        == registrations
    )
    assert sorted(vcs.exclude(org_id="GB-CHC-1999999").values_list(*ORGANISATION_VALUES)) == (
        organisations
    )


@pytest.mark.parametrize(
    ("kind", "sample"), [("grants", TRAFFORD_GRANTS_CSV), ("charities", TRAFFORD_CHARITIES)]
)
def test_an_import_runs_a_fixed_number_of_queries_a_batch(trafford, monkeypatch, kind, sample):
    """A first import and a re-import each run a few queries a batch of rows, never a query
    a row: twice the batches, at most twice the batch queries."""
    sample = shared(sample)

    def queries(batch_size: int) -> int:
        monkeypatch.setattr(grants_importer, "BATCH_SIZE", batch_size)
        monkeypatch.setattr(charity_writer, "BATCH_SIZE", batch_size)
        with CaptureQueriesContext(connection) as first:
            run = import_paths(kind, trafford, [sample])
        assert run.status == "imported" and run.created > 0
        with CaptureQueriesContext(connection) as again:
            run = import_paths(kind, trafford, [sample])
        assert run.status == "imported" and run.unchanged == run.rows_read
        Grant.objects.all().delete()
        CharityRegistration.objects.all().delete()
        Organisation.objects.filter(kind=OrganisationKind.VCS).delete()
        return len(first), len(again)

    few = queries(400)  # 2 batches of the 555 grants or 736 charities
    many = queries(200)  # 3 batches of grants, 4 of charities
    # Beside the batches: the ledger, the area's councils and organisations, the commit.
    assert few[0] <= 25 and few[1] <= 20
    # A first import's batch: a savepoint, the rows (and, for charities, the organisations'
    # ids); a re-import's: the stored rows, and what changed.
    assert many[0] - few[0] <= 2 * 6 and many[1] - few[1] <= 2 * 3


def test_a_rows_cells_are_read_in_one_pass_as_text_reads_each():
    cells = ["NA", " na ", "N/a", "nULl", "None", "NaN", "--", "", "  ", "x", " Trafford ", "NA1"]
    assert texts(cells) == [text(cell) for cell in cells]


def test_a_table_asked_for_one_column_reads_it():
    data = io.BytesIO(b"a,b,c\n1,2,3\n,,\n4,5\n")
    table = read_table(data, fingerprint(data), Limits(max_rows=10), wanted={"b"}.__contains__)
    assert list(table.rows) == [(2, {"b": "2"}), (4, {"b": "5"})]


def test_each_recipient_is_matched_once_and_memory_is_capped(trafford, monkeypatch):
    monkeypatch.setattr(matching, "REMEMBERED", 2)
    organisation = Organisation.objects.create(
        area=trafford, kind=OrganisationKind.VCS, name="Be Active", org_id="GB-CHC-1146179"
    )
    index = OrganisationIndex.for_area(trafford)
    asked = []
    real = index._match
    monkeypatch.setattr(index, "_match", lambda *key: asked.append(key) or real(*key))
    for _ in range(3):
        assert index.match("GB-COH-07962245", "1146179", "") == organisation.pk
        assert index.match("360G-trafford-be_active", "", "") is None
    assert len(asked) == 2
    assert index.match("GB-CHC-1146179") == organisation.pk
    assert index.match("GB-CHC-1146179") == organisation.pk
    assert len(asked) == 4 and len(index.remembered) == 2
