"""Formula neutralising in the one place every download uses (core.exports)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from toolkit.core.exports import (
    CSV_ROWS_PER_CHUNK,
    LISTS_SHEET,
    Sheet,
    csv_bytes,
    csv_chunks,
    looks_like_formula,
    neutralise,
    unneutralise,
    xlsx_bytes,
    xlsx_file,
)

TRIGGERS = ["=", "+", "-", "@"]
LEADS = ["", " ", "   ", "\n", "\r\n", " \n ", "\t ", "\u00a0"]


@pytest.mark.parametrize("trigger", TRIGGERS)
@pytest.mark.parametrize("lead", LEADS, ids=repr)
def test_a_formula_after_leading_spaces_or_line_breaks_is_neutralised(lead, trigger):
    value = f'{lead}{trigger}HYPERLINK("http://x")'
    written = neutralise(value)
    assert written == "'" + value
    assert unneutralise(written) == value


@pytest.mark.parametrize("value", ["\tcmd", "\rcmd", "\t", "\r\n"], ids=repr)
def test_a_leading_tab_or_carriage_return_is_neutralised(value):
    written = neutralise(value)
    assert written == "'" + value
    assert unneutralise(written) == value


@pytest.mark.parametrize(
    "value",
    ["Plain", "a=b", "  plain with = later", "\nNew line then text", "'tis", "", "3"],
    ids=repr,
)
def test_ordinary_text_is_left_alone(value):
    assert neutralise(value) == value
    assert unneutralise(value) == value


@pytest.mark.parametrize("value", ["'=1+1", "'' =1", "' \n@x", "'-"], ids=repr)
def test_text_that_already_starts_with_an_apostrophe_round_trips(value):
    assert unneutralise(neutralise(value)) == value


def test_csv_and_xlsx_downloads_hold_no_cell_a_spreadsheet_could_run():
    values = [" =1+1", "\n=cmd|' /C calc'!A0", " \n+44", "\t-2", "  @SUM(A1)"]
    rows = list(
        csv.reader(io.StringIO(csv_bytes(["h"], [[v] for v in values]).decode("utf-8-sig")))
    )
    assert [r[0] for r in rows[1:]] == ["'" + v for v in values]
    assert not any(looks_like_formula(r[0]) for r in rows)
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("S", ["h"], [[v] for v in values])]))).active
    cells = [c.value for c in sheet["A"][1:]]
    assert cells == ["'" + v for v in values]
    assert all(c.data_type == "s" for c in sheet["A"])


def test_a_csv_is_written_a_few_hundred_rows_at_a_time_as_the_rows_are_taken():
    taken = []

    def rows():
        for n in range(1200):
            taken.append(n)
            yield [f"=row {n}", n]

    chunks = csv_chunks(["Name", "Number"], rows())
    first = next(chunks)
    assert len(taken) == CSV_ROWS_PER_CHUNK  # nothing beyond the first chunk's rows yet
    assert first.startswith("\ufeffName,Number\r\n".encode())
    rest = list(chunks)
    assert len(rest) == 2
    assert first + b"".join(rest) == csv_bytes(
        ["Name", "Number"], [[f"=row {n}", n] for n in range(1200)]
    )
    assert b"'=row 1199,1199\r\n" in rest[-1]


def test_an_xlsx_written_row_by_row_keeps_its_header_text_cells_and_drop_downs():
    rows = [["#N/A", -1.5, None, "Yes"], ["=1+1", 3, "", "No"]]
    sheets = [
        Sheet("Relationships", ["Name", "Gap", "Empty", "Answer"], iter(rows), {"Answer": ["Yes"]}),
        ("Notes", ["Column"], [["Name"]]),
    ]
    with xlsx_file(sheets) as file:
        workbook = load_workbook(file)

    sheet = workbook["Relationships"]
    assert [c.value for c in sheet[1]] == ["Name", "Gap", "Empty", "Answer"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 28
    assert [c.value for c in sheet[2]] == ["#N/A", -1.5, None, "Yes"]
    assert [c.data_type for c in sheet[2]][:2] == ["s", "n"]
    assert [c.value for c in sheet[3]][:2] == ["'=1+1", 3]
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == f"{LISTS_SHEET}!$A$1:$A$1"
    assert str(validation.sqref) == "D2:D5001"
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    assert workbook[LISTS_SHEET]["A1"].value == "Yes"
    assert workbook.sheetnames == ["Relationships", "Notes", LISTS_SHEET]
