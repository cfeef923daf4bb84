"""Plain helpers for CSV and XLSX files that people open in spreadsheet software, shared by
every download (register, results, action plan).

``neutralise`` protects against spreadsheet formula injection (CSV injection): a cell whose
text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also after leading
spaces or line breaks (spreadsheets skip those when they open a CSV), is written with a leading
apostrophe, so that Excel, LibreOffice and Google Sheets show it as text instead of running it.
``unneutralise`` undoes exactly that, so that an exported file re-imports unchanged. A number
(a Python int, float or Decimal, never text that looks like one) cannot be a formula: it is
written as it is, so that a gap of -0.5 stays a number people can sort and add up. In XLSX a
number is a number cell and everything else a string cell, never a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could run the text: it starts with a trigger, or with
    whitespace (spaces, line feeds, no-break spaces) and then one."""
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS)


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def neutralise(value) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet could read it as a
    formula. A number is its own text (``-1.5`` stays ``-1.5``: a spreadsheet reads it as the
    number, never a formula); text such as ``"-1.5"`` is neutralised like any other. Text that
    already starts with apostrophes before a formula gets one more, so that ``unneutralise``
    gives it back."""
    if is_number(value):
        return str(value)
    text = "" if value is None else str(value)
    if looks_like_formula(text.lstrip("'")):
        return "'" + text
    return text


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)  # openpyxl writes floats as number cells
    return value if is_number(value) else neutralise(value)


def unneutralise(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and looks_like_formula(text[1:].lstrip("'")):
        return text[1:]
    return text


@dataclass(frozen=True)
class Sheet:
    """One table: a sheet of a workbook, or one CSV file."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    # Column header → the answers it allows, offered as a drop-down list in XLSX (a warning,
    # not a refusal, for anything else: the import says what it accepts).
    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)


LISTS_SHEET = "Lists"
VALIDATED_ROWS = 5001


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel opens accented names correctly), CRLF lines,
    every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet | tuple]) -> bytes:
    """A workbook with one sheet per table; each is (title, header, rows) or a Sheet. Every
    cell is neutralised and stored as a string cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    specs = [s if isinstance(s, Sheet) else Sheet(*s) for s in sheets]
    for spec in specs:
        title, header, rows = spec.title, spec.header, spec.rows
        sheet = workbook.create_sheet(title=_sheet_title(title))
        sheet.append([neutralise(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_xlsx_value(cell) for cell in row])
        for row in sheet.iter_rows():
            for cell in row:
                if not is_number(cell.value):
                    cell.data_type = "s"
        for index in range(1, len(header) + 1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = 28
        sheet.freeze_panes = "A2"
    if any(spec.choices for spec in specs):
        _add_drop_downs(workbook, specs)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_drop_downs(workbook, specs: list[Sheet]) -> None:
    """Each column's answers in a hidden sheet, and a list validation pointing at them (a
    list in the sheet, not in the formula, which Excel caps at 255 characters)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    used = 0
    for spec in specs:
        sheet = workbook[_sheet_title(spec.title)]
        for position, name in enumerate(spec.header, start=1):
            answers = spec.choices.get(name)
            if not answers:
                continue
            used += 1
            source = get_column_letter(used)
            for row, answer in enumerate(answers, start=1):
                lists.cell(row=row, column=used, value=neutralise(answer)).data_type = "s"
            validation = DataValidation(
                type="list",
                formula1=f"{LISTS_SHEET}!${source}$1:${source}${len(answers)}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=str(name)[:32],
                error="Choose an answer from the list.",
            )
            target = get_column_letter(position)
            validation.add(f"{target}2:{target}{VALIDATED_ROWS}")
            sheet.add_data_validation(validation)


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "Sheet"
