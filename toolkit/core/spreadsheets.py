"""Reading the CSV and XLSX files people upload: the one reader every import uses (the
register, and the evidence files).

Nothing is trusted that a file says about itself. The text encoding is worked out from every
line (UTF-8 with or without a byte-order mark, else Windows-1252), and a file that mixes the
two, or is not text at all, is refused with a message saying what to do. A workbook is checked
for zip bombs before it is opened, the size it declares is ignored, only the columns the import
asks for are read, and rows are capped: a file that goes past a limit is refused as soon as it
does, never read to the end. Cells come back as text (dates as ISO text), so identifiers keep
their leading zeros and every import sees the same values from CSV and XLSX alike.

Messages never name a path on the server, only the file name the person gave."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from toolkit.core.rows import tuple_getter

BOM = b"\xef\xbb\xbf"
XLSX_MAGIC = b"PK\x03\x04"
SAVE_AS_CSV = "Open it in your spreadsheet and save it as ‘CSV UTF-8’, then upload it again."

# Signatures of files that are often renamed or saved by mistake, and what to call them.
NOT_TEXT = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an older Excel or Word file (.xls or .doc)"),
    (b"\x89PNG", "a picture"),
    (b"\xff\xd8\xff", "a picture"),
    (b"GIF8", "a picture"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
)


class FileRejected(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


class ValueProblem(ValueError):
    """One value cannot be read; the message says what is expected."""


# --- what kind of file, and its text encoding ---------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    kind: str  # csv, json or xlsx, from the content (never the name)
    encoding: str  # utf-8-sig, utf-8 or cp1252 for text files; "" otherwise
    problem: str = ""  # why the file cannot be read as text ("" when it can)


def fingerprint(fileobj) -> Fingerprint:
    """One streaming pass: hash, size, what kind of file it is and, for text, its encoding.

    Every line that is not plain ASCII is decoded: a file whose lines are all UTF-8 is UTF-8,
    one whose lines are all not is Windows-1252 (what spreadsheet software on Windows writes),
    and one that has both is refused, because either reading would garble some rows."""
    fileobj.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = fileobj.read(4096)
    fileobj.seek(0)
    first_utf8 = first_other = None
    undecodable = None
    has_nul = False
    for number, line in enumerate(_binary_lines(fileobj), start=1):
        digest.update(line)
        size += len(line)
        if b"\x00" in line:
            has_nul = True
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            first_utf8 = first_utf8 or number
        except UnicodeDecodeError:
            first_other = first_other or number
            if undecodable is None:
                try:
                    line.decode("cp1252")
                except UnicodeDecodeError:
                    undecodable = number
    fileobj.seek(0)
    if head.startswith(XLSX_MAGIC):
        return Fingerprint(digest.hexdigest(), size, "xlsx", "")
    stripped = head.removeprefix(BOM).lstrip()
    kind = "json" if stripped[:1] in (b"{", b"[") else "csv"
    problem = _text_problem(head, has_nul, first_utf8, first_other, undecodable)
    if head.startswith(BOM):
        encoding = "utf-8-sig"
    elif first_other is None:
        encoding = "utf-8"
    else:
        encoding = "cp1252"
    return Fingerprint(digest.hexdigest(), size, kind, encoding, problem)


def _binary_lines(fileobj, chunk: int = 1 << 16) -> Iterator[bytes]:
    """The file's lines (split at line feeds, which no UTF-8 character contains), without
    holding more than one line and one chunk at a time."""
    pending = b""
    while block := fileobj.read(chunk):
        pending += block
        *lines, pending = pending.split(b"\n")
        for line in lines:
            yield line + b"\n"
    if pending:
        yield pending


def _text_problem(head, has_nul, first_utf8, first_other, undecodable) -> str:
    for signature, what in NOT_TEXT:
        if head.startswith(signature):
            return f"The file is {what}, not a CSV file. {SAVE_AS_CSV}"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"The file is saved as ‘Unicode text’ (UTF-16), which cannot be read. {SAVE_AS_CSV}"
    if has_nul:
        return f"The file is not a text (CSV) file. {SAVE_AS_CSV}"
    if undecodable is not None:
        return (
            f"Line {undecodable} has bytes that are not text in any encoding we read, so this "
            f"may not be a CSV file. {SAVE_AS_CSV}"
        )
    if first_other is not None and (first_utf8 is not None or head.startswith(BOM)):
        utf8_line = first_utf8 or 1
        return (
            "The file mixes two text encodings (line "
            f"{utf8_line} is UTF-8, line {first_other} is Windows’ older encoding), so some "
            f"letters would come out wrong. {SAVE_AS_CSV}"
        )
    return ""


KIND_NAMES = {"csv": "a CSV file", "xlsx": "an Excel workbook (.xlsx)", "json": "a JSON file"}


def check_name(name: str, found: Fingerprint, allowed: dict[str, str]) -> None:
    """Refuse a file whose name ends otherwise than `allowed` ({".csv": "csv", …}), or whose
    content is not what its name says."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        kinds = " or ".join(sorted({KIND_NAMES[k] for k in allowed.values()}))
        raise FileRejected(f"The file must be {kinds}.")
    expected = allowed[extension]
    if found.kind == expected:
        return
    if found.kind == "xlsx":
        raise FileRejected(
            f"The file is an Excel workbook with a {extension} name. Rename it to .xlsx, or "
            f"save it from your spreadsheet as {KIND_NAMES[expected]}."
        )
    if expected == "xlsx":
        raise FileRejected(
            "The file has an .xlsx name but is not an Excel workbook. Save it again from your "
            "spreadsheet as ‘Excel Workbook’."
        )
    if found.kind == "csv" and found.problem:
        raise FileRejected(found.problem)
    raise FileRejected(
        f"The file has a {extension} name but its content is {KIND_NAMES[found.kind]}."
    )


def check_text(found: Fingerprint) -> None:
    if found.problem:
        raise FileRejected(found.problem)


# --- cells ---------------------------------------------------------------------------------


def header_key(name) -> str:
    """Headers compared case-insensitively and with spacing tidied ("Amount awarded",
    "Amount Awarded", " amount  awarded")."""
    return re.sub(r"\s+", " ", str(name or "")).strip().lstrip("\ufeff").lower()


def cell_text(value) -> str:
    """A cell as text: whole numbers without ".0", decimals as written (never in exponent
    form), dates as ISO 8601 (with the time only when there is one)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f").rstrip("0").rstrip(".")
    return str(value)


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")
ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def parse_date(value) -> dt.date | None:
    """Dates as people and publishers write them: ISO (with or without a time and offset) or
    DD/MM/YYYY. The date part is kept as written; times and offsets are dropped, not
    converted. Empty is None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:  # the usual case, YYYY-MM-DD, without strptime's cost
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    match = ISO_DATETIME.match(text)
    if match:
        text = match.group(1)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueProblem(f"“{text}” is not a date: use YYYY-MM-DD or DD/MM/YYYY")


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """How much of a file an import reads before refusing it."""

    max_rows: int  # rows with something in them, after the header
    max_blank_rows: int = 10_000  # empty rows on top (spreadsheets keep formatted ones)
    max_unpacked: int = 300 * 1024 * 1024  # a workbook's parts, unpacked


@dataclass
class Table:
    """A file's header (as written, in order) and its rows: (row number as a spreadsheet shows
    it, {header key: text}) for the columns asked for, empty rows left out."""

    header: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]
    file_format: str  # csv or xlsx


Wanted = Callable[[str], bool]


def read_table(
    fileobj,
    found: Fingerprint,
    limits: Limits,
    *,
    wanted: Wanted | None = None,
    sheet_names: Iterable[str] = (),
    delimiter: str | None = None,
) -> Table:
    """The first sheet named in `sheet_names` (else the first sheet) of a workbook, or a CSV
    file (tab-separated when the header says so). Only columns whose header key `wanted`
    accepts are read (all when it is None)."""
    if found.kind == "xlsx":
        return _xlsx_table(fileobj, limits, wanted, tuple(sheet_names))
    if found.kind != "csv":
        raise FileRejected("The file must be a CSV file or an Excel workbook (.xlsx).")
    check_text(found)
    return _csv_table(fileobj, found.encoding, limits, wanted, delimiter)


def _capped(
    rows: Iterator[tuple[int, list]],
    keys: list[tuple[int, str]],
    limits: Limits,
    as_text: Callable[[object], str] | None = cell_text,
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows with something in them, as {key: text}; `as_text` None when the cells are
    text already (a CSV file's)."""
    filled = blank = 0
    last = max((i for i, _k in keys), default=-1)
    convert = as_text or str
    names = [k for _i, k in keys]
    pick = tuple_getter(i for i, _k in keys)  # a full row's wanted cells in one C call
    for number, values in rows:
        if len(values) <= last:  # a short row: the missing cells are empty
            texts = {k: convert(values[i]) if i < len(values) else "" for i, k in keys}
        elif as_text is None:
            texts = dict(zip(names, pick(values), strict=True))
        else:
            texts = {k: as_text(values[i]) for i, k in keys}
        if not "".join(texts.values()).strip():
            blank += 1
            if blank > limits.max_blank_rows:
                raise FileRejected(
                    f"The file has more than {limits.max_blank_rows:,} empty rows. Delete the "
                    "empty rows below your data and upload it again."
                )
            continue
        filled += 1
        if filled > limits.max_rows:
            raise FileRejected(
                f"The file has more than {limits.max_rows:,} rows. Split it into smaller files "
                "and upload each."
            )
        yield number, texts


def _columns(header: list[str], wanted: Wanted | None) -> list[tuple[int, str]]:
    """(position, key) of the columns to read; the first of two columns with one heading."""
    keys, seen = [], set()
    for index, name in enumerate(header):
        key = header_key(name)
        if key and key not in seen and (wanted is None or wanted(key)):
            seen.add(key)
            keys.append((index, key))
    return keys


def _csv_table(fileobj, encoding, limits, wanted, delimiter) -> Table:
    stream = io.TextIOWrapper(
        io.BufferedReader(fileobj) if isinstance(fileobj, io.RawIOBase) else fileobj,
        encoding=encoding,
        newline="",
    )
    first = stream.readline()
    if not first.strip():
        stream.detach()
        raise FileRejected("The file is empty.")
    if delimiter is None:
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error:
        stream.detach()
        raise FileRejected(f"The first row is not readable as CSV. {SAVE_AS_CSV}") from None
    keys = _columns(header, wanted)

    def rows():
        number = 1
        try:
            for values in reader:
                number += 1
                yield number, values
        except csv.Error:
            raise FileRejected(
                f"Row {number + 1} is not readable as CSV (a quote may be missing)."
            ) from None
        finally:
            # Leave the caller's file open: it may be hashed, rewound and read again.
            stream.detach()

    return Table(header, _capped(rows(), keys, limits, as_text=None), "csv")


XLSX_MAX_RATIO = 150
XLSX_MAX_MEMBERS = 2000


def xlsx_check(fileobj, max_unpacked: int = 300 * 1024 * 1024) -> None:
    """Refuse zip bombs and files that are not workbooks, without unpacking anything."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > XLSX_MAX_MEMBERS:
                raise FileRejected("The workbook has too many parts to be a real workbook.")
            total = 0
            for member in members:
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > 1024 * 1024 and ratio > XLSX_MAX_RATIO:
                    raise FileRejected(
                        "The workbook unpacks to far more than its size (a zip bomb), so it "
                        "was refused."
                    )
            if total > max_unpacked:
                raise FileRejected(
                    f"The workbook unpacks to more than {max_unpacked // (1024 * 1024)} MB, so "
                    "it was refused. Split it into smaller files."
                )
            if "xl/workbook.xml" not in {m.filename for m in members}:
                raise FileRejected("The file is a zip archive, not an Excel workbook (.xlsx).")
    except zipfile.BadZipFile:
        raise FileRejected(
            "The file is not a valid Excel workbook (.xlsx). Save it again from your "
            "spreadsheet as ‘Excel Workbook’."
        ) from None
    finally:
        fileobj.seek(0)


def _xlsx_table(fileobj, limits, wanted, sheet_names) -> Table:
    import openpyxl  # defusedxml is installed, so openpyxl parses the XML safely

    xlsx_check(fileobj, limits.max_unpacked)
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for broken files
        raise FileRejected(
            "The Excel file could not be opened. Save it again as an Excel workbook (.xlsx)."
        ) from None
    by_name = {ws.title.strip().lower(): ws for ws in workbook.worksheets}
    sheet = next((by_name[n] for n in sheet_names if n in by_name), None)
    if sheet is None:
        if not workbook.worksheets:
            workbook.close()
            raise FileRejected("The workbook has no sheets.")
        sheet = workbook.worksheets[0]
    # The size a workbook declares (<dimension ref="A1:XFD1048576">) is what makes openpyxl
    # pad every row to it: forget it, and read no further right than the last wanted column.
    sheet.reset_dimensions()
    header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    header = [cell_text(v).strip() for v in header_row]
    keys = _columns(header, wanted)
    if not keys:
        workbook.close()
        return Table(header, iter(()), "xlsx")
    last = max(i for i, _k in keys) + 1

    def rows():
        try:
            yield from enumerate(
                sheet.iter_rows(min_row=2, max_col=last, values_only=True), start=2
            )
        finally:
            workbook.close()

    return Table(header, _capped(rows(), keys, limits), "xlsx")
