"""Published files as streams, and the values every evidence importer shares.

CSV, TXT and XLSX tables are read by the one reader (``core.spreadsheets``: encodings, caps,
only the wanted columns); JSON is streamed here with ijson. Nothing loads a whole file. Values
are kept as text unless a field needs a number or a date, so identifiers keep their leading
zeros and stay as published.
"""

from __future__ import annotations

import codecs
import io
import itertools
import logging
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import ijson

from toolkit.core.spreadsheets import (
    FileRejected,
    Limits,
    Table,
    ValueProblem,
    header_key,
    parse_date,
    read_table,
)

logger = logging.getLogger(__name__)

# FileRejected, ValueProblem and header_key are the core reader's, for the importers.
__all__ = ["FileRejected", "ValueProblem", "header_key"]

NULL_TEXT = frozenset({"", "na", "n/a", "null", "none", "nan", "--"})
BOM = codecs.BOM_UTF8


# --- files ---------------------------------------------------------------------------------
# Fingerprints, encodings, CSV and XLSX tables come from the one reader, core.spreadsheets.


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


def table(source, limits: Limits, *, counter=None, wanted=None, sheet_names=()) -> Table:
    """A CSV, TXT (tab-separated) or XLSX file given to an import, as a ``Table``: its header,
    and (row number as a spreadsheet shows it, {header key: text}) for each row."""
    return read_table(
        counter or source.fileobj,
        source.fingerprint,
        limits,
        wanted=wanted,
        sheet_names=sheet_names,
    )


def rows(source, limits: Limits, *, counter=None):
    return table(source, limits, counter=counter).rows


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
        # The parser's own words ("parse error: premature EOF (right here) ------^") help
        # nobody uploading a file: they go to the log, a plain message to the page.
        logger.info("JSON file refused: %s", exc)
        raise FileRejected(
            "The file is not valid JSON: it may have been cut short while downloading, or not "
            "be a JSON file. Download it again from where it is published and upload it again."
        ) from None


# --- values -------------------------------------------------------------------------------


def text(value) -> str:
    """Published text, with the "NA" that R writes (and similar) treated as missing."""
    if value is None:
        return ""
    value = (value if isinstance(value, str) else str(value)).strip()
    return "" if value in NULL_TEXT_ANY_CASE else value


def _every_case(word: str) -> set[str]:
    return {"".join(c) for c in itertools.product(*({ch.lower(), ch.upper()} for ch in word))}


# NULL_TEXT in every mix of capitals ("NA", "Na", "N/A", "NULL"…), to look a cell up as it is.
NULL_TEXT_ANY_CASE = frozenset(v for word in NULL_TEXT for v in _every_case(word))


def texts(values) -> list[str]:
    """``text`` of each of a row's cells (strings, as the table reader gives them), in one
    pass: a national file has a million rows of twenty cells, and a call per cell is most of
    the time of reading it."""
    return ["" if (value := cell.strip()) in NULL_TEXT_ANY_CASE else value for cell in values]


def published_date(value):
    """A date as published, with R's "NA" and the like treated as missing (core.parse_date
    reads the formats)."""
    return parse_date(text(value))


def parse_decimal(value, *, required: bool = False) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if type(value) is str:
        # The usual case, a plain number, at once; anything else ("NA", "1,200", "£5", an
        # error) the long way below, which reads a plain number the same.
        try:
            number = Decimal(value)
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
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
