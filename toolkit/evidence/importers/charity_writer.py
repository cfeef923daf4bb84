"""Writing charities: organisations and their register details, a batch at a time, each
charity recorded as added, changed (with its fields) or unchanged for the import's preview."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from toolkit.areas.models import Organisation, OrganisationKind, VcsType
from toolkit.core.imports import ADDED, CHANGED, UNCHANGED

from ..models import CharityRegistration
from .base import BATCH_SIZE, ImportContext, changed_fields


def website_from(web: str) -> str:
    if not web:
        return ""
    url = web if "://" in web else f"https://{web}"
    try:
        URLValidator()(url)
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


class CharityWriter:
    """Creates or updates organisations and their registrations, a batch at a time, and counts
    each charity as created, updated or unchanged."""

    def __init__(self, ctx: ImportContext):
        self.ctx = ctx
        self.batch: dict[str, tuple[object, dict]] = {}

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
        ctx, area, run = self.ctx, self.ctx.area, self.ctx.run
        now = timezone.now()
        registrations = {
            r.charity_number: r
            for r in CharityRegistration.objects.filter(
                area=area, charity_number__in=list(self.batch)
            ).select_related("organisation")
        }
        missing_ids = [f"GB-CHC-{n}" for n in self.batch if n not in registrations]
        # exclude(org_id="") lets SQLite use the partial unique index on (area, org_id).
        existing_orgs = Organisation.objects.filter(area=area, org_id__in=missing_ids).exclude(
            org_id=""
        )
        orgs_by_id = {o.org_id: o for o in existing_orgs} if missing_ids else {}

        new_orgs, new_regs, changed_orgs, changed_regs, seen = [], [], [], [], []
        for number, (label, values) in self.batch.items():
            registration = registrations.get(number)
            if registration is not None and registration.last_seen_run_id == run.pk:
                ctx.problem(
                    label,
                    "registered_charity_number",
                    f"charity {number} appears more than once in the file",
                )
                ctx.row_rejected()
                continue
            if registration is None:
                organisation = orgs_by_id.get(f"GB-CHC-{number}")
                if organisation is None:
                    organisation = Organisation(
                        area=area,
                        kind=OrganisationKind.VCS,
                        vcs_type=VcsType.CHARITY,
                        name=values["register_name"],
                        org_id=f"GB-CHC-{number}",
                        annual_income=values["latest_income"],
                        website=website_from(values["web"]),
                    )
                    new_orgs.append(organisation)
                    ctx.record(ADDED, f"GB-CHC-{number}", values["register_name"])
                else:
                    fields = [{"field": "register details", "before": "", "after": "added"}]
                    if organisation.annual_income != values["latest_income"]:
                        fields.append(_income(organisation.annual_income, values))
                        organisation.annual_income = values["latest_income"]
                        organisation.updated_at = now
                        changed_orgs.append(organisation)
                    ctx.record(CHANGED, organisation.org_id, organisation.name, fields)
                new_regs.append((organisation, number, values))
                continue
            org_changes = _organisation_follow(registration, values)
            org_changed = bool(org_changes)
            reg_changes = changed_fields(registration, values, REGISTRATION_FIELDS)
            reg_changed = bool(reg_changes)
            if reg_changed:
                for f in REGISTRATION_FIELDS:
                    setattr(registration, f, values[f])
                registration.source_run = run
                registration.last_seen_run = run
                registration.updated_at = now
                changed_regs.append(registration)
            else:
                seen.append(registration.pk)
            if org_changed:
                registration.organisation.updated_at = now
                changed_orgs.append(registration.organisation)
            key, name = f"GB-CHC-{number}", registration.organisation.name
            if reg_changed or org_changed:
                ctx.record(CHANGED, key, name, org_changes + reg_changes)
            else:
                ctx.record(UNCHANGED, key)

        if new_orgs:
            Organisation.objects.bulk_create(new_orgs)
        if changed_orgs:
            Organisation.objects.bulk_update(
                changed_orgs, ["name", "annual_income", "website", "updated_at"]
            )
        if new_regs:
            # Built only now, by organisation id: no object cycle outlives the batch.
            CharityRegistration.objects.bulk_create(
                CharityRegistration(
                    area_id=area.pk,
                    organisation_id=organisation.pk,
                    charity_number=number,
                    source_run_id=run.pk,
                    last_seen_run_id=run.pk,
                    **values_without_number(values),
                )
                for organisation, number, values in new_regs
            )
        if changed_regs:
            CharityRegistration.objects.bulk_update(
                changed_regs,
                [*REGISTRATION_FIELDS, "source_run", "last_seen_run", "updated_at"],
            )
        if seen:
            CharityRegistration.objects.filter(pk__in=seen).update(last_seen_run=run)
        self.batch = {}
        ctx.report()


def values_without_number(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "charity_number"}


def _income(before, values) -> dict:
    after = values["latest_income"]
    return {
        "field": "organisation income",
        "before": "" if before is None else str(before),
        "after": "" if after is None else str(after),
    }


def _organisation_follow(registration, values) -> list[dict]:
    """Bring the organisation in line with the register, returning what changed. Its name and
    website follow the register only while nobody has changed them by hand; its income
    always does."""
    organisation = registration.organisation
    changes = []
    if organisation.annual_income != values["latest_income"]:
        changes.append(_income(organisation.annual_income, values))
        organisation.annual_income = values["latest_income"]
    if (
        organisation.name == registration.register_name
        and organisation.name != values["register_name"]
    ):
        changes.append(
            {
                "field": "organisation name",
                "before": organisation.name,
                "after": values["register_name"],
            }
        )
        organisation.name = values["register_name"]
    old_site, new_site = website_from(registration.web), website_from(values["web"])
    if organisation.website == old_site and old_site != new_site:
        changes.append({"field": "organisation website", "before": old_site, "after": new_site})
        organisation.website = new_site
    return changes
