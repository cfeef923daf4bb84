"""Writing charities: organisations and their register details, a batch at a time, each
charity recorded as added, changed (with its fields) or unchanged for the import's preview."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from toolkit.areas.models import Organisation, OrganisationKind, VcsType
from toolkit.core.bulk import RowWriter
from toolkit.core.imports import ADDED, CHANGED, UNCHANGED
from toolkit.core.rows import tuple_getter

from ..models import CharityRegistration
from .base import ImportContext, changed_fields

# Charities written at a time: larger than other imports' (base.BATCH_SIZE), because each
# batch of charities costs two writes and two look-ups on the server besides its rows. 170k
# charities on PostgreSQL, run in turn: 10.94 -> 9.87 s and 11.38 -> 10.00 s against 2,000 at
# a time, with 7.2 -> 6.3 s of the server's CPU; peak memory 92 -> 110 MiB, still the same
# whatever the file's length. SQLite gains nothing and loses nothing but the memory.
BATCH_SIZE = 10_000

# One validator for the whole import: making one compiles its patterns again.
VALID_URL = URLValidator()
# Most published websites are plain host names. Those matching this strict subset of what
# URLValidator accepts (http or https, an ASCII host of letters, digits and inner hyphens, a
# top-level domain of letters, no user or port, 253 characters at most) are accepted without
# its cost; anything else is asked of URLValidator itself.
PLAIN_URL = re.compile(
    r"https?://[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
    r"\.[a-z]{2,63}\.?(?:[/?#][^\s]*)?",
    re.IGNORECASE,
)
PLAIN_URL_LONGEST = 253


def website_from(web: str) -> str:
    if not web:
        return ""
    url = web if "://" in web else f"https://{web}"
    if len(url) <= PLAIN_URL_LONGEST and PLAIN_URL.fullmatch(url):
        return url[:200]
    try:
        VALID_URL(url)
    except ValidationError:
        return ""
    return url[:200]


REGISTRATION_FIELDS = (
    "organisation_number",
    "register_name",
    "company_number",
    "charity_type",
    "registration_status",
    "date_registered",
    "date_removed",
    "latest_income",
    "latest_expenditure",
    "financial_year_end",
    "activities",
    "address",
    "postcode",
    "phone",
    "email",
    "web",
    "classifications",
    "areas_of_operation",
)


# A registration's values to store, in REGISTRATION_FIELDS order, in one call.
REGISTRATION_VALUES = tuple_getter(REGISTRATION_FIELDS)

# Each registration read back as plain values, with what the charity's organisation shows.
STORED = (
    "charity_number",
    "pk",
    "last_seen_run_id",
    "organisation_id",
    *REGISTRATION_FIELDS,
    "organisation__name",
    "organisation__annual_income",
    "organisation__website",
)
ORGANISATION_COLUMNS = ("area_id", "kind", "vcs_type", "name", "org_id", "annual_income", "website")
REGISTRATION_COLUMNS = (
    "area_id",
    "organisation_id",
    "charity_number",
    *REGISTRATION_FIELDS,
    "source_run_id",
    "last_seen_run_id",
)


class CharityWriter:
    """Creates or updates organisations and their registrations, a batch at a time, and counts
    each charity as created, updated or unchanged. A batch's stored registrations (and the
    organisations of charities not yet registered) are found in one query each, as plain
    values; new rows are written straight to the database (``core.bulk.RowWriter``)."""

    def __init__(self, ctx: ImportContext):
        self.ctx = ctx
        self.batch: dict[str, tuple[object, dict]] = {}
        self.organisations = RowWriter(Organisation, ORGANISATION_COLUMNS)
        self.registrations = RowWriter(CharityRegistration, REGISTRATION_COLUMNS)
        # An area with no charities yet (a first import): every charity is new, so a batch is
        # written without looking anything up, unless the database says one repeats a charity
        # of an earlier batch (its unique key); that batch is then checked as usual.
        self.fresh = not (
            CharityRegistration.objects.filter(area=ctx.area).exists()
            or Organisation.objects.filter(area=ctx.area, org_id__startswith="GB-CHC-").exists()
        )

    def add(self, label, values: dict) -> None:
        number = values["charity_number"]
        if number in self.batch:
            self.ctx.problem(
                label,
                "registered_charity_number",
                f"charity {number} appears more than once in the file",
            )
            self.ctx.row_rejected()
            return
        self.batch[number] = (label, values)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        if self.fresh and self._write_all_new():
            self.batch = {}
            self.ctx.report()
            return
        ctx, area, run = self.ctx, self.ctx.area, self.ctx.run
        now = timezone.now()
        registrations = {
            row[0]: dict(zip(STORED, row, strict=True))
            for row in CharityRegistration.objects.filter(
                area=area, charity_number__in=list(self.batch)
            )
            .order_by()
            .values_list(*STORED)
        }
        missing_ids = [f"GB-CHC-{n}" for n in self.batch if n not in registrations]
        # exclude(org_id="") lets SQLite use the partial unique index on (area, org_id).
        orgs_by_id = (
            {
                org_id: (pk, name, income)
                for org_id, pk, name, income in Organisation.objects.filter(
                    area=area, org_id__in=missing_ids
                )
                .exclude(org_id="")
                .order_by()
                .values_list("org_id", "pk", "name", "annual_income")
            }
            if missing_ids
            else {}
        )

        new_orgs, new_regs, changed_orgs, changed_regs, seen = [], [], [], [], []
        for number, (label, values) in self.batch.items():
            stored = registrations.get(number)
            if stored is not None and stored["last_seen_run_id"] == run.pk:
                ctx.problem(
                    label,
                    "registered_charity_number",
                    f"charity {number} appears more than once in the file",
                )
                ctx.row_rejected()
                continue
            org_id = f"GB-CHC-{number}"
            if stored is None:
                found = orgs_by_id.get(org_id)
                if found is None:
                    new_orgs.append(self._new_organisation(org_id, values))
                    ctx.record(ADDED, org_id, values["register_name"])
                    new_regs.append((org_id, number, values))
                    continue
                pk, name, income = found
                fields = [{"field": "register details", "before": "", "after": "added"}]
                if income != values["latest_income"]:
                    fields.append(_income(income, values))
                    changed_orgs.append((pk, {"annual_income": values["latest_income"]}))
                ctx.record(CHANGED, org_id, name, fields)
                new_regs.append((pk, number, values))
                continue
            org_changes, org_values = _organisation_follow(stored, values)
            reg_changes = changed_fields(stored, values, REGISTRATION_FIELDS)
            if reg_changes:
                changed_regs.append(
                    CharityRegistration(
                        pk=stored["pk"],
                        **{f: values[f] for f in REGISTRATION_FIELDS},
                        source_run_id=run.pk,
                        last_seen_run_id=run.pk,
                        updated_at=now,
                    )
                )
            else:
                seen.append(stored["pk"])
            if org_changes:
                changed_orgs.append((stored["organisation_id"], org_values))
            if reg_changes or org_changes:
                ctx.record(CHANGED, org_id, stored["organisation__name"], org_changes + reg_changes)
            else:
                ctx.record(UNCHANGED, org_id)

        if new_orgs:
            after = self._highest_id()
            self.organisations.write(new_orgs)
            created = self._created(
                [org for org, _n, _v in new_regs if isinstance(org, str)], after
            )
            new_regs = [
                (created[org] if isinstance(org, str) else org, number, values)
                for org, number, values in new_regs
            ]
        if changed_orgs:
            _organisations_update(changed_orgs, now)
        if new_regs:
            self._write_registrations(new_regs)
        if changed_regs:
            CharityRegistration.objects.bulk_update(
                changed_regs,
                [*REGISTRATION_FIELDS, "source_run", "last_seen_run", "updated_at"],
            )
        if seen:
            CharityRegistration.objects.filter(pk__in=seen).update(last_seen_run=run)
        self.batch = {}
        ctx.report()

    def _new_organisation(self, org_id: str, values: dict) -> tuple:
        return (
            self.ctx.area.pk,
            OrganisationKind.VCS,
            VcsType.CHARITY,
            values["register_name"],
            org_id,
            values["latest_income"],
            website_from(values["web"]),
        )

    def _highest_id(self) -> int:
        """The highest organisation id before a batch is written: the batch's new rows come
        after it (ids only grow, on both databases)."""
        found = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first()
        return found or 0

    def _created(self, org_ids: list[str], after: int) -> dict[str, int]:
        """The ids of the organisations just written (after id `after`), by org-id (unique in
        the area). Read as the rows past `after` rather than by a list of 2,000 org-ids, which
        the drivers take in Python value by value; a row another import added meanwhile is
        left out by its area and org-id. The area is checked here, not in the query: with it,
        PostgreSQL, whose statistics still describe the table as it was before the import,
        went through the area's index and filtered out every earlier row of the area, batch
        after batch (at 160k rows, 11 ms a batch against 0.3 ms by the id alone)."""
        wanted, area_id = set(org_ids), self.ctx.area.pk
        return {
            org_id: pk
            for org_id, pk, area in Organisation.objects.filter(pk__gt=after)
            .order_by()
            .values_list("org_id", "pk", "area_id")
            if area == area_id and org_id in wanted
        }

    def _write_registrations(self, rows: list[tuple[int, str, dict]]) -> None:
        area_id, run_id = self.ctx.area.pk, self.ctx.run.pk
        self.registrations.write(
            (area_id, organisation_id, number, *REGISTRATION_VALUES(values), run_id, run_id)
            for organisation_id, number, values in rows
        )

    def _write_all_new(self) -> bool:
        """Write the batch as new charities; False (nothing written) if one is already
        stored."""
        org_ids = [f"GB-CHC-{number}" for number in self.batch]
        after = self._highest_id()
        try:
            with transaction.atomic():  # a savepoint, rolled back alone
                self.organisations.write(
                    self._new_organisation(org_id, values)
                    for org_id, (_label, values) in zip(org_ids, self.batch.values(), strict=True)
                )
                created = self._created(org_ids, after)
                self._write_registrations(
                    [
                        (created[org_id], number, values)
                        for org_id, (number, (_label, values)) in zip(
                            org_ids, self.batch.items(), strict=True
                        )
                    ]
                )
        except IntegrityError:
            return False
        self.ctx.added(
            (org_id, values["register_name"])
            for org_id, (_label, values) in zip(org_ids, self.batch.values(), strict=True)
        )
        return True


def _organisations_update(changes: list[tuple[int, dict]], now) -> None:
    """Write what the register changed of each organisation, grouped by the fields changed."""
    by_fields: dict[tuple[str, ...], list[Organisation]] = {}
    for pk, values in changes:
        by_fields.setdefault(tuple(sorted(values)), []).append(
            Organisation(pk=pk, updated_at=now, **values)
        )
    for fields, organisations in by_fields.items():
        Organisation.objects.bulk_update(organisations, [*fields, "updated_at"])


def _income(before, values) -> dict:
    after = values["latest_income"]
    return {
        "field": "organisation income",
        "before": "" if before is None else str(before),
        "after": "" if after is None else str(after),
    }


def _organisation_follow(stored: dict, values: dict) -> tuple[list[dict], dict]:
    """What the organisation must change to follow the register: (the changes as the preview
    lists them, the new field values). Its name and website follow the register only while
    nobody has changed them by hand; its income always does."""
    name, income = stored["organisation__name"], stored["organisation__annual_income"]
    website = stored["organisation__website"]
    changes, new = [], {}
    if income != values["latest_income"]:
        changes.append(_income(income, values))
        new["annual_income"] = values["latest_income"]
    if name == stored["register_name"] and name != values["register_name"]:
        changes.append(
            {"field": "organisation name", "before": name, "after": values["register_name"]}
        )
        new["name"] = values["register_name"]
    old_site, new_site = website_from(stored["web"]), website_from(values["web"])
    if website == old_site and old_site != new_site:
        changes.append({"field": "organisation website", "before": old_site, "after": new_site})
        new["website"] = new_site
    return changes, new
