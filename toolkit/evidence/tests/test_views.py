"""Evidence pages: what each role sees, the upload running as a background task, the
unmatched-recipients decisions, and every page sound (200, one h1) for every demo role."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.crawl import crawl
from toolkit.actions.tests.factories import ReviewGrantFactory
from toolkit.areas.models import Membership, Organisation, OrganisationKind, Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.core.models import Job, StagedImport
from toolkit.evidence.models import Grant, ImportRun, RecipientLink
from toolkit.evidence.services import import_paths

from .conftest import CONTRACTS_FINDER, FIXTURES, TRAFFORD_CHARITIES, TRAFFORD_GRANTS_CSV, shared

pytestmark = pytest.mark.django_db
H1 = re.compile(rb"<h1[\s>]")


@pytest.fixture
def loaded(trafford):
    import_paths("charities", trafford, [shared(TRAFFORD_CHARITIES)])
    import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_CSV)])
    return trafford


def member(area, role=Role.FACILITATOR_COUNCIL):
    ends_on = dt.date.today() + dt.timedelta(days=30) if role == Role.PEER_REVIEWER else None
    user = MembershipFactory(area=area, role=role, ends_on=ends_on).user
    if role == Role.PEER_REVIEWER:
        # A reviewer reads only what a grant gives (see toolkit.actions): grant the evidence.
        ReviewGrantFactory(area=area, email=user.email, scopes=["evidence"], ends_on=ends_on)
    return user


def url(name, area, **kwargs):
    return reverse(f"evidence:{name}", kwargs={"area_code": area.gss_code, **kwargs})


def test_every_evidence_page_is_sound_for_every_role(client, loaded):
    for role in Role:
        client.force_login(member(loaded, role))
        pages = crawl(lambda path: _fetch(client, path), [url("index", loaded)], limit=60)
        evidence_pages = {p: s for p, s in pages.items() if "/evidence/" in p}
        assert len(evidence_pages) >= 4
        assert all(s == 200 for s in evidence_pages.values()), evidence_pages
        for path in evidence_pages:
            body = client.get(path).content
            assert len(H1.findall(body)) == 1, path
        client.logout()


def _fetch(client, path):
    response = client.get(path)
    html = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
    return response.status_code, html


def test_participants_cannot_import(client, loaded):
    client.force_login(member(loaded, Role.VCS_PARTICIPANT))
    assert client.get(url("imports", loaded)).status_code == 403
    assert client.get(url("recipients", loaded)).status_code == 403


def test_directory_filters_and_funding_page(client, loaded):
    client.force_login(member(loaded, Role.PEER_REVIEWER))
    response = client.get(url("directory", loaded), {"q": "cyril"})
    assert b"THE CYRIL FLINT VOLUNTEERING CHARITY" in response.content
    assert response.context["count"] == 1
    response = client.get(url("directory", loaded), {"band": "unknown"})
    assert response.context["count"] == 736  # the subset has no income
    cyril = Organisation.objects.get(org_id="GB-CHC-1146179")
    response = client.get(url("organisation", loaded, organisation_id=cyril.public_id))
    assert b"360G-traffordmbc-VSG1345" not in response.content  # titles shown
    assert b"Voluntary Sector Grant to Cyril Flint Befrienders" in response.content
    response = client.get(url("funding", loaded))
    assert b"trafford_council_voluntary_sector_grants.csv" in response.content
    assert response.context["summary"]["count"] == 555


def test_funding_page_says_what_is_known_about_recipients(client, loaded):
    """Seen setting up Trafford: "income is known for 0.0% of the money: the rest went to
    recipients not matched to a registered charity" when 36.6% went to matched charities,
    whose file (the register subset) has no income column."""
    client.force_login(member(loaded))
    page = client.get(url("funding", loaded)).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "the rest went to recipients not matched" not in text
    assert "Recipients matched to the area's organisations 36.6% of the money (£472,640.03)." in (
        text
    )
    assert (
        "The organisation's income is not known for 36.6% of the money (£472,640.03): the "
        "charity file the organisations came from, charities_operating_in_trafford.csv, has "
        "no income column." in text
    )
    assert "63.4% (£818,796.51) went to recipients not matched to any organisation" in text
    # No recipient's income is known, so no share to small organisations can be worked out
    # (it read "0.0% (£0), counting only the money whose recipient's income is known: 0.0%").
    assert (
        "Share to organisations with income under £100,000 Not known: the income of no "
        "recipient is known." in text
    )
    assert "0.0% (£0), counting only" not in text


def test_asset_map_says_once_that_the_charity_file_has_no_income(client, loaded):
    client.force_login(member(loaded, Role.COUNCIL_PARTICIPANT))
    page = client.get(url("directory", loaded)).content.decode()
    assert page.count("has no income column") == 1
    assert (
        "charities_operating_in_trafford.csv has no income column, so the income of the 736 "
        "charities imported from it is not known" in page
    )


def test_a_file_with_incomes_gets_no_such_note(client, trafford):
    from .test_imports import CCEW

    import_paths("charities", trafford, CCEW)
    client.force_login(member(trafford))
    assert "no income column" not in client.get(url("directory", trafford)).content.decode()


def test_unmatched_recipients_come_in_pages_that_say_how_many(client, loaded):
    client.force_login(member(loaded))
    first = client.get(url("recipients", loaded))
    page = first.content.decode()
    assert "287 recipients not matched, those given the most money first." in page
    assert "Showing 1 to 25." in page
    assert len(first.context["recipients"]) == 25
    assert 'aria-label="Pages of unmatched recipients"' in page and "?page=12" in page
    last = client.get(url("recipients", loaded), {"page": 12})
    assert len(last.context["recipients"]) == 287 - 11 * 25
    assert "Showing 276 to 287." in last.content.decode()
    # A decision on page 3 comes back to page 3.
    third = client.get(url("recipients", loaded), {"page": 3}).context["recipients"]
    response = client.post(
        url("recipient-create", loaded), {"published_id": third[0]["published_id"], "page": "3"}
    )
    assert response["Location"] == url("recipients", loaded) + "?page=3"


def test_value_page_computes_and_explains(client, loaded):
    client.force_login(member(loaded, Role.COUNCIL_PARTICIPANT))
    page = client.get(url("value", loaded)).content.decode()
    assert "£930,000" in page and "£6.64" in page and "at least £935,000" in page
    response = client.post(
        url("value", loaded),
        {"invested": "1000", "costs_avoided": "3000", "value_created": "", "assumptions": "x"},
    )
    assert response.context["result"].net_value == 2000
    response = client.post(url("value", loaded), {"invested": "", "costs_avoided": "x"})
    assert response.context["form"].errors and b"There is a problem" in response.content


def test_upload_runs_as_background_task_and_reports(client, trafford):
    client.force_login(member(trafford))
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
    response = client.post(
        url("imports", trafford),
        {"kind": "grants", "file": SimpleUploadedFile("grants.csv", data, "text/csv")},
    )
    check = Job.objects.get()
    assert response["Location"] == url("job", trafford, job_id=check.public_id)
    assert check.status == "succeeded"
    # The check is previewed, and nothing is saved until the facilitator confirms.
    staged = StagedImport.objects.get()
    preview = url("import-preview", trafford, staged_id=staged.public_id)
    assert client.get(response["Location"])["Location"] == preview
    page = client.get(preview).content.decode()
    assert "Check the changes before you import" in page and "360G-" in page
    assert not Grant.objects.exists()
    confirmed = client.post(preview, {"sha256": staged.sha256, "digest": staged.preview["digest"]})
    job = Job.objects.get(kind="Import")
    assert confirmed["Location"] == url("job", trafford, job_id=job.public_id)
    assert job.status == "succeeded"
    run = ImportRun.objects.get(dry_run=False)
    assert run.via == "upload" and run.created == 7 and run.created_by is not None
    assert Grant.objects.count() == 7
    page = client.get(confirmed["Location"])
    assert "Refresh" not in page  # finished: no more refreshing
    assert b"See the import report" in page.content


def test_running_job_page_refreshes_without_javascript(client, trafford):
    user = member(trafford)
    client.force_login(user)
    job = Job.objects.create(
        kind="Import", area=trafford, created_by=user, status="running", done=50, total=200
    )
    response = client.get(url("job", trafford, job_id=job.public_id))
    assert response["Refresh"] == "3"
    assert b"25%" in response.content


def test_rejected_upload_shows_its_rows(client, trafford):
    client.force_login(member(trafford))
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes().replace(b"2013-01-18", b"soon", 1)
    client.post(
        url("imports", trafford),
        {"kind": "grants", "file": SimpleUploadedFile("g.csv", data, "text/csv")},
    )
    assert Job.objects.get().status == "failed"
    run = ImportRun.objects.get()
    page = client.get(url("import-run", trafford, run_id=run.public_id)).content.decode()
    assert "“soon” is not a date" in page and not Grant.objects.exists()


@pytest.mark.parametrize(
    ("name", "kind", "content", "message"),
    [
        ("g.exe", "grants", b"MZ", "must be .csv, .json, .xlsx"),
        ("g.json", "grants", b"Identifier,Title\n", "has a .json name but its content is a CSV"),
        ("g.csv", "contracts", b"{}", "must be .json"),
        ("g.xlsx", "grants", b"not a zip", "has an .xlsx name but is not an Excel workbook"),
    ],
)
def test_upload_type_checked(client, trafford, name, kind, content, message):
    client.force_login(member(trafford))
    response = client.post(
        url("imports", trafford), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_xlsx_zip_bomb_refused(client, trafford):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    client.force_login(member(trafford))
    response = client.post(
        url("imports", trafford),
        {"kind": "grants", "file": SimpleUploadedFile("bomb.xlsx", buffer.getvalue())},
    )
    assert "zip bomb" in response.content.decode()
    assert not Job.objects.exists()


def test_upload_size_limited(client, trafford, monkeypatch):
    monkeypatch.setattr("toolkit.evidence.forms.MAX_UPLOAD_BYTES", 10)
    client.force_login(member(trafford))
    response = client.post(
        url("imports", trafford),
        {"kind": "grants", "file": SimpleUploadedFile("g.csv", b"Identifier,Amount Awarded\n")},
    )
    assert "must be smaller than" in response.content.decode()


def test_confirm_and_create_unmatched_recipients(client, loaded):
    user = member(loaded)
    client.force_login(user)
    page = client.get(url("recipients", loaded))
    recipients = page.context["recipients"]
    assert recipients and all(r["published_id"] for r in recipients)
    with_suggestion = next(r for r in recipients if r["suggestions"])
    target = with_suggestion["suggestions"][0]
    client.post(
        url("recipient-confirm", loaded),
        {"published_id": with_suggestion["published_id"], "organisation": target["public_id"]},
    )
    link = RecipientLink.objects.get(published_id=with_suggestion["published_id"])
    assert str(link.organisation.public_id) == str(target["public_id"])
    assert not Grant.objects.filter(
        recipient_org_id=with_suggestion["published_id"], recipient__isnull=True
    ).exists()
    other = next(r for r in recipients if r["published_id"] != with_suggestion["published_id"])
    client.post(url("recipient-create", loaded), {"published_id": other["published_id"]})
    created = Organisation.objects.get(area=loaded, name__in=other["names"])
    assert created.kind == OrganisationKind.VCS
    # A second import of the same file keeps the links: everything unchanged.
    again = import_paths("grants", loaded, [TRAFFORD_GRANTS_CSV])
    assert (again.created, again.updated) == (0, 0)


def test_contracts_show_on_funding_page(client, north_yorkshire):
    import_paths("contracts", north_yorkshire, [shared(CONTRACTS_FINDER)])
    client.force_login(member(north_yorkshire, Role.PEER_REVIEWER))
    summary = client.get(url("funding", north_yorkshire)).context["summary"]
    assert summary["kinds"]["contract"].value == 499480  # 4 × 75,000 + 199,480
    assert summary["sources"] == ("contracts_finder_ocds_search_2025-01-23.json",)


def test_demo_memberships_reach_evidence(client, demo_area):
    for membership in Membership.objects.filter(area__is_demo=True):
        client.force_login(membership.user)
        assert client.get(url("index", membership.area)).status_code == 200
        client.logout()
