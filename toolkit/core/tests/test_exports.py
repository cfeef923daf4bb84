"""Formula neutralising in the one place every download uses (core.exports)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from toolkit.core.exports import csv_bytes, looks_like_formula, neutralise, unneutralise, xlsx_bytes

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
