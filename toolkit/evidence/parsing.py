"""Reading published files as streams, and the value parsing every importer shares.

Nothing here loads a whole file: CSV is read row by row, JSON with ijson, XLSX with openpyxl
in read-only mode (after a zip-bomb check). Values are kept as text unless a field needs a
number or a date, so identifiers keep their leading zeros.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import ijson

NULL_TEXT = frozenset({"", "na", "n/a", "null", "none", "nan", "--"})
BOM = codecs.BOM_UTF8


class FileRejected(Exception):
    """The file as a whole cannot be read (wrong type, encoding, structure)."""


class ValueProblem(ValueError):
    """One value cannot be read; the message says what is expected."""


# --- files --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    encoding: str  # utf-8-sig, utf-8 or cp1252 (for text files)
    kind: str  # json, xlsx or csv
    head: bytes


def fingerprint(fileobj) -> Fingerprint:
    """One streaming pass: hash, size, text encoding and what kind of file it is. UTF-8 is
    checked over the whole file with an incremental decoder; a file that is not valid UTF-8
    is read as Windows-1252 (what spreadsheet software on Windows writes)."""
    fileobj.seek(0)
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    size = 0
    head = b""
    while chunk := fileobj.read(1 << 20):
        if not head:
            head = chunk[:64]
        size += len(chunk)
        digest.update(chunk)
        if utf8_ok:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8_ok = False
    if utf8_ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    fileobj.seek(0)
    if head.startswith(BOM):
        encoding = "utf-8-sig"
    elif utf8_ok:
        encoding = "utf-8"
    else:
        encoding = "cp1252"
    stripped = head.removeprefix(BOM).lstrip()
    if head.startswith(b"PK\x03\x04"):
        kind = "xlsx"
    elif stripped[:1] in (b"{", b"["):
        kind = "json"
    else:
        kind = "csv"
    return Fingerprint(digest.hexdigest(), size, encoding, kind, head)


class CountingReader(io.RawIOBase):
    """Wraps a binary file and counts the bytes read, for progress reports."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def readable(self):
        return True

    def seekable(self):
        return self.raw.seekable()

    def seek(self, offset, whence=io.SEEK_SET):
        return self.raw.seek(offset, whence)

    def tell(self):
        return self.raw.tell()

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def text_stream(fileobj, encoding: str):
    return io.TextIOWrapper(
        io.BufferedReader(fileobj) if isinstance(fileobj, io.RawIOBase) else fileobj,
        encoding=encoding,
        newline="",
    )


def header_key(name) -> str:
    """Headers compared case-insensitively and with spacing tidied ("Amount awarded",
    "Amount Awarded", " amount  awarded")."""
    return re.sub(r"\s+", " ", str(name or "")).strip().lstrip("\ufeff").lower()


def csv_rows(fileobj, encoding: str, delimiter: str | None = None) -> Iterator[tuple[int, dict]]:
    """(row number as a spreadsheet shows it, {header key: text}) for each data row. Tab
    separated files (the register extract's TXT tables) are recognised from the header."""
    stream = text_stream(fileobj, encoding)
    try:
        try:
            first = stream.readline()
        except UnicodeDecodeError as exc:
            raise FileRejected(f"The file cannot be read as {encoding}: {exc}") from None
        if not first.strip():
            raise FileRejected("The file is empty.")
        if delimiter is None:
            delimiter = "\t" if first.count("\t") > first.count(",") else ","
        reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
        try:
            header = next(reader)
        except csv.Error as exc:
            raise FileRejected(f"The file is not readable as CSV: {exc}") from None
        keys = [header_key(h) for h in header]
        row_number = 1
        try:
            for values in reader:
                row_number += 1
                if not any(v.strip() for v in values):
                    continue
                yield row_number, dict(zip(keys, values, strict=False))
        except csv.Error as exc:
            raise FileRejected(f"Row {row_number + 1} is not readable as CSV: {exc}") from None
    finally:
        # Leave the caller's file open: it is hashed, rewound and read again.
        stream.detach()


# A spreadsheet whose parts unpack to more than this, or that compress more than this ratio,
# is refused before openpyxl sees it.
XLSX_MAX_UNPACKED = 300 * 1024 * 1024
XLSX_MAX_RATIO = 150
XLSX_MAX_MEMBERS = 2000


def xlsx_check(fileobj) -> None:
    """Refuse zip bombs and files that are not spreadsheets, without unpacking anything."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > XLSX_MAX_MEMBERS:
                raise FileRejected("The spreadsheet has too many parts to be a real workbook.")
            total = 0
            for member in members:
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > 1024 * 1024 and ratio > XLSX_MAX_RATIO:
                    raise FileRejected(
                        "The spreadsheet unpacks to far more than its size (a zip bomb): "
                        "it was refused."
                    )
            if total > XLSX_MAX_UNPACKED:
                raise FileRejected("The spreadsheet unpacks to more than 300 MB: it was refused.")
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise FileRejected("The file is a zip archive but not an Excel workbook (.xlsx).")
    except zipfile.BadZipFile:
        raise FileRejected("The file is not a valid Excel workbook (.xlsx).") from None
    finally:
        fileobj.seek(0)


def xlsx_rows(fileobj, sheet_names=("grants",)) -> Iterator[tuple[int, dict]]:
    """Rows of the first sheet named in `sheet_names` (or the first sheet), in read-only mode."""
    import openpyxl  # defusedxml is installed, so openpyxl parses the XML safely

    xlsx_check(fileobj)
    workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    try:
        by_name = {ws.title.strip().lower(): ws for ws in workbook.worksheets}
        sheet = next((by_name[n] for n in sheet_names if n in by_name), workbook.worksheets[0])
        rows = sheet.iter_rows(values_only=True)
        try:
            header = next(rows)
        except StopIteration:
            raise FileRejected(f"The sheet {sheet.title!r} is empty.") from None
        keys = [header_key(h) for h in header]
        for number, values in enumerate(rows, start=2):
            if not values or all(v is None or str(v).strip() == "" for v in values):
                continue
            yield number, {k: cell_text(v) for k, v in zip(keys, values, strict=False) if k}
    finally:
        workbook.close()


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, float):
        return (
            format(Decimal(repr(value)), "f").rstrip("0").rstrip(".")
            if value % 1
            else str(int(value))
        )
    return str(value)


def json_items(fileobj, prefixes: tuple[str, ...]) -> Iterator[tuple[str, int, object]]:
    """Stream the objects found at any of the ijson `prefixes` ("grants.item", "item", …):
    yields (prefix, index from 1, object). Numbers come back as Decimal."""
    fileobj.seek(0)
    if fileobj.read(3) != BOM:
        fileobj.seek(0)
    builders: dict[str, tuple[ijson.ObjectBuilder, int]] = {}
    counts = dict.fromkeys(prefixes, 0)
    try:
        for prefix, event, value in ijson.parse(fileobj, use_float=False):
            if (
                prefix in counts
                and event in ("start_map", "start_array")
                and prefix not in builders
            ):
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
                builders[prefix] = (builder, 0)
                continue
            if not builders:
                continue
            for active, (builder, _depth) in list(builders.items()):
                if prefix == active and event in ("end_map", "end_array"):
                    builder.event(event, value)
                    del builders[active]
                    counts[active] += 1
                    yield active, counts[active], builder.value
                else:
                    builder.event(event, value)
    except ijson.JSONError as exc:
        raise FileRejected(f"The file is not valid JSON: {exc}") from None


# --- values -------------------------------------------------------------------------------


def text(value) -> str:
    """Published text, with the "NA" that R writes (and similar) treated as missing."""
    if value is None:
        return ""
    value = str(value).strip()
    return "" if value.lower() in NULL_TEXT else value


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")
ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def parse_date(value) -> dt.date | None:
    """Dates as published: ISO (with or without a time and offset) or DD/MM/YYYY. The date
    part is kept as written; times and offsets are dropped, not converted."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    value = text(value)
    if not value:
        return None
    match = ISO_DATETIME.match(value)
    if match:
        value = match.group(1)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueProblem(f"“{value}” is not a date: use YYYY-MM-DD or DD/MM/YYYY")


def parse_decimal(value, *, required: bool = False) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    raw = text(value)
    if not raw:
        if required:
            raise ValueProblem("is missing")
        return None
    cleaned = raw.replace(",", "").replace("£", "").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueProblem(f"“{raw}” is not a number") from None
    if not number.is_finite():
        raise ValueProblem(f"“{raw}” is not a number")
    return number


def money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


# --- identifiers --------------------------------------------------------------------------

COMPANY_NUMBER = re.compile(r"^([A-Z]{2})?(\d+)$")


def company_number(value) -> str:
    """A Companies House number as 8 characters: digits zero-padded (``4142000`` →
    ``04142000``), or a 2-letter prefix and 6 digits (``RS``, ``CE``, ``SC``, ``RC``…). Returns
    "" for a value that cannot be one (such as 9 digits)."""
    raw = text(value).upper().replace(" ", "")
    match = COMPANY_NUMBER.match(raw)
    if not match:
        return ""
    prefix, digits = match.groups()
    if prefix:
        return prefix + digits.zfill(6) if len(digits) <= 6 else ""
    return digits.zfill(8) if len(digits) <= 8 else ""


def charity_number(value) -> str:
    raw = text(value).replace(" ", "")
    if raw.upper().startswith("GB-CHC-"):
        raw = raw[7:]
    return raw if re.fullmatch(r"\d{6,7}", raw) else ""


def org_id_for_matching(value) -> str:
    """A published org-id normalised for matching: schemes upper case, GB-COH numbers padded
    to 8 characters. Invalid GB-COH numbers come back unchanged (they match nothing)."""
    raw = text(value)
    if not raw:
        return ""
    parts = raw.split("-", 2)
    if len(parts) < 3:
        return raw
    scheme = f"{parts[0]}-{parts[1]}".upper()
    number = parts[2].strip()
    if scheme == "GB-COH":
        padded = company_number(number)
        return f"GB-COH-{padded}" if padded else raw
    if scheme == "GB-CHC":
        digits = charity_number(number)
        return f"GB-CHC-{digits}" if digits else raw
    if scheme in ("GB-LAE", "GB-LAS", "GB-PLA", "GB-GOR", "GB-SC", "GB-NIC", "GB-MPR"):
        return f"{scheme}-{number.upper()}"
    return raw


def normalise_name(name: str) -> str:
    """For comparing names of councils (never to link a recipient on its own)."""
    name = text(name).lower().replace("&", " and ")
    name = re.sub(r"[^a-z0-9 ]+", " ", name)
    name = re.sub(r"^the ", "", re.sub(r"\s+", " ", name).strip())
    return name
