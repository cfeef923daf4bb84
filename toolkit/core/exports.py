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
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from openpyxl.cell.cell import ERROR_CODES

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


CSV_ROWS_PER_CHUNK = 500


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV file, a few hundred rows at a time (for a streamed download: the rows are
    taken from ``rows`` as they are written, never all held as text). UTF-8 with a
    byte-order mark (so Excel opens accented names correctly), CRLF lines, every cell
    neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([neutralise(h) for h in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(cell) for cell in row])
        if count % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The whole CSV file of ``csv_chunks``."""
    return b"".join(csv_chunks(header, rows))


def xlsx_file(sheets: Sequence[Sheet | tuple]) -> IO[bytes]:
    """A workbook with one sheet per table (each is (title, header, rows) or a Sheet), in a
    temporary file read from the start. It is written row by row in openpyxl's write-only
    mode, so memory stays flat however many rows there are. Every cell is neutralised; a
    number is a number cell and everything else a string cell (never a formula or an error
    value); the header is bold and stays in view."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    specs = [s if isinstance(s, Sheet) else Sheet(*s) for s in sheets]
    lists = _drop_down_lists(specs)
    bold = Font(bold=True)
    for index, spec in enumerate(specs):
        sheet = workbook.create_sheet(title=_sheet_title(spec.title))
        # Column widths and the frozen header come before the first row in write-only mode.
        for position in range(1, len(spec.header) + 1):
            sheet.column_dimensions[get_column_letter(position)].width = 28
        sheet.freeze_panes = "A2"
        for validation in _drop_downs(lists, index):
            sheet.data_validations.append(validation)
        sheet.append([_xlsx_cell(sheet, h, font=bold) for h in spec.header])
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    if lists:
        sheet = workbook.create_sheet(LISTS_SHEET)
        sheet.sheet_state = "hidden"
        longest = max(len(answers) for *_where, answers in lists)
        for row in range(longest):
            sheet.append(
                [_xlsx_cell(sheet, a[row]) if row < len(a) else None for *_where, a in lists]
            )
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the caller reads and closes it)
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def xlsx_bytes(sheets: Sequence[Sheet | tuple]) -> bytes:
    """The whole workbook of ``xlsx_file``."""
    with xlsx_file(sheets) as file:
        return file.read()


def _xlsx_cell(sheet, value, font=None):
    """A number as it is; anything else as neutralised text, kept as a string cell even where
    openpyxl would read it as an error value (``#N/A``)."""
    from openpyxl.cell import WriteOnlyCell

    value = _xlsx_value(value)
    if font is None and (is_number(value) or value not in ERROR_CODES):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if not is_number(value):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _drop_down_lists(specs: list[Sheet]) -> list[tuple[int, int, str, Sequence[str]]]:
    """(sheet index, column position, header, answers) for each column with a list of
    answers, in the order of their columns in the hidden lists sheet."""
    return [
        (index, position, name, spec.choices[name])
        for index, spec in enumerate(specs)
        for position, name in enumerate(spec.header, start=1)
        if spec.choices.get(name)
    ]


def _drop_downs(lists, sheet_index: int):
    """A list validation for each of the sheet's columns with answers, pointing at the
    column of the hidden sheet that holds them (a list in a sheet, not in the formula, which
    Excel caps at 255 characters)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for source, (index, position, name, answers) in enumerate(lists, start=1):
        if index != sheet_index:
            continue
        column = get_column_letter(source)
        validation = DataValidation(
            type="list",
            formula1=f"{LISTS_SHEET}!${column}$1:${column}${len(answers)}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=str(name)[:32],
            error="Choose an answer from the list.",
        )
        target = get_column_letter(position)
        validation.add(f"{target}2:{target}{VALIDATED_ROWS}")
        yield validation


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "Sheet"
