import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from toolkit.core.exports import neutralise, unneutralise
from toolkit.register.importing import register_import
from toolkit.register.models import Relationship, RelationshipChange
from toolkit.register.services import QualityAnswer, relationship_create, relationship_data
from toolkit.register.transfer import register_file

HEADER = (
    "Reference,Name,Council parties,VCS parties,Main type,Other types,Structures,Scale,"
    "Judgement,Reasoning for the judgement,Quality: Clear common goals,Why: Clear common goals"
)


def _csv(*rows, header=HEADER):
    return "\r\n".join([header, *rows]) + "\r\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Plain", "Plain"),
        ("", ""),
        (None, ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected
    assert unneutralise(neutralise(text)) == ("" if text is None else text)


def test_unneutralise_keeps_an_ordinary_apostrophe():
    assert unneutralise("'tis the season") == "'tis the season"


def test_valid_csv_creates_relationships_including_blends_and_vcs_to_vcs(area, orgs):
    content = _csv(
        "REL-1,Partnership board,Testshire Council; Housing,Testshire CVS,Shaping,Ongoing; "
        "Commissioning,Board; Forum,Whole place,Strategic,Sets the plan,yes,Agreed goals",
        "REL-2,Youth alliance,,Youth Club; Café Food Bank,Delivery,,Alliance,,,,no,",
    ).encode()

    result = register_import(area, "register.csv", content)

    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    board = Relationship.objects.get(reference="REL-1")
    assert set(board.types.values_list("type_slug", flat=True)) == {
        "shaping",
        "ongoing",
        "commissioning",
    }
    assert board.types.get(is_main=True).type_slug == "shaping"
    assert board.structures == ["board", "forum"]
    assert board.judgement == "strategic"
    youth = Relationship.objects.get(reference="REL-2")
    assert set(youth.parties.values_list("side", flat=True)) == {"vcs"}
    assert board.changes.get().source == RelationshipChange.Source.IMPORT


def test_same_file_twice_creates_no_duplicates(area, orgs):
    content = _csv("REL-1,Board,Testshire Council,Testshire CVS,Shaping,,,,,,no,").encode()
    assert register_import(area, "a.csv", content).created == 1
    again = register_import(area, "a.csv", content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Relationship.objects.count() == 1
    assert RelationshipChange.objects.count() == 1


def test_a_file_with_errors_is_rejected_row_by_row_and_nothing_is_saved(area, orgs):
    content = _csv(
        "REL-1,Good row,Testshire Council,Testshire CVS,Shaping,,,,,,no,",
        "REL-2,,Testshire Council,Nobody Trust,Sharing,,Board; Picnic,Everywhere,,,maybe,",
        "REL-1,Duplicate,Testshire Council,Testshire CVS,Shaping,,,,Strategic,,yes,",
    ).encode()

    result = register_import(area, "bad.csv", content)

    assert not result.ok
    assert Relationship.objects.count() == 0
    found = {(p.row, p.column) for p in result.problems}
    assert (3, "VCS parties") in found  # Nobody Trust
    assert (3, "Main type") in found  # Sharing
    assert (3, "Structures") in found  # Picnic
    assert (3, "Scale") in found
    assert (3, "Quality: Clear common goals") in found  # maybe
    assert (4, "Reference") in found  # duplicate
    nobody = next(p for p in result.problems if "Nobody Trust" in p.problem)
    assert nobody.fix.startswith("Check the spelling")
    assert all(p.problem and p.fix for p in result.problems)


def test_rule_problems_are_reported_against_their_columns(area, orgs):
    content = _csv(
        "REL-1,,Testshire Council,Testshire CVS,Shaping,,,,Strategic,,yes,",
    ).encode()
    result = register_import(area, "bad.csv", content)
    columns = {p.column for p in result.problems}
    assert columns == {"Name", "Reasoning for the judgement", "Why: Clear common goals"}


def test_missing_headings_are_reported(area, orgs):
    result = register_import(area, "x.csv", b"Foo,Bar\r\n1,2\r\n")
    assert result.problems[0].row == 1
    assert "Reference" in result.problems[0].column


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252"],
)
def test_csv_encodings(area, orgs, encode):
    content = encode(_csv("REL-1,Food – “pantry” scheme,Housing,Café Food Bank,Delivery,,,,,,no,"))
    result = register_import(area, "x.csv", content)
    assert result.ok, result.problems
    relationship = Relationship.objects.get()
    assert relationship.title == "Food – “pantry” scheme"
    assert relationship.parties.get(side="vcs").organisation.name == "Café Food Bank"


def test_unreadable_files_are_refused(area, orgs):
    assert not register_import(area, "x.pdf", b"%PDF-1.4").ok
    assert not register_import(area, "x.xlsx", b"not a zip").ok
    assert not register_import(area, "x.csv", b"PK\x03\x04rest").ok
    assert not register_import(area, "x.csv", b"a\x00b").ok
    assert not register_import(area, "x.csv", b"x" * (2 * 1024 * 1024 + 1)).ok


def _rich_register(area, orgs, make_data):
    import datetime

    relationship_create(
        area,
        make_data(
            title='=HYPERLINK("http://evil")',
            description="Line one\nLine two, with a comma",
            parties=[orgs["council"], orgs["housing"], orgs["cvs"], orgs["foodbank"]],
            main_type="commissioning",
            types=["delivery", "commissioning"],
            structures=["contract", "steering_group"],
            meeting_frequency="quarterly",
            scale="region",
            region_kind="integrated-care-system",
            judgement="becoming_strategic",
            judgement_reasoning="-Co-design started in 2023",
            started_on=datetime.date(2019, 10, 1),
            status="paused",
            notes="@mention",
            qualities={
                "common-goals": QualityAnswer(True, "Shared outcomes"),
                "nurtured": QualityAnswer(True, "Monthly meeting"),
            },
        ),
    )
    relationship_create(
        area,
        make_data(
            title="Youth network",
            parties=[orgs["youth"], orgs["cvs"]],
            main_type="neighbourhood",
            scale="neighbourhood",
            neighbourhoods="Saltings; Quayfield",
        ),
    )


def _snapshot(area):
    return [
        relationship_data(r)
        for r in Relationship.objects.filter(area=area)
        .order_by("reference")
        .prefetch_related("parties__organisation", "types", "qualities")
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_unchanged(area, orgs, make_data, fmt):
    _rich_register(area, orgs, make_data)
    before = _snapshot(area)
    changes_before = RelationshipChange.objects.count()
    content = register_file(area, fmt)

    result = register_import(area, f"register.{fmt}", content)

    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert RelationshipChange.objects.count() == changes_before
    after = _snapshot(area)
    assert [(d.title, d.notes, d.judgement_reasoning) for d in after] == [
        (d.title, d.notes, d.judgement_reasoning) for d in before
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_into_an_empty_area_recreates_the_register(area, orgs, make_data, fmt):
    _rich_register(area, orgs, make_data)
    before = _snapshot(area)
    content = register_file(area, fmt)
    Relationship.objects.all().delete()

    result = register_import(area, f"register.{fmt}", content)

    assert result.created == 2
    after = _snapshot(area)
    for old, new in zip(before, after, strict=True):
        old.parties = sorted(p.pk for p in old.parties)
        new.parties = sorted(p.pk for p in new.parties)
        old.types, new.types = sorted(old.types), sorted(new.types)
        assert new == old


def test_exported_cells_are_neutralised(area, orgs, make_data):
    _rich_register(area, orgs, make_data)
    text = register_file(area, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles
    workbook = load_workbook(io.BytesIO(register_file(area, "xlsx")))
    sheet = workbook["Relationships"]
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert '\'=HYPERLINK("http://evil")' in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "How to fill this in" in workbook.sheetnames


def test_xlsx_template_imports_with_typed_cells(area, orgs):
    import datetime

    workbook = load_workbook(io.BytesIO(register_file(area, "xlsx", template=True)))
    sheet = workbook["Relationships"]
    header = [c.value for c in sheet[1]]
    row = dict.fromkeys(header)
    row.update(
        {
            "Reference": "REL-9",
            "Name": "Typed cells",
            "Council parties": "Public health",
            "VCS parties": "GB-CHC-1234567",
            "Main type": "ongoing relationships",
            "Start date": datetime.datetime(2020, 1, 31),
            "Quality: Clear common goals": True,
            "Why: Clear common goals": "Written plan",
        }
    )
    sheet.append([row[h] for h in header])
    out = io.BytesIO()
    workbook.save(out)

    result = register_import(area, "filled.xlsx", out.getvalue())

    assert result.ok, result.problems
    relationship = Relationship.objects.get(reference="REL-9")
    assert relationship.started_on == datetime.date(2020, 1, 31)
    assert relationship.parties.get(side="vcs").organisation == orgs["cvs"]
    assert relationship.qualities.get(quality_slug="common-goals").present


def test_empty_workbook(area, orgs):
    workbook = Workbook()
    out = io.BytesIO()
    workbook.save(out)
    assert not register_import(area, "empty.xlsx", out.getvalue()).ok
