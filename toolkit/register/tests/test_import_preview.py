"""Register imports never destroy work: a preview first (what is added, each changed field's
before and after, and a change that blanks a judgement or qualities called out), kept with the
uploaded file across reloads, and a confirmation that applies exactly what was previewed.
Also every problem in one pass, the template's drop-down lists, and files that would hold
the web process (declared sizes, encodings, binaries)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.core.models import StagedImport
from toolkit.core.testing import workbook_declaring
from toolkit.register.importing import register_import
from toolkit.register.models import Relationship
from toolkit.register.services import QualityAnswer, relationship_create, relationship_update
from toolkit.register.transfer import register_file

HEADER = "Reference,Name,Council parties,VCS parties,Main type,Judgement"


def url(name, area, **kwargs):
    return reverse(f"register:{name}", kwargs={"area_code": area.gss_code, **kwargs})


@pytest.fixture
def judged(area, orgs, make_data):
    """A relationship someone has judged, with every quality recorded as present."""
    from toolkit.framework.selectors import current_version
    from toolkit.register.vocabulary import vocabulary_for

    slugs = list(vocabulary_for(current_version()).qualities)
    assert len(slugs) == 7
    return relationship_create(
        area,
        make_data(
            reference="REL-1",
            title="Partnership board",
            judgement="strategic",
            judgement_reasoning="Sets the plan together",
            qualities={s: QualityAnswer(True, f"Evidence for {s}") for s in slugs},
        ),
    )


def upload(client, area, name, content):
    return client.post(
        url("import", area), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def confirm(client, response, **override):
    staged = StagedImport.objects.get(status=StagedImport.Status.READY)
    data = {"sha256": staged.sha256, "digest": staged.preview["digest"], **override}
    return client.post(response.redirect_chain[-1][0], data)


BLANKING_ROW = (
    HEADER + "\r\nREL-1,Partnership board,Testshire Council,Testshire CVS,Shaping,\r\n"
).encode()


def test_an_existing_reference_is_previewed_with_lost_work_called_out_and_saved_only_on_confirm(
    client, area, orgs, facilitator, judged
):
    client.force_login(facilitator)
    response = upload(client, area, "board.csv", BLANKING_ROW)

    page = response.content.decode()
    assert "Check the changes before you import" in page
    assert "Removes the judgement ‘Strategic" in page
    assert "Removes 7 qualities recorded as present" in page
    assert "1 relationship would lose recorded work" in page
    judged.refresh_from_db()
    assert judged.judgement == "strategic"  # nothing saved by the preview
    assert judged.qualities.filter(present=True).count() == 7

    # The preview survives a reload: it is kept with the stored file.
    again = client.get(response.redirect_chain[-1][0])
    assert "Removes the judgement" in again.content.decode()

    done = confirm(client, response)
    assert done.status_code == 302 and done["Location"] == url("list", area)
    judged.refresh_from_db()
    assert judged.judgement == ""
    assert judged.qualities.filter(present=True).count() == 0
    staged = StagedImport.objects.get()
    assert staged.status == StagedImport.Status.APPLIED and staged.stored_name == ""


def test_the_preview_lists_each_changed_field_before_and_after(
    client, area, orgs, facilitator, judged
):
    client.force_login(facilitator)
    content = (
        HEADER + "\r\nREL-1,Board renamed,Testshire Council,Testshire CVS,Shaping,\r\n"
        "REL-2,New forum,Testshire Council,Youth Club,Delivery,\r\n"
    ).encode()
    page = upload(client, area, "two.csv", content).content.decode()
    staged = StagedImport.objects.get()
    changed = next(c for c in staged.preview["changes"] if c["key"] == "REL-1")
    assert {"field": "Name", "before": "Partnership board", "after": "Board renamed"} in changed[
        "fields"
    ]
    added = next(c for c in staged.preview["changes"] if c["key"] == "REL-2")
    assert added["action"] == "added"
    assert "Partnership board" in page and "Board renamed" in page and "New forum" in page


def test_confirming_refuses_when_the_register_changed_after_the_preview(
    client, area, orgs, facilitator, judged, make_data
):
    client.force_login(facilitator)
    response = upload(client, area, "board.csv", BLANKING_ROW)
    # Someone edits the relationship between the preview and the confirmation.
    data = make_data(
        title="Partnership board",
        judgement="becoming_strategic",
        judgement_reasoning="Getting there",
    )
    relationship_update(judged, data)

    refused = confirm(client, response)

    assert refused.status_code == 302
    judged.refresh_from_db()
    assert judged.judgement == "becoming_strategic"  # not overwritten
    page = client.get(refused["Location"]).content.decode()
    assert "The register changed after this file was checked" in page
    assert "Removes the judgement ‘Becoming strategic" in page  # previewed again


def test_confirming_needs_the_previewed_file_and_preview(client, area, orgs, facilitator, judged):
    client.force_login(facilitator)
    response = upload(client, area, "board.csv", BLANKING_ROW)
    confirm(client, response, sha256="0" * 64)
    confirm(client, response, digest="1" * 64)
    judged.refresh_from_db()
    assert judged.judgement == "strategic"


def test_a_stored_file_that_changed_is_not_applied(client, area, orgs, facilitator, judged):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    client.force_login(facilitator)
    response = upload(client, area, "board.csv", BLANKING_ROW)
    staged = StagedImport.objects.get()
    default_storage.delete(staged.stored_name)
    default_storage.save(
        staged.stored_name, ContentFile(BLANKING_ROW.replace(b"Partnership", b"Renamed"))
    )
    confirm(client, response)
    judged.refresh_from_db()
    assert judged.judgement == "strategic"


def test_someone_elses_preview_is_not_found(client, area, orgs, facilitator, judged):
    client.force_login(facilitator)
    response = upload(client, area, "board.csv", BLANKING_ROW)
    preview = response.redirect_chain[-1][0]
    other = MembershipFactory(area=area, role=Role.FACILITATOR_VCS).user
    client.force_login(other)
    assert client.get(preview).status_code == 404
    assert confirm(client, response).status_code == 404
    judged.refresh_from_db()
    assert judged.judgement == "strategic"


def test_every_problem_of_a_row_is_reported_in_one_pass(area, orgs):
    header = (
        "Reference,Name,Council parties,VCS parties,Main type,Scale,Judgement,"
        "Reasoning for the judgement,Start date,Quality: Clear common goals,"
        "Why: Clear common goals,Quality: Nurtured through regular communication,"
        "Why: Nurtured through regular communication"
    )
    content = (
        header + "\r\nREL-1,,Testshire Council,Nobody Trust,Sharing,Everywhere,Strategic,,"
        "31/31/2020,maybe,,yes,\r\n"
    ).encode()
    result = register_import(area, "bad.csv", content)
    columns = {p.column for p in result.problems}
    assert {
        "Name",
        "VCS parties",
        "Main type",
        "Scale",
        "Reasoning for the judgement",
        "Start date",
        "Quality: Clear common goals",
        "Why: Nurtured through regular communication",
    } <= columns
    assert len(columns) == len(result.problems)  # one problem per column, never repeated
    assert not Relationship.objects.exists()


def test_the_xlsx_template_offers_drop_down_lists(area, orgs):
    workbook = load_workbook(io.BytesIO(register_file(area, "xlsx", template=True)))
    sheet = workbook["Relationships"]
    header = [c.value for c in sheet[1]]
    lists = workbook["Lists"]
    assert lists.sheet_state == "hidden"
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        name = header[sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(column))) - 1]
        source = re.match(r"Lists!\$([A-Z]+)\$1:\$[A-Z]+\$(\d+)", validation.formula1)
        assert validation.type == "list" and source
        offered[name] = [
            lists[f"{source.group(1)}{row}"].value for row in range(1, int(source.group(2)) + 1)
        ]
    assert offered["Main type"][:2] == ["Shaping", "Ongoing"]
    assert offered["Scale"] == ["Neighbourhood (hyperlocal)", "Whole place", "Region"]
    assert "Strategic" in offered["Judgement"]
    assert offered["Quality: Clear common goals"] == ["yes", "no"]


def _declaring(rows: int, ref: str) -> bytes:
    return workbook_declaring(
        [
            ["Reference", "Name", "Council parties", "VCS parties", "Main type"],
            ["REL-9", "Declared", "Testshire Council", "Testshire CVS", "Shaping"],
        ],
        ref=ref,
        empty_rows_to=rows,
    )


def test_a_workbook_declaring_a1_to_xfd5001_reads_only_the_template_columns(area, orgs, cells_read):
    content = _declaring(5001, "A1:XFD5001")
    assert len(content) < 40_000

    result = register_import(area, "declared.xlsx", content)

    assert result.ok, result.problems
    assert Relationship.objects.get().reference == "REL-9"
    # 5001 rows of at most the five columns there are, never 16,384 columns each.
    assert cells_read["cells"] <= 5 * 5001 * 2


def test_rows_are_capped_with_a_clear_message(area, orgs):
    rows = "".join(f"REL-{n},R,Testshire Council,Testshire CVS,Shaping,\r\n" for n in range(5001))
    result = register_import(area, "many.csv", (HEADER + "\r\n" + rows).encode())
    assert [p.problem for p in result.problems] == [
        "The file has more than 5,000 rows. Split it into smaller files and upload each."
    ]


def test_a_workbook_of_empty_rows_is_refused_early(area, orgs, cells_read):
    result = register_import(area, "empty-rows.xlsx", _declaring(20_000, "A1:XFD20000"))
    assert "more than 5,000 empty rows" in result.problems[0].problem
    assert cells_read["cells"] <= 5 * 5003 * 2
    assert not Relationship.objects.exists()


def test_a_csv_mixing_utf8_and_windows_1252_rows_is_refused_with_a_clear_message(area, orgs):
    content = (
        HEADER + "\r\nREL-1,Café board,Testshire Council,Testshire CVS,Shaping,\r\n"
    ).encode() + "REL-2,Crèche forum,Testshire Council,Youth Club,Delivery,\r\n".encode("cp1252")
    result = register_import(area, "mixed.csv", content)
    assert not result.ok
    message = result.problems[0].problem
    assert "mixes two text encodings" in message and "line 2" in message and "line 3" in message
    assert "CSV UTF-8" in message
    assert not Relationship.objects.exists()


@pytest.mark.parametrize(
    "content, says",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x81", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an older Excel or Word file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a picture"),
        (b"Reference,Name\r\nREL-1,\x81\x8d\x90 odd\r\n", "not text in any encoding"),
        ("Reference,Name\r\n".encode("utf-16"), "Unicode text"),
    ],
    ids=["pdf", "xls", "png", "undefined-bytes", "utf-16"],
)
def test_a_binary_file_named_csv_gets_a_plain_message(area, orgs, content, says):
    result = register_import(area, "renamed.csv", content)
    message = result.problems[0].problem
    assert says in message
    assert "codec" not in message and "position" not in message


def test_a_new_upload_replaces_the_persons_earlier_one_and_old_ones_expire(
    client, area, orgs, facilitator, judged
):
    import datetime

    from django.core.files.storage import default_storage
    from django.utils import timezone

    client.force_login(facilitator)
    upload(client, area, "first.csv", BLANKING_ROW)
    first = StagedImport.objects.get()
    other = MembershipFactory(area=area, role=Role.FACILITATOR_VCS).user
    client.force_login(other)
    upload(client, area, "theirs.csv", BLANKING_ROW)
    theirs = StagedImport.objects.get(created_by=other)
    StagedImport.objects.filter(pk=theirs.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    client.force_login(facilitator)
    upload(client, area, "second.csv", BLANKING_ROW)

    assert list(StagedImport.objects.values_list("file_name", flat=True)) == ["second.csv"]
    assert not default_storage.exists(first.stored_name)
    assert not default_storage.exists(theirs.stored_name)
