"""Plain helpers for CSV and XLSX files that people open in spreadsheet software.

``neutralise`` protects against spreadsheet formula injection: a cell whose text begins with
= + - @, a tab or a carriage return is exported with a leading apostrophe, so that Excel,
LibreOffice and Google Sheets show it as text instead of running it. ``unneutralise`` undoes
exactly that on import, so that an export re-imports unchanged. (Kept here as plain
functions so that core can adopt them later.)"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens accented names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """Each sheet is (title, header, rows); every cell is written as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([neutralise(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
        for index, _ in enumerate(header, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = 28
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=False)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading ------------------------------------------------------------------------------


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
