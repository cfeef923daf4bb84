"""Backup → delete → restore of the demo area gives identical results pages and exports,
and a bundle with any single byte changed is refused, changing nothing."""

import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import Resolver404, resolve
from openpyxl import load_workbook

from tests.crawl import LinkParser, crawl
from toolkit.areas.models import Area, Membership, Role
from toolkit.portability import graph, sealing
from toolkit.portability.backup import MANIFEST, area_backup
from toolkit.portability.restore import BundleError, area_restore, area_restore_check, bundle_read
from toolkit.portability.services import area_rows_delete
from toolkit.rounds.models import Response

pytestmark = pytest.mark.django_db

# Results pages and exports: these must come back identical.
COMPARED = {"mapping", "assessment", "register", "evidence"}
# Pages whose content depends on people or this instance's history (names of who changed
# what, import jobs): people are not carried in a backup, by design. The new-relationship
# form's checkbox values are database ids, which a restore renumbers. The leads forms and
# the handover offer the area's members by name, and a lead keeps its name but not its
# account (the directory itself is compared).
NOT_COMPARED = {
    "register:create",
    "register:leads",
    "register:organisation-leads",
    "register:handover",
    "register:detail",
    "register:edit",
    "register:import",
    "evidence:imports",
}

VOLATILE = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(rb'nonce="[^"]*"'),
    re.compile(rb'data-remaining="[^"]*"'),  # the session's seconds left
]


def normalise(body: bytes) -> bytes:
    for pattern in VOLATILE:
        body = pattern.sub(b"", body)
    return body


def view_name(path):
    try:
        return resolve(path.split("?")[0]).view_name
    except Resolver404:
        return ""


def compared(path):
    name = view_name(path)
    return name.split(":")[0] in COMPARED and name not in NOT_COMPARED


def export_content(response) -> object:
    # Downloads stream (ADR 27): read the whole body, whichever kind of response it is.
    body = response.getvalue()
    if response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        book = load_workbook(io.BytesIO(body), read_only=True)
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }
    return body


def snapshot(client, area):
    pages = {}
    exports = set()

    def fetch(path):
        response = client.get(path)
        html = ""
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            parser = LinkParser()
            parser.feed(html)
            for link in parser.links:
                is_export = link.split("?")[0].endswith((".csv", ".xlsx"))
                if link.startswith("/") and is_export and compared(link):
                    exports.add(link)
        if response.status_code == 200 and compared(path):
            pages[path] = normalise(response.content)
        return response.status_code, html

    crawl(fetch, [f"/areas/{area.gss_code}/"], limit=250, per_route=2)
    files = {path: export_content(client.get(path)) for path in sorted(exports)}
    return pages, files


@pytest.fixture
def facilitator(demo_area):
    membership = (
        Membership.objects.filter(area=demo_area.area, role=Role.FACILITATOR_COUNCIL)
        .select_related("user", "area")
        .first()
    )
    return membership


def test_backup_restore_round_trip_is_identical(client, facilitator):
    area = facilitator.area
    client.force_login(facilitator.user)
    pages_before, files_before = snapshot(client, area)
    assert len(pages_before) > 10 and files_before

    bundle = area_backup(area)
    area_rows_delete(area)
    assert not Area.objects.filter(gss_code=area.gss_code).exists()

    restored = area_restore(bundle_read(bundle))
    Membership.objects.create(user=facilitator.user, area=restored, role=facilitator.role)
    pages_after, files_after = snapshot(client, restored)

    assert set(pages_after) == set(pages_before)
    different = [p for p in pages_before if pages_before[p] != pages_after[p]]
    if different:
        import difflib

        first = different[0]
        diff = "\n".join(
            difflib.unified_diff(
                pages_before[first].decode().splitlines(),
                pages_after[first].decode().splitlines(),
                lineterm="",
                n=0,
            )
        )
        pytest.fail(f"{len(different)} pages changed, like {first}:\n{diff[:3000]}")
    assert files_after == files_before


def test_bundle_holds_no_people_or_tokens(facilitator):
    bundle = area_backup(facilitator.area)
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    names = archive.namelist()
    assert names[0] == MANIFEST
    text = b"".join(archive.read(n) for n in names).decode()
    for membership in Membership.objects.filter(area=facilitator.area).select_related("user"):
        assert membership.user.email not in text
    for excluded in graph.EXCLUDED:
        assert f"data/{excluded}.json" not in names
    responses = sealing.unseal(archive.read(sealing.PATH))["rounds.Response"]
    assert responses and all(r["user_id"] is None for r in responses)
    assert all(r["link_id"] is None and r["resume_digest"] == "" for r in responses)
    assert (
        len(responses)
        == Response.objects.filter(round__area=facilitator.area, status="submitted").count()
    )


def test_every_area_table_is_backed_up_or_left_out_by_decision(db):
    assert graph.unclassified_foreign_keys() == []
    plan = graph.backup_plan()
    names = [graph.label(m) for m in plan.models]
    assert names[0] == graph.AREA
    for name in graph.area_models():
        assert name in names or name in graph.EXCLUDED, f"{name} is neither backed up nor left out"


def test_any_changed_byte_is_refused_and_nothing_changes(facilitator, tmp_path):
    area = facilitator.area
    bundle = area_backup(area)
    area_rows_delete(area)
    count = Area.objects.count()
    step = max(1, len(bundle) // 150)
    positions = sorted({*range(0, len(bundle), step), len(bundle) - 1, len(bundle) // 2})
    for position in positions:
        changed = bytearray(bundle)
        changed[position] = (changed[position] + 1) % 256
        with pytest.raises(BundleError):
            area_restore(bundle_read(bytes(changed)))
    assert Area.objects.count() == count

    path = tmp_path / "changed.zip"
    changed = bytearray(bundle)
    changed[len(bundle) // 2] ^= 0x01
    path.write_bytes(bytes(changed))
    with pytest.raises(CommandError, match="Refused, nothing was restored"):
        call_command("restore_area", str(path))
    assert Area.objects.count() == count


def test_restore_command_and_refusal_when_area_exists(facilitator, tmp_path):
    area = facilitator.area
    path = tmp_path / "backup.zip"
    path.write_bytes(area_backup(area))
    with pytest.raises(CommandError, match="already exists"):
        call_command("restore_area", str(path))
    # The check is the restore's own (the one import runner), writing nothing: it says what
    # would stop the restore, not only that the file is sound.
    with pytest.raises(CommandError, match="already exists"):
        call_command("restore_area", str(path), "--check")
    area_rows_delete(area)
    out = io.StringIO()
    call_command("restore_area", str(path), "--check", stdout=out)
    assert "The bundle is sound and this instance can take it" in out.getvalue()
    assert not Area.objects.filter(gss_code=area.gss_code).exists()
    out = io.StringIO()
    call_command("restore_area", str(path), stdout=out)
    assert "Restored" in out.getvalue()
    assert Area.objects.filter(gss_code=area.gss_code, is_demo=True).exists()


def test_every_reason_a_restore_is_refused_is_given_at_once(facilitator):
    bundle = bundle_read(area_backup(facilitator.area))
    bundle.manifest["migrations"] = {"register": ["9999_from_the_future"]}
    found = area_restore_check(bundle)
    problems = " ".join(p.problem for p in found.problems)
    assert "already exists" in problems and "9999_from_the_future" in problems
    with pytest.raises(BundleError, match="already exists.*9999_from_the_future"):
        area_restore(bundle)


def test_contents_changed_with_matching_zip_but_wrong_checksum_are_refused(facilitator):
    from toolkit.portability.backup import canonical_zip

    bundle = area_backup(facilitator.area)
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    members = [(n, archive.read(n)) for n in archive.namelist()]
    members = [
        (
            n,
            d.replace(b'"title":"', b'"title":"Edited ', 1)
            if n.endswith("Relationship.json")
            else d,
        )
        for n, d in members
    ]
    with pytest.raises(BundleError, match="SHA-256"):
        bundle_read(canonical_zip(members))
