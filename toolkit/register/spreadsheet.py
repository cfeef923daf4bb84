"""Plain helpers for CSV and XLSX files that people open in spreadsheet software.

``neutralise`` protects against spreadsheet formula injection: a cell whose text begins with
= + - @, a tab or a carriage return is exported with a leading apostrophe, so that Excel,
LibreOffice and Google Sheets show it as text instead of running it. ``unneutralise`` undoes
exactly that on import, so that an export re-imports unchanged. Both live in core.exports;
this module adds reading uploaded files."""

from __future__ import annotations

import csv
import datetime
import io

# Writing (formula neutralising, CSV and XLSX) is shared by every download: see core.exports.
from toolkit.core.exports import (  # noqa: E402, F401
    FORMULA_TRIGGERS,
    csv_bytes,
    neutralise,
    unneutralise,
    xlsx_bytes,
)


class SpreadsheetError(ValueError):
    """The file cannot be read at all (wrong type, too big, not text)."""


XLSX_MAGIC = b"PK\x03\x04"


def decode_csv(raw: bytes) -> str:
    """UTF-8 with or without a byte-order mark, else Windows-1252."""
    if b"\x00" in raw[:4096]:
        raise SpreadsheetError(
            "The file is not a CSV file. Save it from your spreadsheet as ‘CSV UTF-8’ or as an "
            "Excel workbook (.xlsx)."
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(name: str, raw: bytes, *, max_rows: int) -> list[list[str]]:
    """The file's rows (header first) as lists of stripped text."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not raw.startswith(XLSX_MAGIC):
            raise SpreadsheetError("The file is not an Excel workbook (.xlsx). Check its type.")
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for broken files
            raise SpreadsheetError(
                "The Excel file could not be opened. Save it again as an Excel workbook (.xlsx)."
            ) from exc
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v).strip() for v in values])
            if len(rows) > max_rows + 1:
                break
        workbook.close()
    elif lower.endswith(".csv"):
        if raw.startswith(XLSX_MAGIC):
            raise SpreadsheetError(
                "The file is an Excel workbook with a .csv name. Rename it to .xlsx, or save "
                "it as CSV."
            )
        text = decode_csv(raw)
        rows = []
        try:
            for values in csv.reader(io.StringIO(text, newline="")):
                rows.append([v.strip() for v in values])
                if len(rows) > max_rows + 1:
                    break
        except csv.Error as exc:
            raise SpreadsheetError(f"The CSV file could not be read: {exc}.") from exc
    else:
        raise SpreadsheetError("The file must be a CSV file (.csv) or an Excel workbook (.xlsx).")
    while rows and not any(rows[-1]):
        rows.pop()
    if len(rows) > max_rows + 1:
        raise SpreadsheetError(
            f"The file has more than {max_rows:,} rows. Split it into smaller files."
        )
    return rows
