"""Charities from the Charity Commission for England and Wales (CCEW) register.

Two shapes are read:

- the raw register extract: its tables as JSON (``publicextract.charity.json`` …, a JSON array
  of objects, usually with a byte order mark) or tab-separated TXT, with the fields listed in
  ``ccew-fields.csv``. The charity table is joined to the area-of-operation table (which says
  whether the charity works in the area) and, when given, the classification table. Only main
  charities (``linked_charity_number`` 0) are kept.
- the processed subset published by Trafford Data Lab (``charities_operating_in_trafford.csv``):
  already filtered to one area by its publisher, with R's ``NA`` for missing values.

Memory grows with the number of charities working in the area, never with the file: the
area-of-operation table is read first, keeping only the organisation numbers in the area.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from toolkit.areas.models import Organisation, OrganisationKind

from ..parsing import (
    CountingReader,
    FileRejected,
    ValueProblem,
    company_number,
    json_items,
    money,
    parse_date,
    parse_decimal,
    rows,
    text,
    texts,
)
from .base import LIMITS, ImportContext, RowProblems, Source
from .charity_writer import CharityWriter

AOO_LOOKUP = Path(__file__).resolve().parent.parent / "data" / "cc-aoo-gss-iso-new.csv"

TABLE_CHARITY = "charity"
TABLE_AOO = "area_of_operation"
TABLE_CLASSIFICATION = "classification"
TABLE_SUBSET = "subset"
# ImportRun.notes key, True when the charity file has no income column (Trafford Data Lab's
# subset has none): pages say so once instead of "Income not known" beside every charity.
NO_INCOME_COLUMN = "no_income_column"


@cache
def aoo_to_gss() -> dict[tuple[str, str], str]:
    """(area type, area name) in lower case → GSS code, from the ODbL lookup."""
    with AOO_LOOKUP.open(encoding="utf-8-sig", newline="") as fh:
        return {
            (
                row["geographic_area_type"].strip().lower(),
                row["geographic_area_description"].strip().lower(),
            ): row["GSS"].strip()
            for row in csv.DictReader(fh)
            if row["GSS"].strip()
        }


def area_gss_codes(area) -> set[str]:
    """The GSS codes that count as "working in the area": the area's own, and those of its
    councils (the county too, in a two-tier area)."""
    codes = {area.gss_code}
    councils = Organisation.objects.filter(
        area=area, kind=OrganisationKind.COUNCIL, local_authority__isnull=False
    ).select_related("local_authority")
    codes |= {c.local_authority.gss_code for c in councils}
    return codes


def _rows(source: Source, limits=LIMITS, counter=None):
    """(row label, dict) for a CCEW table, whether JSON or TXT/CSV."""
    fileobj = counter or source.fileobj
    if source.fingerprint.kind == "json":
        for _prefix, index, item in json_items(fileobj, ("item",)):
            if not isinstance(item, dict):
                raise FileRejected("Each item of a register extract JSON table must be an object.")
            yield index, {k.lower(): v for k, v in item.items()}
    elif source.fingerprint.kind == "csv":
        yield from rows(source, limits, counter=counter)
    else:
        raise FileRejected("Charity files must be the register extract (JSON or TXT) or CSV.")


def table_of(source: Source) -> str:
    for _label, row in _rows(source):
        keys = set(row)
        source.fileobj.seek(0)
        if "geographic_area_type" in keys:
            return TABLE_AOO
        if "classification_code" in keys:
            return TABLE_CLASSIFICATION
        if "charity_name" in keys and "organisation_number" in keys:
            return TABLE_CHARITY
        if "charity_name" in keys and "registered_charity_number" in keys:
            return TABLE_SUBSET
        raise FileRejected(
            "This file is not a charity table of the register extract: expected fields such as "
            "registered_charity_number and charity_name (see ccew-fields.csv)."
        )
    source.fileobj.seek(0)
    raise FileRejected("The file has no rows.")


def import_charities(ctx: ImportContext, sources: list[Source]) -> None:
    tables: dict[str, list[Source]] = {}
    for source in sources:
        tables.setdefault(table_of(source), []).append(source)
    ctx.note("tables", {k: [s.name for s in v] for k, v in tables.items()})

    writer = CharityWriter(ctx)
    if TABLE_SUBSET in tables:
        ctx.file_format = "ccew-processed-subset-csv"
        for source in tables[TABLE_SUBSET]:
            _read_subset(ctx, source, writer)
    if TABLE_CHARITY in tables:
        ctx.file_format = ctx.file_format or "ccew-register-extract"
        if TABLE_AOO not in tables:
            raise FileRejected(
                "The charity table needs the area of operation table with it "
                "(publicextract.charity_area_of_operation), to know which charities work in "
                "the area."
            )
        in_area = _read_area_of_operation(ctx, tables[TABLE_AOO])
        classes = _read_classifications(ctx, tables.get(TABLE_CLASSIFICATION, []), in_area)
        for source in tables[TABLE_CHARITY]:
            _read_extract(ctx, source, writer, in_area, classes)
    elif (TABLE_AOO in tables or TABLE_CLASSIFICATION in tables) and TABLE_SUBSET not in tables:
        raise FileRejected(
            "Give the charity table (publicextract.charity) with the area of operation "
            "and classification tables."
        )
    writer.flush()


def _with_counter(ctx, source):
    counter = CountingReader(source.fileobj)
    ctx.counter, ctx.total_bytes = counter, source.fingerprint.size
    return counter


def _read_area_of_operation(ctx, sources) -> dict[str, list[str]]:
    """Organisation numbers of the main charities working in the area, with the names of all
    the areas each works in. Two streaming passes: find them, then collect their areas."""
    lookup = aoo_to_gss()
    codes = area_gss_codes(ctx.area)
    in_area: dict[str, list[str]] = {}
    unknown: set[tuple[str, str]] = set()
    for source in sources:
        for label, row in _rows(source, ctx.limits(LIMITS)):
            if text(row.get("linked_charity_number")) not in ("", "0"):
                continue
            org_number = text(row.get("organisation_number"))
            if not org_number:
                ctx.problem(f"{source.name} row {label}", "organisation_number", "is missing")
                continue
            area_type = text(row.get("geographic_area_type"))
            name = text(row.get("geographic_area_description"))
            gss = lookup.get((area_type.lower(), name.lower()))
            if gss is None and area_type and len(unknown) < 500:
                unknown.add((area_type, name))
            if gss in codes:
                in_area[org_number] = []
        source.fileobj.seek(0)
    for source in sources:
        for _label, row in _rows(source, ctx.limits(LIMITS)):
            org_number = text(row.get("organisation_number"))
            if org_number in in_area and text(row.get("linked_charity_number")) in ("", "0"):
                name = text(row.get("geographic_area_description"))
                if name and name not in in_area[org_number]:
                    in_area[org_number].append(name)
        source.fileobj.seek(0)
    if unknown:
        ctx.note("areas_of_operation_not_in_lookup", sorted(f"{t}: {n}" for t, n in unknown)[:50])
    ctx.note("charities_working_in_area", len(in_area))
    return in_area


def _read_classifications(ctx, sources, in_area) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for source in sources:
        for _label, row in _rows(source, ctx.limits(LIMITS)):
            org_number = text(row.get("organisation_number"))
            if org_number not in in_area or text(row.get("linked_charity_number")) not in (
                "",
                "0",
            ):
                continue
            found.setdefault(org_number, []).append(
                {
                    "code": text(row.get("classification_code")),
                    "type": text(row.get("classification_type")),
                    "description": text(row.get("classification_description")),
                }
            )
        source.fileobj.seek(0)
    return found


def _common_fields(problems: RowProblems, row: dict, address: str) -> dict | None:
    """The one set of rules for a charity, whichever shape its file has: `row` holds ``text``
    values (``_cleaned``); returns the values to store, or None when the row has problems
    (each reported)."""
    number = row.get("registered_charity_number", "")
    if not number:
        problems.add("registered_charity_number", "is missing")
    elif not number.isdigit() or not 5 <= len(number) <= 7:
        problems.add(
            "registered_charity_number", f"“{number}” is not a charity number (6 or 7 digits)"
        )
    name = row.get("charity_name", "")
    if not name:
        problems.add("charity_name", "is missing")
    values = {}
    for field_name, key in (
        ("date_of_registration", "date_registered"),
        ("date_of_removal", "date_removed"),
        ("latest_acc_fin_period_end_date", "financial_year_end"),
    ):
        try:
            value = row.get(field_name, "")
            values[key] = parse_date(value) if value else None
        except ValueProblem as exc:
            problems.add(field_name, str(exc))
    for field_name, key in (
        ("latest_income", "latest_income"),
        ("latest_expenditure", "latest_expenditure"),
    ):
        try:
            value = row.get(field_name, "")
            values[key] = money(parse_decimal(value)) if value else None
        except ValueProblem as exc:
            problems.add(field_name, str(exc))
    if not problems.done():
        return None
    raw_company = row.get("charity_company_registration_number", "").upper()
    values.update(
        charity_number=number,
        register_name=name[:255],
        company_number=(company_number(raw_company) or raw_company)[:12],
        charity_type=row.get("charity_type", "")[:100],
        activities=row.get("charity_activities", ""),
        address=address[:400],
        postcode=row.get("charity_contact_postcode", "")[:12],
        phone=row.get("charity_contact_phone", "")[:40],
        email=row.get("charity_contact_email", "")[:255],
        web=row.get("charity_contact_web", "")[:255],
    )
    return values


def _note_income_column(ctx, row: dict) -> None:
    if NO_INCOME_COLUMN not in ctx.notes:
        ctx.note(NO_INCOME_COLUMN, "latest_income" not in row)


def _cleaned(row: dict, source: Source) -> dict:
    """A row's values as ``text``: a table's cells (text already) in one pass, a JSON
    table's one by one (they may be numbers or null)."""
    if source.fingerprint.kind == "json":
        return {key: text(value) for key, value in row.items()}
    return dict(zip(row, texts(row.values()), strict=True))


def _read_subset(ctx, source, writer):
    counter = _with_counter(ctx, source)
    for label, raw in rows(source, ctx.limits(LIMITS), counter=counter):
        ctx.tick()
        _note_income_column(ctx, raw)
        row = _cleaned(raw, source)
        problems = RowProblems(ctx, label)
        values = _common_fields(problems, row, row.get("charity_contact_address", ""))
        if values is None:
            continue
        values.update(
            organisation_number="",
            registration_status="Registered",
            classifications=[],
            areas_of_operation=[],
        )
        writer.add(label, values)
    source.fileobj.seek(0)


def _read_extract(ctx, source, writer, in_area, classes):
    counter = _with_counter(ctx, source)
    for label, raw in _rows(source, ctx.limits(LIMITS), counter):
        ctx.tick()
        _note_income_column(ctx, raw)
        row = _cleaned(raw, source)  # every cell is text already: no text() again
        if row.get("linked_charity_number", "") not in ("", "0"):
            ctx.add_note_count("linked_charities_not_imported")
            continue
        org_number = row.get("organisation_number", "")
        if org_number not in in_area:
            ctx.skipped += 1
            continue
        address = ", ".join(
            part
            for part in (row.get(f"charity_contact_address{i}", "") for i in range(1, 6))
            if part
        )
        problems = RowProblems(ctx, label)
        values = _common_fields(problems, row, address)
        if values is None:
            continue
        values.update(
            organisation_number=org_number[:12],
            registration_status=row.get("charity_registration_status", "")[:20],
            classifications=classes.get(org_number, []),
            areas_of_operation=in_area[org_number],
        )
        writer.add(label, values)
    source.fileobj.seek(0)
