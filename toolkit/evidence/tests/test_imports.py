"""Imports of the real published samples, and the rules every import keeps: all or nothing,
idempotent, row-level report, encodings, dates, identifiers."""

import csv
import io
import shutil
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from toolkit.areas.models import Organisation, OrganisationKind
from toolkit.areas.tests.factories import AreaFactory, OrganisationFactory
from toolkit.evidence.importers import charity_writer
from toolkit.evidence.importers import grants as grants_importer
from toolkit.evidence.models import (
    CharityRegistration,
    Contract,
    ContractRelease,
    Grant,
    ImportRun,
)
from toolkit.evidence.services import import_files, import_paths

from .conftest import (
    CONTRACTS_FINDER,
    FIXTURES,
    GIVING_TEMPLATE,
    TRAFFORD_CHARITIES,
    TRAFFORD_GRANTS_CSV,
    TRAFFORD_GRANTS_JSON,
    shared,
)

pytestmark = pytest.mark.django_db

CCEW = [
    FIXTURES / "ccew" / "publicextract.charity.json",
    FIXTURES / "ccew" / "publicextract.charity_area_of_operation.json",
    FIXTURES / "ccew" / "publicextract.charity_classification.json",
]


def run_bytes(kind, area, name, data: bytes, **options):
    return import_files(kind, area, [(name, io.BytesIO(data))], **options)


# --- real samples ---------------------------------------------------------------------------


def test_real_trafford_charities_import_then_unchanged(trafford):
    first = import_paths("charities", trafford, [shared(TRAFFORD_CHARITIES)])
    assert first.status == "imported", first.problems
    assert (first.rows_read, first.created, first.rejected) == (736, 736, 0)
    assert first.file_format == "ccew-processed-subset-csv"
    assert CharityRegistration.objects.filter(area=trafford).count() == 736
    # NA is null, numbers stay text with their zeros.
    wildlife = CharityRegistration.objects.get(charity_number="214927")
    assert wildlife.company_number == "00738693"
    assert wildlife.organisation.org_id == "GB-CHC-214927"
    assert wildlife.organisation.kind == OrganisationKind.VCS
    assert wildlife.organisation.website == "https://www.cheshirewildlifetrust.co.uk"
    dukinfield = CharityRegistration.objects.get(charity_number="210843")
    assert dukinfield.company_number == "" and dukinfield.email == "" and dukinfield.web == ""
    assert CharityRegistration.objects.filter(charity_number__regex=r"^\d{6}$").count() == 169

    second = import_paths("charities", trafford, [TRAFFORD_CHARITIES])
    assert (second.created, second.updated, second.unchanged) == (0, 0, 736)
    assert ImportRun.objects.filter(area=trafford, kind="charities").count() == 2


@pytest.mark.parametrize("sample", [TRAFFORD_GRANTS_CSV, TRAFFORD_GRANTS_JSON], ids=["csv", "json"])
def test_real_trafford_grants_import_then_unchanged(trafford, sample):
    first = import_paths("grants", trafford, [shared(sample)])
    assert first.status == "imported", first.problems
    assert (first.rows_read, first.created, first.skipped) == (555, 555, 0)
    council = Organisation.objects.get(area=trafford, kind=OrganisationKind.COUNCIL)
    assert Grant.objects.filter(area=trafford, funder=council).count() == 555
    total = sum(g.amount_awarded for g in Grant.objects.filter(area=trafford))
    assert total > Decimal("1000000")
    first_grant = Grant.objects.get(identifier="360G-traffordmbc-VSG1343")
    assert first_grant.amount_awarded == Decimal("3028.63")
    assert str(first_grant.award_date) == "2013-01-18"
    assert first_grant.duration_months == Decimal("12.0")
    assert first_grant.funder_department == "Partnerships and Communities"

    second = import_paths("grants", trafford, [sample])
    assert (second.created, second.updated, second.unchanged) == (0, 0, 555)


def test_csv_and_json_of_the_same_grants_agree(trafford):
    import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_CSV)])
    again = import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_JSON)])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 555)


def test_grants_match_charities_by_charity_and_company_number(trafford):
    import_paths("charities", trafford, [shared(TRAFFORD_CHARITIES)])
    import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_CSV)])
    cyril = Organisation.objects.get(area=trafford, org_id="GB-CHC-1146179")
    # Published as GB-COH-07962245 with charity number 1146179 beside it.
    grant = Grant.objects.get(identifier="360G-traffordmbc-VSG1345")
    assert grant.recipient_org_id == "GB-COH-07962245"
    assert grant.recipient == cyril
    # Names never link: publisher-minted ids stay unmatched until a person confirms them.
    assert not Grant.objects.filter(
        recipient_org_id__startswith="360G-", recipient__isnull=False
    ).exists()


def test_charities_imported_after_grants_link_them(trafford):
    import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_CSV)])
    assert not Grant.objects.filter(recipient__isnull=False).exists()
    run = import_paths("charities", trafford, [TRAFFORD_CHARITIES])
    assert run.notes["grants_and_suppliers_now_matched"] > 0
    assert Grant.objects.get(identifier="360G-traffordmbc-VSG1345").recipient.org_id == (
        "GB-CHC-1146179"
    )


def test_real_contracts_finder_page_compiles_per_ocid(north_yorkshire):
    first = import_paths("contracts", north_yorkshire, [shared(CONTRACTS_FINDER)])
    assert first.status == "imported", (first.message, first.problems)
    assert first.file_format == "ocds-release-package"
    # 100 releases: 6 bought by North Yorkshire Council (two as "The North Yorkshire
    # Council"), the rest by other buyers.
    assert (first.rows_read, first.created, first.skipped) == (100, 6, 94)
    assert first.notes["contracts"] == {"created": 6, "updated": 0, "unchanged": 0}
    council = Organisation.objects.get(area=north_yorkshire, kind=OrganisationKind.COUNCIL)
    assert Contract.objects.filter(area=north_yorkshire, buyer=council).count() == 6
    contract = Contract.objects.get(ocid="ocds-b5fd17-ecaca80f-df5d-423c-bf97-d863eb429c41")
    supplier = contract.suppliers.get()
    # GB-COH-4013122 has lost its leading zero: padded before matching.
    assert supplier.org_id == "GB-COH-04013122"
    assert contract.awarded_value == Decimal("75000.00")

    second = import_paths("contracts", north_yorkshire, [CONTRACTS_FINDER])
    assert (second.created, second.updated, second.unchanged) == (0, 0, 6)
    assert second.notes["contracts"] == {"created": 0, "updated": 0, "unchanged": 6}


def test_releases_of_one_ocid_compile_with_ocdsmerge(north_yorkshire):
    import json

    package = json.loads(shared(CONTRACTS_FINDER).read_text())
    release = next(
        r
        for r in package["releases"]
        if r["ocid"] == "ocds-b5fd17-ecaca80f-df5d-423c-bf97-d863eb429c41"
    )
    later = json.loads(json.dumps(release))
    later["id"] = release["id"] + "-update"
    later["date"] = "2025-02-01T10:00:00Z"
    later["tag"] = ["awardUpdate"]
    later["awards"][0]["value"]["amount"] = 80000
    data = json.dumps({"releases": [release]}).encode()
    run_bytes("contracts", north_yorkshire, "page1.json", data)
    run = run_bytes(
        "contracts", north_yorkshire, "page2.json", json.dumps({"releases": [later]}).encode()
    )
    assert run.notes["contracts"] == {"created": 0, "updated": 1, "unchanged": 0}
    contract = Contract.objects.get(ocid=release["ocid"])
    assert contract.awarded_value == Decimal("80000.00")
    assert contract.stage == "awardUpdate"
    assert ContractRelease.objects.filter(ocid=release["ocid"]).count() == 2


def test_record_package_is_read(north_yorkshire):
    import json

    package = json.loads(shared(CONTRACTS_FINDER).read_text())
    releases = [r for r in package["releases"] if "North Yorkshire" in r["buyer"]["name"]]
    records = {"records": [{"ocid": r["ocid"], "releases": [r]} for r in releases]}
    run = run_bytes("contracts", north_yorkshire, "records.json", json.dumps(records).encode())
    assert run.status == "imported" and run.file_format == "ocds-record-package"
    assert Contract.objects.filter(area=north_yorkshire).count() == 6


def test_360giving_template_xlsx(trafford, tmp_path):
    workbook = openpyxl.load_workbook(shared(GIVING_TEMPLATE))
    sheet = workbook["grants"]
    headers = [c.value for c in sheet[1]]
    import csv

    with (FIXTURES / "trafford_grants_slice.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        sheet.append(
            [
                row.get(h, "") if h != "From An Open Call?" else row["From an open call?"]
                for h in headers
            ]
        )
    path = tmp_path / "grants.xlsx"
    workbook.save(path)
    run = import_paths("grants", trafford, [path])
    assert run.status == "imported", (run.message, run.problems)
    assert run.file_format == "360giving-xlsx"
    assert run.created == 7
    assert Grant.objects.get(identifier="360G-traffordmbc-VSG1345").recipient_company_number == (
        "07962245"
    )


# --- the raw register extract ----------------------------------------------------------------


def test_register_extract_tables_joined_for_the_area(trafford):
    run = import_paths("charities", trafford, CCEW)
    assert run.status == "imported", (run.message, run.problems)
    assert run.file_format == "ccew-register-extract"
    # 5 rows: one linked charity left out, one charity working only in Stockport skipped.
    assert (run.rows_read, run.created, run.skipped) == (5, 3, 1)
    assert run.notes["linked_charities_not_imported"] == 1
    cyril = CharityRegistration.objects.get(charity_number="1146179")
    assert cyril.organisation_number == "9000001"
    assert cyril.areas_of_operation == ["Manchester City", "Trafford"]
    assert cyril.register_name == "THE CYRIL FLINT VOLUNTEERING CHARITY"
    assert cyril.address == "CYRIL FLINT BEFRIENDERS, 5A WASHWAY ROAD, SALE"
    assert cyril.latest_income == Decimal("123456.78")
    assert cyril.organisation.annual_income == Decimal("123456.78")
    assert str(cyril.date_registered) == "2012-03-01"
    assert [c["code"] for c in cyril.classifications] == ["103", "202", "306"]
    removed = CharityRegistration.objects.get(charity_number="219177")
    assert removed.registration_status == "Removed" and str(removed.date_removed) == "2020-03-31"
    again = import_paths("charities", trafford, CCEW)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_charity_table_without_area_of_operation_is_rejected(trafford):
    run = import_paths("charities", trafford, CCEW[:1])
    assert run.status == "rejected"
    assert "area of operation" in run.message


# --- all or nothing, idempotent, row-level report --------------------------------------------


def test_one_bad_row_rejects_the_file_with_its_row_number(trafford):
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
    lines = data.split(b"\r\n")
    lines[3] = lines[3].replace(b"GBP,,495,", b"GBP,,one thousand,")  # row 4: Amount Awarded
    run = run_bytes("grants", trafford, "bad.csv", b"\r\n".join(lines))
    assert run.status == "rejected"
    assert run.problems == [
        {"row": 4, "field": "Amount Awarded", "problem": "“one thousand” is not a number"}
    ]
    assert run.rejected == 1
    assert not Grant.objects.exists()


def test_exception_midway_leaves_nothing_partial(trafford, monkeypatch):
    # Batches of 500, so that the first is written inside the transaction before the fault.
    monkeypatch.setattr(grants_importer, "BATCH_SIZE", 500)
    monkeypatch.setattr(charity_writer, "BATCH_SIZE", 500)
    # Every 100 rows, however fast: the fault must come after the first batch.
    monkeypatch.setattr("toolkit.evidence.importers.base.PROGRESS_SECONDS", 0)
    written = []

    def explode(rows, done, total):
        # After the first batch of 500 rows was written inside the import's transaction.
        if rows > 500:
            written.append(Grant.objects.count() + CharityRegistration.objects.count())
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_CSV)], progress=explode)
    assert written[-1] >= 500
    assert not Grant.objects.exists()
    run = ImportRun.objects.get()
    # The fault's own text goes to the log, never to the page (it may name a server path).
    assert run.status == "failed" and "nothing was saved" in run.message
    assert "killed" not in run.message

    with pytest.raises(RuntimeError):
        import_paths("charities", trafford, [shared(TRAFFORD_CHARITIES)], progress=explode)
    assert written[-1] >= 500
    assert not CharityRegistration.objects.exists()
    assert not Organisation.objects.filter(kind=OrganisationKind.VCS).exists()


def test_republished_file_updates_what_changed(trafford):
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
    run_bytes("grants", trafford, "grants.csv", data)
    changed = data.replace(b",3028.63,", b",3100.00,")
    run = run_bytes("grants", trafford, "grants.csv", changed)
    assert (run.created, run.updated, run.unchanged) == (0, 1, 6)
    assert Grant.objects.get(identifier="360G-traffordmbc-VSG1343").amount_awarded == Decimal(
        "3100.00"
    )


def test_dry_run_saves_nothing_but_counts(trafford):
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
    run = run_bytes("grants", trafford, "grants.csv", data, dry_run=True)
    assert run.status == "dry_run" and run.created == 7
    assert not Grant.objects.exists()


def test_duplicate_identifier_is_a_problem(trafford):
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes().rstrip(b"\r\n").split(b"\r\n")
    run = run_bytes("grants", trafford, "dup.csv", b"\r\n".join([*data, data[1]]))
    assert run.status == "rejected"
    assert run.problems[0]["row"] == 9 and run.problems[0]["field"] == "Identifier"


@pytest.mark.parametrize("already_stored", [False, True])
def test_a_grant_repeated_in_a_later_batch_is_a_problem(trafford, monkeypatch, already_stored):
    """A first import writes whole batches without looking anything up; the database's key
    still catches a grant repeated from an earlier batch, and the import reports its row."""
    monkeypatch.setattr(grants_importer, "BATCH_SIZE", 2)
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes().rstrip(b"\r\n").split(b"\r\n")
    if already_stored:
        run_bytes("grants", trafford, "grants.csv", b"\r\n".join(data))
    run = run_bytes("grants", trafford, "dup.csv", b"\r\n".join([*data, data[1]]))
    assert run.status == "rejected"
    assert run.problems == [
        {
            "row": 9,
            "field": "Identifier",
            "problem": "grant 360G-traffordmbc-VSG1342 appears more than once",
        }
    ]
    assert Grant.objects.count() == (7 if already_stored else 0)


def test_a_charity_repeated_in_a_later_batch_is_a_problem(trafford, monkeypatch):
    monkeypatch.setattr(charity_writer, "BATCH_SIZE", 2)
    data = (FIXTURES / "trafford_charities_slice.csv").read_bytes().rstrip(b"\n").split(b"\n")
    run = run_bytes("charities", trafford, "dup.csv", b"\n".join([*data, data[1]]))
    assert run.status == "rejected"
    assert run.problems == [
        {
            "row": 7,
            "field": "registered_charity_number",
            "problem": "charity 210843 appears more than once in the file",
        }
    ]
    assert not CharityRegistration.objects.exists()
    assert not Organisation.objects.filter(kind=OrganisationKind.VCS).exists()


def test_a_first_charity_import_in_batches_links_each_registration_to_its_organisation(
    trafford, monkeypatch
):
    monkeypatch.setattr(charity_writer, "BATCH_SIZE", 2)
    run = run_bytes(
        "charities",
        trafford,
        "charities.csv",
        (FIXTURES / "trafford_charities_slice.csv").read_bytes(),
    )
    assert (run.status, run.created) == ("imported", 5)
    registrations = CharityRegistration.objects.select_related("organisation")
    assert registrations.count() == 5
    for registration in registrations:
        assert registration.organisation.org_id == f"GB-CHC-{registration.charity_number}"
        assert registration.organisation.name == registration.register_name
        assert registration.area_id == registration.organisation.area_id == trafford.pk
    again = run_bytes(
        "charities",
        trafford,
        "charities.csv",
        (FIXTURES / "trafford_charities_slice.csv").read_bytes(),
    )
    assert (again.status, again.created, again.updated, again.unchanged) == ("imported", 0, 0, 5)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings(trafford, encoding):
    text = (FIXTURES / "trafford_grants_slice.csv").read_text(encoding="utf-8")
    run = run_bytes("grants", trafford, "g.csv", text.encode(encoding))
    assert run.status == "imported", run.problems
    assert run.encoding == encoding
    assert "café" in Grant.objects.get(identifier="360G-traffordmbc-VSG16003").description
    assert (
        "‘Independent Women’"
        in Grant.objects.get(identifier="360G-traffordmbc-VSG16029").description
    )


def test_dates_as_published_and_headers_in_any_case(trafford):
    text = (FIXTURES / "trafford_grants_slice.csv").read_text(encoding="utf-8")
    text = text.replace("2013-01-18", "18/01/2013").replace("Amount Awarded", "amount awarded")
    run = run_bytes("grants", trafford, "g.csv", text.encode())
    assert run.status == "imported", run.problems
    assert str(Grant.objects.get(identifier="360G-traffordmbc-VSG1342").award_date) == "2013-01-18"


def test_file_from_another_area_is_rejected(north_yorkshire):
    run = import_paths("grants", north_yorkshire, [shared(TRAFFORD_GRANTS_CSV)])
    assert run.status == "rejected" and "GB-LAE-NYE" in run.message
    assert run.skipped == 555


def test_not_a_grants_file_is_rejected(trafford):
    run = import_paths("grants", trafford, [shared(TRAFFORD_CHARITIES)])
    assert run.status == "rejected" and "Amount Awarded" in run.message


# --- commands ---------------------------------------------------------------------------------


def test_commands_report_and_exit_non_zero_on_rejection(trafford, tmp_path, capsys):
    call_command(
        "import_grants", str(shared(TRAFFORD_GRANTS_CSV)), "--area", "E08000009", "--dry-run"
    )
    assert "Checked (dry run" in capsys.readouterr().out
    assert not Grant.objects.exists()
    bad = tmp_path / "bad.csv"
    shutil.copy(FIXTURES / "trafford_grants_slice.csv", bad)
    bad.write_bytes(bad.read_bytes().replace(b"2013-01-18", b"18th January", 1))
    with pytest.raises(CommandError, match="1 file rejected"):
        call_command(
            "import_grants",
            str(FIXTURES / "trafford_grants_slice.csv"),
            str(bad),
            "--area",
            "E08000009",
        )
    out = capsys.readouterr().out
    assert "row 2, Award Date" in out
    assert Grant.objects.count() == 7  # the good file, in its own transaction
    call_command("import_charities", *map(str, CCEW), "--area", "E08000009")
    with pytest.raises(CommandError, match="1 file rejected"):
        # Trafford buys nothing on this page: the file is refused, not silently empty.
        call_command("import_contracts", str(shared(CONTRACTS_FINDER)), "--area", "E08000009")
    with pytest.raises(CommandError, match="No area"):
        call_command("import_contracts", str(CONTRACTS_FINDER), "--area", "E09999999")


@pytest.mark.parametrize(
    "web",
    [
        "www.example.org",
        "https://example.org/path?q=1#top",
        "http://a-b.c-d.co.uk/",
        "example.org.",
        "-bad.org",
        "bad-.org",
        "example.o",
        "example.123",
        "exa mple.org",
        "example.org/with space",
        "user:pass@example.org",
        "example.org:8080/",
        "xn--bcher-kva.example",
        "https://münchen.de",
        "ftp://files.example.org",
        "javascript:alert(1)",
        "192.168.0.1",
        "[::1]",
        "a" * 64 + ".org",
        "a." * 130 + "org",
        "NA",
    ],
)
def test_a_website_taken_without_the_url_validator_is_one_it_accepts(web):
    url = web if "://" in web else f"https://{web}"
    try:
        charity_writer.VALID_URL(url)
        expected = url[:200]
    except ValidationError:
        expected = ""
    assert charity_writer.website_from(web) == expected


def test_every_real_website_is_read_as_the_url_validator_reads_it():
    with shared(TRAFFORD_CHARITIES).open(encoding="utf-8", newline="") as fh:
        webs = [row["charity_contact_web"] for row in csv.DictReader(fh)]
    assert len([w for w in webs if w != "NA"]) > 300
    for web in webs:
        url = web if "://" in web else f"https://{web}"
        try:
            charity_writer.VALID_URL(url)
            expected = url[:200]
        except ValidationError:
            expected = ""
        assert charity_writer.website_from(web) == (expected if web else "")


# --- provenance links (ADR 34) --------------------------------------------------------------


def test_deleting_an_import_run_clears_the_rows_provenance(trafford):
    """The links from imported rows to the import that wrote them have no database constraint
    (ADR 34): Django's on_delete must still clear them, so that no row names a missing run."""
    import_paths("charities", trafford, [shared(TRAFFORD_CHARITIES)])
    import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_CSV)])
    assert CharityRegistration.objects.filter(source_run__isnull=False).exists()
    assert Grant.objects.filter(last_seen_run__isnull=False).exists()

    ImportRun.objects.filter(area=trafford).delete()

    for model in (CharityRegistration, Grant):
        rows = model.objects.filter(area=trafford)
        assert rows.exists()
        assert not rows.filter(source_run_id__isnull=False).exists(), model
        assert not rows.filter(last_seen_run_id__isnull=False).exists(), model


def test_only_provenance_links_go_without_a_database_constraint():
    """Dropping a foreign key's constraint is a trade-off taken for the import run links alone
    (ADR 34); every other link in the project keeps its constraint."""
    from django.apps import apps

    unconstrained = sorted(
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "db_constraint", True) is False and field.concrete
    )
    assert unconstrained == [
        "evidence.CharityRegistration.last_seen_run",
        "evidence.CharityRegistration.source_run",
        "evidence.Contract.source_run",
        "evidence.ContractRelease.source_run",
        "evidence.Grant.last_seen_run",
        "evidence.Grant.source_run",
    ]


def test_a_foreign_key_without_an_index_of_its_own_is_led_by_another():
    """Keys such as a grant's or a registration's area go without an index of their own
    (one less to keep up for each row of a national file) only where an index or unique
    constraint beginning with them serves the same look-ups and deletes."""
    from django.apps import apps

    unindexed = []
    for model in apps.get_models():
        leading = {
            model._meta.get_field(fields[0].lstrip("-")).column
            for fields in [
                *(index.fields for index in model._meta.indexes),
                *(getattr(c, "fields", ()) for c in model._meta.constraints),
                *model._meta.unique_together,
            ]
            if fields  # an index of expressions leads with no field
        }
        unindexed.extend(
            f"{model._meta.label}.{field.name}"
            for field in model._meta.concrete_fields
            if field.is_relation
            and not field.db_index
            and not field.unique
            and field.column not in leading
        )
    assert unindexed == []


def test_charities_written_are_matched_to_their_own_area_by_id_alone(trafford):
    """The organisations just written are read back by id (see CharityWriter._created); a
    row another import wrote meanwhile, in another area with the same org-id, is left out."""
    from toolkit.evidence.importers.base import ImportContext

    other = AreaFactory()
    after = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ours = OrganisationFactory(area=trafford, org_id="GB-CHC-1000001")
    OrganisationFactory(area=other, org_id="GB-CHC-1000001")
    OrganisationFactory(area=other, org_id="GB-CHC-1000002")
    run = ImportRun.objects.create(area=trafford, kind="charities")
    writer = charity_writer.CharityWriter(ImportContext(run, trafford, None))

    created = writer._created(["GB-CHC-1000001", "GB-CHC-1000002"], after)

    assert created == {"GB-CHC-1000001": ours.pk}


def test_progress_is_reported_at_most_every_half_second(trafford, monkeypatch):
    """Each report writes the job's row and the cache: every 100 rows of a national file
    would be thousands of writes for a page that refreshes every 3 s."""
    from toolkit.evidence.importers import base

    clock = [1000.0]
    monkeypatch.setattr(base.time, "monotonic", lambda: clock[0])
    reports = []
    run = ImportRun.objects.create(area=trafford, kind="grants")
    ctx = base.ImportContext(run, trafford, lambda rows, done, total: reports.append(rows))
    for _ in range(base.PROGRESS_EVERY * 3):
        ctx.tick()
    assert reports == [base.PROGRESS_EVERY]
    clock[0] += base.PROGRESS_SECONDS
    ctx.report()
    assert reports == [base.PROGRESS_EVERY, base.PROGRESS_EVERY * 3]
