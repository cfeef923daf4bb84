"""The imports' row writer (core.bulk.RowWriter) and the import runner's digest: rows written
straight to the driver read back exactly as the ORM's would, on SQLite and PostgreSQL, and the
digest of a change is the same bytes however it is built."""

import datetime
import json
import uuid
from dataclasses import asdict
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from toolkit.accounts.tests.factories import UserFactory
from toolkit.areas.tests.factories import AreaFactory, OrganisationFactory
from toolkit.core.bulk import SQLITE_IMPORT_CACHE_KIB, RandomIds, RowWriter, bulk_loading
from toolkit.core.imports import ADDED, Change, Recorder
from toolkit.core.models import StagedImport
from toolkit.evidence.models import CharityRegistration

pytestmark = pytest.mark.django_db


def test_rows_written_by_the_driver_read_back_as_the_orm_writes_them():
    area, person = AreaFactory(), UserFactory()
    preview = {"rows": 3, "names": ["Café ‘Ünïcode’", None], "nested": {"ok": True}}
    writer = RowWriter(
        StagedImport, ["area_id", "created_by_id", "kind", "file_name", "sha256", "size", "preview"]
    )
    before = datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        writer.write(
            [
                (area.pk, person.pk, "grants", "one.csv", "a" * 64, 12, preview),
                (area.pk, None, "charities", "two.csv", "b" * 64, 2**40, {}),
            ]
        )
    one = StagedImport.objects.get(file_name="one.csv")
    two = StagedImport.objects.get(file_name="two.csv")
    assert (one.area, one.created_by, one.kind, one.sha256, one.size) == (
        area,
        person,
        "grants",
        "a" * 64,
        12,
    )
    assert one.preview == preview and two.preview == {}
    assert two.created_by is None and two.size == 2**40
    # Fields not given take the model's defaults: a fresh public id for each row, the
    # default status and JSON, and the time of writing.
    assert isinstance(one.public_id, uuid.UUID) and one.public_id != two.public_id
    assert one.status == StagedImport.Status.CHECKING and one.result == {}
    assert before <= one.created_at == one.updated_at <= datetime.datetime.now(datetime.UTC)
    # Found by its public id, as the pages look it up.
    assert StagedImport.objects.get(public_id=one.public_id) == one


def test_a_change_is_digested_the_same_whether_or_not_it_has_fields():
    """The runner digests a plain addition without building a Change: the bytes must be those
    of the Change, or a preview made by one version would never match its confirmation."""
    for key, name in [("GB-CHC-1", "Plain"), ('quote"d', "é\n\u2028 <&> \\"), ("1", "")]:
        recorder = Recorder()
        recorder.record(ADDED, key, name)
        expected = json.dumps(asdict(Change(ADDED, key, name)), sort_keys=True).encode() + b"\n"
        reference = Recorder()
        reference._digest.update(expected)
        assert recorder.finish().digest == reference.finish().digest


def test_random_ids_are_version_4_uuids_drawn_across_refills():
    ids = RandomIds(at_once=3)
    # As hex for SQLite, as UUIDs for PostgreSQL's binary COPY, drawn from the one pool.
    drawn = [uuid.UUID(ids.next_hex()) if n % 2 else ids.next_uuid() for n in range(10)]
    assert len(set(drawn)) == 10
    assert all(u.version == 4 and u.variant == uuid.RFC_4122 for u in drawn)


def test_every_kind_of_value_an_import_writes_reads_back_the_same():
    """PostgreSQL's binary COPY takes each value as its column stores it: dates, decimals,
    JSON lists of objects, empty text and NULLs, as the charity import writes them."""
    organisation = OrganisationFactory()
    writer = RowWriter(
        CharityRegistration,
        [
            "area_id",
            "organisation_id",
            "charity_number",
            "register_name",
            "date_registered",
            "date_removed",
            "latest_income",
            "classifications",
            "areas_of_operation",
        ],
    )
    classes = [{"code": "101", "type": "What", "description": "Général – “quoted”"}]
    with transaction.atomic():
        writer.write(
            [
                (
                    organisation.area_id,
                    organisation.pk,
                    "1234567",
                    "Ünïcode charity",
                    datetime.date(1965, 4, 29),
                    None,
                    Decimal("12345678901234.50"),
                    classes,
                    [],
                )
            ]
        )
    stored = CharityRegistration.objects.get()
    assert (stored.charity_number, stored.register_name) == ("1234567", "Ünïcode charity")
    assert (stored.date_registered, stored.date_removed) == (datetime.date(1965, 4, 29), None)
    assert stored.latest_income == Decimal("12345678901234.50")
    assert (stored.classifications, stored.areas_of_operation) == (classes, [])
    assert stored.company_number == "" and stored.latest_expenditure is None


def test_a_row_breaking_a_unique_key_raises_djangos_integrity_error():
    """The importers roll a batch back to its savepoint on IntegrityError and check it row by
    row: the driver's own error (psycopg's UniqueViolation from COPY) must arrive as Django's."""
    area = AreaFactory()
    writer = RowWriter(StagedImport, ["area_id", "kind", "file_name", "sha256", "public_id"])
    same = uuid.uuid4()
    with pytest.raises(IntegrityError), transaction.atomic():
        writer.write([(area.pk, "grants", f"{n}.csv", "c" * 64, same) for n in range(2)])
    assert not StagedImport.objects.exists()


def test_bulk_loading_widens_sqlites_page_cache_only_while_it_lasts(
    django_assert_num_queries,
):
    if connection.vendor != "sqlite":
        # PostgreSQL's server keeps its own buffers: the import changes nothing there.
        with django_assert_num_queries(0), bulk_loading():
            pass
        return

    def cache_size():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    before = cache_size()
    with bulk_loading():
        assert cache_size() == -SQLITE_IMPORT_CACHE_KIB
    assert cache_size() == before


def test_changes_added_a_batch_at_a_time_are_recorded_as_one_by_one(monkeypatch):
    """The first import digests its batches whole: the preview made that way must match a
    confirmation recorded row by row, and list and count the same changes."""
    from toolkit.core import imports

    monkeypatch.setattr(imports, "MAX_LISTED_CHANGES", 3)
    records = [("GB-CHC-1", "Plain"), ('quote"d', "é\n\u2028 <&> \\"), ("1", ""), (2, 3.5)]
    one_by_one, batched = Recorder(), Recorder()
    for key, name in records:
        one_by_one.record(ADDED, key, name)
    batched.added(records[:1])
    batched.added(iter(records[1:]))
    batched.added([])
    expected, found = one_by_one.finish(), batched.finish()
    assert found == expected
    assert (found.created, len(found.changes)) == (4, 3)
