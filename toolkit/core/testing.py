"""Test helpers for imports: workbooks that declare more than they hold (made in the test, as a
spreadsheet saved after selecting whole rows and columns writes them), and a count of the cells
openpyxl hands back."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook


def workbook_declaring(rows: list[list], *, ref: str, empty_rows_to: int) -> bytes:
    """A workbook holding `rows` (header first) whose sheet declares the dimension `ref` and
    has empty rows up to row `empty_rows_to`."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    declared = io.BytesIO()
    with zipfile.ZipFile(declared, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(
                    r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', data.decode()
                )
                empty = "".join(f'<row r="{n}"/>' for n in range(len(rows) + 1, empty_rows_to + 1))
                data = text.replace("</sheetData>", empty + "</sheetData>").encode()
            target.writestr(item, data)
    return declared.getvalue()


@pytest.fixture
def cells_read(monkeypatch):
    """Counts the cells openpyxl hands back, row by row, in read-only mode."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    counted = {"cells": 0}
    real = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in real(self, *args, **kwargs):
            counted["cells"] += len(row)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return counted
