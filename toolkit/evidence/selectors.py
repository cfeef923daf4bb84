"""Reading evidence for pages, reports and the API. Every query is filtered by the area the
caller was given by `areas.permissions.area_view`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum

from toolkit.areas.models import Organisation, OrganisationKind

from .equity import CONTRACT, GRANT, FundingItem
from .importers.charities import NO_INCOME_COLUMN
from .matching import common_words, name_suggestions
from .models import (
    CharityRegistration,
    Contract,
    ContractSupplier,
    Grant,
    ImportRun,
    ValueCalculation,
)

# Size bands by annual income, as the NCVO Civil Society Almanac uses them.
SIZE_BANDS = (
    ("micro", "Micro (under £10,000)", Decimal("0"), Decimal("10000")),
    ("small", "Small (£10,000 to £100,000)", Decimal("10000"), Decimal("100000")),
    ("medium", "Medium (£100,000 to £1 million)", Decimal("100000"), Decimal("1000000")),
    ("large", "Large (£1 million to £10 million)", Decimal("1000000"), Decimal("10000000")),
    ("major", "Major (£10 million to £100 million)", Decimal("10000000"), Decimal("100000000")),
    ("super_major", "Super-major (£100 million or more)", Decimal("100000000"), None),
)
UNKNOWN_BAND = ("unknown", "Income not known")
SIZE_BAND_CHOICES = [(key, label) for key, label, _lo, _hi in SIZE_BANDS] + [UNKNOWN_BAND]


def size_band(income: Decimal | None) -> str:
    if income is None:
        return UNKNOWN_BAND[0]
    for key, _label, low, high in SIZE_BANDS:
        if income >= low and (high is None or income < high):
            return key
    return UNKNOWN_BAND[0]


def size_band_label(key: str) -> str:
    return dict(SIZE_BAND_CHOICES).get(key, "")


def register_installed() -> bool:
    return apps.is_installed("toolkit.register")


@dataclass
class DirectoryEntry:
    organisation: Organisation
    registration: CharityRegistration | None
    band: str
    grants_total: Decimal
    grants_count: int
    contracts_total: Decimal
    in_relationship: bool | None

    @property
    def band_label(self) -> str:
        return size_band_label(self.band)


def asset_directory(
    area,
    *,
    query="",
    band="",
    classification="",
    place="",
    marginalised=False,
    not_in_relationship=False,
) -> list[DirectoryEntry]:
    """The area's VCS organisations with their size band and funding. Filters on the
    register's classification and area of operation run over the area's own rows."""
    organisations = Organisation.objects.filter(area=area, kind=OrganisationKind.VCS)
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(org_id__icontains=query))
    if marginalised:
        organisations = organisations.filter(is_marginalised_led=True)
    organisations = organisations.select_related("charity_registration").order_by("name")
    if register_installed():
        organisations = organisations.annotate(parties=Count("relationship_parties"))
    grants = {
        row["recipient"]: (row["total"], row["count"])
        for row in Grant.objects.filter(area=area, recipient__isnull=False)
        .values("recipient")
        .annotate(total=Sum("amount_awarded"), count=Count("id"))
    }
    contracts = dict(
        ContractSupplier.objects.filter(contract__area=area, organisation__isnull=False)
        .values("organisation")
        .annotate(total=Sum("amount"))
        .values_list("organisation", "total")
    )
    entries = []
    for organisation in organisations:
        registration = getattr(organisation, "charity_registration", None)
        entry_band = size_band(organisation.annual_income)
        if band and entry_band != band:
            continue
        if classification and not (
            registration
            and any(c.get("code") == classification for c in registration.classifications)
        ):
            continue
        if place and not (registration and place in registration.areas_of_operation):
            continue
        in_relationship = (organisation.parties > 0) if register_installed() else None
        if not_in_relationship and in_relationship is not False:
            continue
        total, count = grants.get(organisation.pk, (Decimal("0"), 0))
        entries.append(
            DirectoryEntry(
                organisation,
                registration,
                entry_band,
                total or Decimal("0"),
                count,
                contracts.get(organisation.pk) or Decimal("0"),
                in_relationship,
            )
        )
    return entries


def charity_files_without_income(area) -> list[dict]:
    """The charity files that have no income column, with how many of the area's charities
    came from each and so have no known income: [{file_name, charities}], for pages to say so
    once. (Trafford Data Lab's register subset is such a file.)"""
    rows = (
        CharityRegistration.objects.filter(
            area=area,
            organisation__annual_income__isnull=True,
            **{f"source_run__notes__{NO_INCOME_COLUMN}": True},
        )
        .values("source_run", "source_run__file_name")
        .annotate(n=Count("id"))
        .order_by("source_run__file_name", "source_run")
    )
    return [{"file_name": r["source_run__file_name"], "charities": r["n"]} for r in rows]


def directory_filters(area) -> dict:
    """Choices for the directory's filters, from the area's own register rows."""
    classifications, places = {}, set()
    for classes, aoo in CharityRegistration.objects.filter(area=area).values_list(
        "classifications", "areas_of_operation"
    ):
        for c in classes:
            classifications[c.get("code")] = c.get("description")
        places.update(aoo)
    return {
        "classifications": sorted(classifications.items(), key=lambda kv: kv[1] or ""),
        "places": sorted(places),
        "bands": SIZE_BAND_CHOICES,
    }


def size_band_counts(entries: list[DirectoryEntry]) -> list[dict]:
    """Organisations and the area's grants, by size band: who the money reaches."""
    rows = {
        key: {"band": key, "label": label, "organisations": 0, "funded": 0, "grants": Decimal("0")}
        for key, label in SIZE_BAND_CHOICES
    }
    for entry in entries:
        row = rows[entry.band]
        row["organisations"] += 1
        row["grants"] += entry.grants_total
        row["funded"] += entry.grants_count > 0
    return list(rows.values())


def organisation_evidence(area, organisation) -> dict:
    grants = Grant.objects.filter(area=area, recipient=organisation).select_related("source_run")
    suppliers = ContractSupplier.objects.filter(
        contract__area=area, organisation=organisation
    ).select_related("contract", "contract__source_run")
    relationships = []
    if register_installed():
        Relationship = apps.get_model("register", "Relationship")
        relationships = list(
            Relationship.objects.filter(area=area, parties__organisation=organisation).distinct()
        )
    return {
        "registration": CharityRegistration.objects.filter(organisation=organisation).first(),
        "grants": list(grants),
        "contracts": list(suppliers),
        "relationships": relationships,
        "band": size_band_label(size_band(organisation.annual_income)),
    }


def unmatched_recipients(area):
    """Recipients of the area's grants that match no organisation by identifier, as rows of
    {recipient_org_id, count, total}, most money first: page them, then describe a page's
    rows with `unmatched_recipient_details`."""
    return (
        Grant.objects.filter(area=area, recipient__isnull=True)
        .values("recipient_org_id")
        .annotate(count=Count("id"), total=Sum("amount_awarded"))
        .order_by("-total", "recipient_org_id")
    )


def unmatched_recipient_details(area, rows) -> list[dict]:
    """For some rows of `unmatched_recipients`: the names each was published under and the
    organisations whose names are most alike, for a person to confirm or create."""
    rows = list(rows)
    names = defaultdict(set)
    ids = [r["recipient_org_id"] for r in rows]
    for published_id, name in Grant.objects.filter(area=area, recipient_org_id__in=ids).values_list(
        "recipient_org_id", "recipient_name"
    ):
        if name:
            names[published_id].add(name)
    organisations = {
        pk: (name, public_id)
        for pk, name, public_id in Organisation.objects.filter(
            area=area, kind=OrganisationKind.VCS
        ).values_list("pk", "name", "public_id")
    }
    choices = {pk: name for pk, (name, _public_id) in organisations.items()}
    common = common_words(choices.values())
    found = []
    for row in rows:
        published_names = sorted(names[row["recipient_org_id"]])
        suggestions = {}
        for name in published_names:
            for pk, org_name, score in name_suggestions(name, choices, common=common):
                if pk not in suggestions or suggestions[pk][1] < score:
                    suggestions[pk] = (org_name, score)
        ranked = sorted(suggestions.items(), key=lambda kv: -kv[1][1])[:3]
        found.append(
            {
                "published_id": row["recipient_org_id"],
                "names": published_names,
                "count": row["count"],
                "total": row["total"],
                "suggestions": [
                    {"public_id": organisations[pk][1], "name": n, "score": s}
                    for pk, (n, s) in ranked
                ],
            }
        )
    return found


def funding_items(area, department=None) -> list[FundingItem]:
    """Every grant, and every supplier's share of an awarded contract, of the area's
    councils, as plain values for `equity`."""
    grants = Grant.objects.filter(area=area)
    if department is not None:
        grants = grants.filter(department=department)
    # Plain values, not models: an area can have tens of thousands of grants.
    items = [
        FundingItem(
            kind=GRANT,
            amount=amount,
            date=awarded,
            recipient=str(recipient_id) if recipient_id else recipient_org_id,
            recipient_income=income,
            matched=recipient_id is not None,
            months=months,
            department=funder_department,
            source=file_name or "",
        )
        for (
            amount,
            awarded,
            recipient_id,
            recipient_org_id,
            income,
            months,
            funder_department,
            file_name,
        ) in grants.values_list(
            "amount_awarded",
            "award_date",
            "recipient_id",
            "recipient_org_id",
            "recipient__annual_income",
            "duration_months",
            "funder_department",
            "source_run__file_name",
        )
    ]
    if department is not None:
        return items
    contracts = (
        Contract.objects.filter(area=area, awarded_value__isnull=False)
        .select_related("source_run")
        .prefetch_related("suppliers__organisation")
    )
    for c in contracts:
        months = c.months
        suppliers = [s for s in c.suppliers.all() if s.amount is not None]
        for s in suppliers:
            items.append(
                FundingItem(
                    kind=CONTRACT,
                    amount=s.amount,
                    date=c.award_date,
                    recipient=str(s.organisation_id)
                    if s.organisation_id
                    else (s.org_id or s.party_id or s.name),
                    recipient_income=s.organisation.annual_income if s.organisation else None,
                    matched=s.organisation_id is not None,
                    months=None if months is None else Decimal(str(months)),
                    source=c.source_run.file_name if c.source_run else "",
                )
            )
    return items


def funding_departments(area) -> list[Organisation]:
    return list(
        Organisation.objects.filter(area=area, kind=OrganisationKind.DEPARTMENT).order_by("name")
    )


def funding_between(area, organisation_ids) -> dict:
    """Grants and contracts between a set of parties (the parties of a relationship): money
    from the council side (a council or its department) to the other parties.
    Returns {total, grants, contracts, count, sources}."""
    ids = set(organisation_ids)
    council_side = set(
        Organisation.objects.filter(
            area=area, pk__in=ids, kind__in=[OrganisationKind.COUNCIL, OrganisationKind.DEPARTMENT]
        ).values_list("pk", flat=True)
    )
    others = ids - council_side
    grants = (
        Grant.objects.filter(area=area, recipient_id__in=others)
        .filter(Q(funder_id__in=council_side) | Q(department_id__in=council_side))
        .select_related("source_run")
    )
    suppliers = ContractSupplier.objects.filter(
        contract__area=area,
        organisation_id__in=others,
        contract__buyer_id__in=council_side,
        amount__isnull=False,
    ).select_related("contract__source_run")
    grant_total = sum((g.amount_awarded for g in grants), Decimal("0"))
    supplier_list = list(suppliers)
    contract_total = sum((s.amount for s in supplier_list), Decimal("0"))
    sources = {g.source_run.file_name for g in grants if g.source_run} | {
        s.contract.source_run.file_name for s in supplier_list if s.contract.source_run
    }
    return {
        "total": grant_total + contract_total,
        "grants": grant_total,
        "contracts": contract_total,
        "count": len(grants) + len(supplier_list),
        "sources": tuple(sorted(sources)),
    }


def import_runs(area, limit=50):
    return ImportRun.objects.filter(area=area).select_related("created_by")[:limit]


def relationship_funding(area, relationship) -> dict:
    """For a register relationship: the grants and contracts between its parties and the
    suggested financial-investment rating (kept apart from any respondent's rating)."""
    from .equity import suggest_financial_investment

    organisation_ids = relationship.parties.filter(organisation__isnull=False).values_list(
        "organisation_id", flat=True
    )
    totals = funding_between(area, organisation_ids)
    return {"totals": totals, "suggestion": suggest_financial_investment(totals)}


def value_calculations(area):
    """The value calculations kept in the area, newest first, with their relationship and
    who saved them (one query)."""
    return ValueCalculation.objects.filter(area=area).select_related("relationship", "created_by")
