"""Grants in the 360Giving Data Standard: JSON packages (``{"grants": [...]}``), flat CSV
with "Title:Subtitle" headers (matched case-insensitively), and XLSX (the 360Giving template's
``grants`` sheet). Only grants made by one of the area's councils are kept (funder org-id
``GB-LAE-<code>``, or the council's name); recipients are matched by identifier only."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from toolkit.core.bulk import RowWriter
from toolkit.core.imports import ADDED, CHANGED, UNCHANGED
from toolkit.core.rows import tuple_getter

from ..matching import OrganisationIndex
from ..models import Grant
from ..parsing import (
    CountingReader,
    FileRejected,
    ValueProblem,
    header_key,
    json_items,
    money,
    parse_date,
    parse_decimal,
    table,
    text,
    texts,
)
from .base import BATCH_SIZE, LIMITS, ImportContext, RowProblems, Source, changed_fields
from .funders import Funders

# Internal name → accepted headers (lower case): 360Giving titles, then JSON-path style.
COLUMNS = {
    "identifier": ("identifier", "id"),
    "title": ("title",),
    "description": ("description",),
    "currency": ("currency",),
    "amount_awarded": ("amount awarded", "amountawarded"),
    "amount_disbursed": ("amount disbursed", "amountdisbursed"),
    "award_date": ("award date", "awarddate"),
    "planned_start": ("planned dates:start date", "planneddates/0/startdate"),
    "planned_end": ("planned dates:end date", "planneddates/0/enddate"),
    "duration": ("planned dates:duration (months)", "planneddates/0/duration"),
    "recipient_id": ("recipient org:identifier", "recipientorganization/0/id"),
    "recipient_name": ("recipient org:name", "recipientorganization/0/name"),
    "recipient_charity": ("recipient org:charity number", "recipientorganization/0/charitynumber"),
    "recipient_company": ("recipient org:company number", "recipientorganization/0/companynumber"),
    "recipient_individual": ("recipient ind:identifier", "recipientindividual/id"),
    "funder_id": ("funding org:identifier", "fundingorganization/0/id"),
    "funder_name": ("funding org:name", "fundingorganization/0/name"),
    "funder_department": ("funding org:department", "fundingorganization/0/department"),
    "programme": ("grant programme:title", "grantprogramme/0/title"),
    "open_call": ("from an open call?", "fromopencall"),
    "last_modified": ("last modified", "datemodified"),
}
ACCEPTED_HEADERS = frozenset(h for headers in COLUMNS.values() for h in headers)
REQUIRED_HEADERS = ("identifier", "amount_awarded", "award_date", "funder_id")
TITLES = {
    "identifier": "Identifier",
    "amount_awarded": "Amount Awarded",
    "amount_disbursed": "Amount Disbursed",
    "award_date": "Award Date",
    "planned_start": "Planned Dates:Start Date",
    "planned_end": "Planned Dates:End Date",
    "duration": "Planned Dates:Duration (months)",
    "recipient_id": "Recipient Org:Identifier",
    "funder_id": "Funding Org:Identifier",
    "currency": "Currency",
}


def flat_columns(header: list[str]) -> list[tuple[str, str | None]]:
    """(internal name, the header key it is read from, or None when the file has none), once
    for a file: every row of a table has the same keys."""
    present = {header_key(h) for h in header}
    return [
        (name, next((h for h in headers if h in present), None))
        for name, headers in COLUMNS.items()
    ]


def flat_reader(columns: list[tuple[str, str | None]]):
    """A function making a table row ({header key: text}) into a record ({internal name:
    ``text``}), built once for a file so that each row costs a few calls in C, not one per
    cell: a national file has a million rows."""
    names = [name for name, key in columns if key]
    values = tuple_getter(key for _name, key in columns if key)
    blank = {name: "" for name, key in columns if not key}

    def record(row: dict) -> dict:
        found = dict(zip(names, texts(values(row)), strict=True))
        found.update(blank)
        return found

    return record


def _first(value) -> dict:
    if isinstance(value, list):
        return value[0] if value and isinstance(value[0], dict) else {}
    return value if isinstance(value, dict) else {}


def _from_json(grant: dict) -> dict:
    """A JSON grant as a record ({internal name: ``text``}), as a table's row is read."""
    recipient = _first(grant.get("recipientOrganization"))
    funder = _first(grant.get("fundingOrganization"))
    planned = _first(grant.get("plannedDates"))
    individual = _first(grant.get("recipientIndividual"))
    found = {
        "identifier": grant.get("id"),
        "title": grant.get("title"),
        "description": grant.get("description"),
        "currency": grant.get("currency"),
        "amount_awarded": grant.get("amountAwarded"),
        "amount_disbursed": grant.get("amountDisbursed"),
        "award_date": grant.get("awardDate"),
        "planned_start": planned.get("startDate"),
        "planned_end": planned.get("endDate"),
        "duration": planned.get("duration"),
        "recipient_id": recipient.get("id"),
        "recipient_name": recipient.get("name"),
        "recipient_charity": recipient.get("charityNumber"),
        "recipient_company": recipient.get("companyNumber"),
        "recipient_individual": individual.get("id"),
        "funder_id": funder.get("id"),
        "funder_name": funder.get("name"),
        "funder_department": funder.get("department"),
        "programme": _first(grant.get("grantProgramme")).get("title"),
        "open_call": grant.get("fromOpenCall"),
        "last_modified": grant.get("dateModified"),
    }
    return {name: text(value) for name, value in found.items()}


def grant_records(ctx: ImportContext, source: Source):
    kind = source.fingerprint.kind
    if kind == "json":
        ctx.file_format = "360giving-json"
        counter = CountingReader(source.fileobj)
        ctx.counter, ctx.total_bytes = counter, source.fingerprint.size
        found = False
        for _prefix, index, grant in json_items(counter, ("grants.item",)):
            found = True
            if not isinstance(grant, dict):
                raise FileRejected(f"Grant {index} is not a JSON object.")
            yield f"grant {index}", _from_json(grant), True
        if not found:
            raise FileRejected(
                'No grants found: a 360Giving JSON file is a package {"grants": [...]}.'
            )
        return
    counter = None
    if kind == "xlsx":
        ctx.file_format = "360giving-xlsx"
    else:
        ctx.file_format = "360giving-csv"
        counter = CountingReader(source.fileobj)
        ctx.counter, ctx.total_bytes = counter, source.fingerprint.size
    # Only the 360Giving columns this service keeps are read (a workbook's other columns,
    # and the size it declares, are never unpacked into rows).
    grants = table(
        source,
        ctx.limits(LIMITS),
        counter=counter,
        wanted=ACCEPTED_HEADERS.__contains__,
        sheet_names=("grants",),
    )
    present = {header_key(h) for h in grants.header}
    missing = [TITLES[n] for n in REQUIRED_HEADERS if not present & set(COLUMNS[n])]
    if missing:
        raise FileRejected(
            "This is not a 360Giving grants file: it has no column "
            + ", ".join(f"“{m}”" for m in missing)
            + " (headers are matched whatever their capitals)."
        )
    record = flat_reader(flat_columns(grants.header))
    for number, row in grants.rows:
        yield number, record(row), False


GRANT_FIELDS = (
    "title",
    "description",
    "currency",
    "amount_awarded",
    "amount_disbursed",
    "award_date",
    "planned_start",
    "planned_end",
    "duration_months",
    "recipient_org_id",
    "recipient_name",
    "recipient_charity_number",
    "recipient_company_number",
    "recipient_id",
    "funder_org_id",
    "funder_name",
    "funder_id",
    "funder_department",
    "department_id",
    "programme",
    "from_open_call",
    "last_modified",
)


TENTHS = Decimal("0.1")


def _field_name(name: str, is_json: bool) -> str:
    return name if is_json else TITLES.get(name, name)


def _validate(problems: RowProblems, record: dict, is_json: bool) -> dict | None:
    """The one set of rules for a grant, whatever its file: `record` holds ``text`` values
    (as ``grant_records`` reads them); returns the values to store, or None when the row has
    problems (each reported)."""
    values = {}
    identifier = record["identifier"]
    if not identifier:
        problems.add(_field_name("identifier", is_json), "is missing")
    try:
        values["amount_awarded"] = money(parse_decimal(record["amount_awarded"], required=True))
    except ValueProblem as exc:
        problems.add(_field_name("amount_awarded", is_json), str(exc))
    try:
        value = record["amount_disbursed"]
        values["amount_disbursed"] = money(parse_decimal(value)) if value else None
    except ValueProblem as exc:
        problems.add(_field_name("amount_disbursed", is_json), str(exc))
    for name in ("award_date", "planned_start", "planned_end"):
        try:
            value = record[name]
            values[name] = parse_date(value) if value else None
        except ValueProblem as exc:
            problems.add(_field_name(name, is_json), str(exc))
    if "award_date" in values and values["award_date"] is None:
        problems.add(_field_name("award_date", is_json), "is missing")
    try:
        value = record["duration"]
        values["duration_months"] = parse_decimal(value).quantize(TENTHS) if value else None
    except ValueProblem as exc:
        problems.add(_field_name("duration", is_json), str(exc))
    currency = record["currency"].upper() or "GBP"
    if len(currency) != 3 or not currency.isalpha():
        problems.add(_field_name("currency", is_json), f"“{currency}” is not a currency code")
    funder_id = record["funder_id"]
    if not funder_id:
        problems.add(_field_name("funder_id", is_json), "is missing")
    recipient_id = record["recipient_id"]
    if not recipient_id and not record["recipient_individual"]:
        problems.add(_field_name("recipient_id", is_json), "is missing")
    if not problems.done():
        return None
    values.update(
        identifier=identifier[:255],
        title=record["title"][:500],
        description=record["description"],
        currency=currency,
        recipient_org_id=recipient_id[:255],
        recipient_name=record["recipient_name"][:500],
        recipient_charity_number=record["recipient_charity"][:20],
        recipient_company_number=record["recipient_company"][:20],
        funder_org_id=funder_id[:255],
        funder_name=record["funder_name"][:500],
        funder_department=record["funder_department"][:255],
        programme=record["programme"][:255],
        from_open_call=record["open_call"][:10],
        last_modified=record["last_modified"][:40],
    )
    return values


def import_grants(ctx: ImportContext, sources: list[Source]) -> None:
    funders = Funders(ctx.area)
    index = OrganisationIndex.for_area(ctx.area)
    other_funders: dict[str, int] = {}
    writer = GrantWriter(ctx)
    for source in sources:
        for label, record, is_json in grant_records(ctx, source):
            ctx.tick()
            problems = RowProblems(ctx, label)
            values = _validate(problems, record, is_json)
            if values is None:
                continue
            if not values["recipient_org_id"]:
                ctx.add_note_count("grants_to_individuals_not_imported")
                ctx.skipped += 1
                continue
            council = funders.council_for(values["funder_org_id"], values["funder_name"])
            if council is None:
                key = f"{values['funder_org_id']} {values['funder_name']}".strip()
                if key in other_funders or len(other_funders) < 20:
                    other_funders[key] = other_funders.get(key, 0) + 1
                ctx.skipped += 1
                continue
            values["funder_id"] = council
            values["department_id"] = funders.department_for(council, values["funder_department"])
            values["recipient_id"] = index.match(
                values["recipient_org_id"],
                values["recipient_charity_number"],
                values["recipient_company_number"],
            )
            writer.add(label, values)
        source.fileobj.seek(0)
    writer.flush()
    if other_funders:
        ctx.note("other_funders_not_imported", other_funders)
    kept = ctx.created + ctx.updated + ctx.unchanged
    if ctx.rows_read and not kept and not ctx.problem_count:
        raise FileRejected(
            f"None of the {ctx.rows_read} grants in the file were made by this area's councils "
            f"({funders.ids_text}). Grants in the file come from: "
            + "; ".join(sorted(other_funders))[:500]
        )


# The columns a new grant is written with (beside its area and import runs).
INSERTED = ("area_id", "identifier", *GRANT_FIELDS, "source_run_id", "last_seen_run_id")
# What is read back of a grant already stored, to compare it with the file.
STORED = ("identifier", "pk", "last_seen_run_id", *GRANT_FIELDS)
# A grant's values to store, in GRANT_FIELDS order, in one call.
STORED_VALUES = tuple_getter(GRANT_FIELDS)


class GrantWriter:
    """Writes the file's grants a batch at a time: new ones straight to the database
    (``core.bulk.RowWriter``), changed ones updated field by field, and each recorded as
    added, changed or unchanged. A batch's stored grants are found in one query by their
    identifiers (unique in the area), read as plain values."""

    def __init__(self, ctx: ImportContext):
        self.ctx = ctx
        self.batch: dict[str, tuple[object, dict]] = {}
        self.rows = RowWriter(Grant, INSERTED)
        # An area with no grants yet (a first import): every grant is new, so a batch is
        # written without looking anything up, unless the database says one repeats a grant
        # of an earlier batch (its unique key); that batch is then checked as usual.
        self.fresh = not Grant.objects.filter(area=ctx.area).exists()

    def add(self, label, values):
        if values["identifier"] in self.batch:
            self.ctx.problem(label, "Identifier", f"grant {values['identifier']} appears twice")
            self.ctx.row_rejected()
            return
        self.batch[values["identifier"]] = (label, values)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        if not self.batch:
            return
        if self.fresh and self._write_all_new():
            self.batch = {}
            self.ctx.report()
            return
        ctx, run, now = self.ctx, self.ctx.run, timezone.now()
        existing = {
            row[0]: dict(zip(STORED, row, strict=True))
            for row in Grant.objects.filter(area=ctx.area, identifier__in=list(self.batch))
            .order_by()
            .values_list(*STORED)
        }
        new, changed, seen = [], [], []
        for identifier, (label, values) in self.batch.items():
            stored = existing.get(identifier)
            if stored is None:
                new.append(self._new_row(identifier, values))
                ctx.record(ADDED, identifier, values["title"][:200])
                continue
            if stored["last_seen_run_id"] == run.pk:
                ctx.problem(label, "Identifier", f"grant {identifier} appears more than once")
                ctx.row_rejected()
                continue
            if stored["recipient_id"] and values["recipient_id"] is None:
                # Linked later by a person or a charity import: keep that link.
                values["recipient_id"] = stored["recipient_id"]
            fields = changed_fields(stored, values, GRANT_FIELDS)
            if fields:
                changed.append(
                    Grant(
                        pk=stored["pk"],
                        **{f: values[f] for f in GRANT_FIELDS},
                        source_run_id=run.pk,
                        last_seen_run_id=run.pk,
                        updated_at=now,
                    )
                )
                ctx.record(CHANGED, identifier, values["title"][:200], fields)
            else:
                seen.append(stored["pk"])
                ctx.record(UNCHANGED, identifier)
        if new:
            self.rows.write(new)
        if changed:
            Grant.objects.bulk_update(
                changed, [*GRANT_FIELDS, "source_run", "last_seen_run", "updated_at"]
            )
        if seen:
            Grant.objects.filter(pk__in=seen).update(last_seen_run=run)
        self.batch = {}
        ctx.report()

    def _new_row(self, identifier: str, values: dict) -> tuple:
        run_id = self.ctx.run.pk
        return (self.ctx.area.pk, identifier, *STORED_VALUES(values), run_id, run_id)

    def _write_all_new(self) -> bool:
        """Write the batch as new grants; False (nothing written) if one is already stored."""
        try:
            with transaction.atomic():  # a savepoint, rolled back alone
                self.rows.write(self._new_row(i, v) for i, (_label, v) in self.batch.items())
        except IntegrityError:
            return False
        self.ctx.added(
            (identifier, values["title"][:200]) for identifier, (_l, values) in self.batch.items()
        )
        return True
