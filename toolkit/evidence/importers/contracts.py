"""Contracts in the Open Contracting Data Standard: release packages (Contracts Finder, Find a
Tender) and record packages. Releases whose buyer is one of the area's councils are kept as
published (``ContractRelease``) and compiled per ``ocid`` with ocdsmerge, against the OCDS 1.1.5
release schema shipped in ``evidence/data`` (never fetched over the network), into one
``Contract`` with its suppliers. Releases that arrive in a later file compile with the earlier
ones. The award date is the award's own ``date``, never the release date."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import ocdsmerge
from django.utils import timezone

from toolkit.core.imports import ADDED, CHANGED, UNCHANGED

from ..matching import OrganisationIndex
from ..models import Contract, ContractRelease, ContractSupplier
from ..parsing import (
    CountingReader,
    FileRejected,
    ValueProblem,
    json_items,
    money,
    org_id_for_matching,
    published_date,
    text,
)
from .base import ImportContext, RowProblems, Source
from .funders import Funders

# Releases kept at a time: each is a whole OCDS release (often kilobytes), so fewer than the
# rows of a grants or charity batch.
RELEASE_BATCH = 500

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "ocds-release-schema-1.1.5.json"
ORG_ID_SCHEMES = ("GB-COH", "GB-CHC", "GB-LAE", "GB-GOR", "GB-SC", "GB-NIC", "GB-MPR")


@cache
def merger() -> ocdsmerge.Merger:
    return ocdsmerge.Merger(schema=json.loads(SCHEMA.read_text(encoding="utf-8")))


def plain(value):
    """ijson's Decimals as JSON numbers, so releases can be stored and hashed."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def digest(data) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def fix_mojibake(value: str) -> str:
    """Contracts Finder text sometimes holds UTF-8 decoded as Windows-1252 (``â€¯``). Shown
    text is repaired when that reading is certain; stored releases stay as published."""
    if "â€" in value or "Ã" in value:
        try:
            return value.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    return value


def _buyer(release: dict) -> tuple[str, str]:
    buyer = release.get("buyer") if isinstance(release.get("buyer"), dict) else {}
    if buyer.get("id") or buyer.get("name"):
        return text(buyer.get("id")), text(buyer.get("name"))
    for party in release.get("parties") or []:
        if isinstance(party, dict) and "buyer" in (party.get("roles") or []):
            return text(party.get("id")), text(party.get("name"))
    return "", ""


def releases_of(ctx: ImportContext, source: Source):
    if source.fingerprint.kind != "json":
        raise FileRejected("Contracts must be an OCDS release or record package in JSON.")
    counter = CountingReader(source.fileobj)
    ctx.counter, ctx.total_bytes = counter, source.fingerprint.size
    found = False
    for prefix, index, item in json_items(counter, ("releases.item", "records.item")):
        found = True
        if prefix == "releases.item":
            ctx.file_format = "ocds-release-package"
            yield f"release {index}", item
            continue
        ctx.file_format = "ocds-record-package"
        if not isinstance(item, dict):
            yield f"record {index}", item
            continue
        embedded = [r for r in item.get("releases") or [] if isinstance(r, dict) and "ocid" in r]
        if embedded:
            for n, release in enumerate(embedded, start=1):
                yield f"record {index} release {n}", release
        elif isinstance(item.get("compiledRelease"), dict):
            yield f"record {index} compiledRelease", item["compiledRelease"]
        else:
            yield f"record {index}", {"ocid": item.get("ocid")}
    if not found:
        raise FileRejected(
            'No releases or records found: an OCDS file is a package {"releases": [...]} or '
            '{"records": [...]}.'
        )


def import_contracts(ctx: ImportContext, sources: list[Source]) -> None:
    funders = Funders(ctx.area)
    known_ocids = set()
    touched: set[str] = set()
    batch: dict[tuple[str, str], tuple[object, dict]] = {}
    other_buyers: dict[str, int] = {}
    for source in sources:
        for label, release in releases_of(ctx, source):
            ctx.tick()
            problems = RowProblems(ctx, label)
            if not isinstance(release, dict):
                problems.add("release", "is not a JSON object")
                problems.done()
                continue
            ocid, release_id = text(release.get("ocid")), text(release.get("id"))
            if not ocid:
                problems.add("ocid", "is missing")
            if not release_id:
                problems.add("id", "is missing")
            try:
                published_date(release.get("date"))
            except ValueProblem as exc:
                problems.add("date", str(exc))
            if not problems.done():
                continue
            buyer_id, buyer_name = _buyer(release)
            council = funders.council_for(buyer_id, buyer_name)
            if council is None and not buyer_name and ocid in known_ocids:
                council = True  # an update to a process of the area without a buyer block
            if council is None and not buyer_name:
                council = ContractRelease.objects.filter(area=ctx.area, ocid=ocid).exists() or None
            if council is None:
                key = buyer_name or buyer_id or "no buyer"
                if key in other_buyers or len(other_buyers) < 30:
                    other_buyers[key] = other_buyers.get(key, 0) + 1
                ctx.skipped += 1
                continue
            known_ocids.add(ocid)
            if (ocid, release_id) in batch:
                ctx.problem(label, "id", f"release {release_id} of {ocid} appears twice")
                ctx.row_rejected()
                continue
            batch[(ocid, release_id)] = (label, plain(release))
            touched.add(ocid)
            if len(batch) >= RELEASE_BATCH:
                _flush_releases(ctx, batch)
                batch = {}
        source.fileobj.seek(0)
    _flush_releases(ctx, batch)
    if other_buyers:
        ctx.note("other_buyers_not_imported", other_buyers)
    kept = ctx.created + ctx.updated + ctx.unchanged
    if ctx.rows_read and not kept and not ctx.problem_count:
        raise FileRejected(
            f"None of the {ctx.rows_read} releases in the file have one of this area's councils "
            f"({funders.ids_text}) as buyer."
        )
    if not ctx.problem_count:
        _compile(ctx, touched, funders)


def _flush_releases(ctx: ImportContext, batch: dict) -> None:
    if not batch:
        return
    run, now = ctx.run, timezone.now()
    ocids = {ocid for ocid, _ in batch}
    existing = {
        (r.ocid, r.release_id): r
        for r in ContractRelease.objects.filter(area=ctx.area, ocid__in=ocids)
        if (r.ocid, r.release_id) in batch
    }
    new, changed = [], []
    for key, (label, data) in batch.items():
        sha = digest(data)
        release = existing.get(key)
        if release is None:
            new.append(
                ContractRelease(
                    area=ctx.area,
                    ocid=key[0],
                    release_id=key[1],
                    date=text(data.get("date")),
                    data=data,
                    data_sha256=sha,
                    source_run=run,
                )
            )
            ctx.record(ADDED, f"{key[0]} {key[1]}", text(data.get("tag")))
        elif release.source_run_id == run.pk:
            ctx.problem(label, "id", f"release {key[1]} of {key[0]} appears more than once")
            ctx.row_rejected()
        elif release.data_sha256 != sha:
            release_sha = release.data_sha256
            release.data, release.data_sha256, release.date = data, sha, text(data.get("date"))
            release.source_run, release.updated_at = run, now
            changed.append(release)
            fields = [{"field": "release", "before": release_sha[:12], "after": sha[:12]}]
            ctx.record(CHANGED, f"{key[0]} {key[1]}", text(data.get("tag")), fields)
        else:
            ctx.record(UNCHANGED, f"{key[0]} {key[1]}")
    ContractRelease.objects.bulk_create(new)
    ContractRelease.objects.bulk_update(
        changed, ["data", "data_sha256", "date", "source_run", "updated_at"]
    )
    ctx.report()


def _amount(value) -> Decimal | None:
    if isinstance(value, dict) and value.get("amount") is not None:
        try:
            return money(Decimal(str(value["amount"])))
        except ArithmeticError:
            return None
    return None


def _date(value):
    try:
        return published_date(value)
    except ValueProblem:
        return None


def _party_org_id(party: dict) -> str:
    identifier = party.get("identifier") if isinstance(party.get("identifier"), dict) else {}
    scheme, number = text(identifier.get("scheme")), text(identifier.get("id"))
    if scheme and number:
        candidate = org_id_for_matching(f"{scheme}-{number}")
    else:
        candidate = org_id_for_matching(text(party.get("id")))
    return candidate if candidate.startswith(ORG_ID_SCHEMES) else ""


def contract_values(compiled: dict, latest_tag: str) -> tuple[dict, list[dict]]:
    tender = compiled.get("tender") or {}
    awards = [a for a in compiled.get("awards") or [] if isinstance(a, dict)]
    live_awards = [a for a in awards if a.get("status") not in ("cancelled", "unsuccessful")]
    buyer_id, buyer_name = _buyer(compiled)
    amounts = [_amount(a.get("value")) for a in live_awards]
    award_dates = [d for d in (_date(a.get("date")) for a in live_awards) if d]
    period = (
        next(
            (
                a.get("contractPeriod")
                for a in live_awards
                if isinstance(a.get("contractPeriod"), dict)
            ),
            tender.get("contractPeriod") if isinstance(tender.get("contractPeriod"), dict) else {},
        )
        or {}
    )
    suitability = tender.get("suitability") if isinstance(tender.get("suitability"), dict) else {}
    currency = next(
        (a["value"].get("currency") for a in live_awards if isinstance(a.get("value"), dict)),
        (tender.get("value") or {}).get("currency")
        if isinstance(tender.get("value"), dict)
        else "",
    )
    values = {
        "title": fix_mojibake(text(tender.get("title") or compiled.get("title")))[:500],
        "description": fix_mojibake(text(tender.get("description"))),
        "buyer_name": buyer_name[:500],
        "buyer_party_id": buyer_id[:255],
        "stage": latest_tag[:40],
        "procurement_method": text(tender.get("procurementMethod"))[:40],
        "tender_value": _amount(tender.get("value")),
        "awarded_value": sum((a for a in amounts if a is not None), Decimal("0.00"))
        if any(a is not None for a in amounts)
        else None,
        "currency": text(currency)[:3],
        "award_date": min(award_dates) if award_dates else None,
        "contract_start": _date(period.get("startDate")),
        "contract_end": _date(period.get("endDate")),
        "suitable_for_vcse": suitability.get("vcse")
        if isinstance(suitability.get("vcse"), bool)
        else None,
        "suitable_for_sme": suitability.get("sme")
        if isinstance(suitability.get("sme"), bool)
        else None,
    }
    parties = {text(p.get("id")): p for p in compiled.get("parties") or [] if isinstance(p, dict)}
    suppliers: dict[str, dict] = {}
    for award in live_awards:
        named = [s for s in award.get("suppliers") or [] if isinstance(s, dict)]
        share = _amount(award.get("value"))
        if share is not None and named:
            share = money(share / len(named))
        for supplier in named:
            party_id = text(supplier.get("id"))
            party = parties.get(party_id, {})
            details = party.get("details") if isinstance(party.get("details"), dict) else {}
            key = party_id or text(supplier.get("name"))
            entry = suppliers.setdefault(
                key,
                {
                    "party_id": party_id[:255],
                    "name": fix_mojibake(text(supplier.get("name") or party.get("name")))[:500],
                    "org_id": _party_org_id(party or supplier)[:255],
                    "scale": text(details.get("scale"))[:20],
                    "is_vcse": details.get("vcse")
                    if isinstance(details.get("vcse"), bool)
                    else None,
                    "amount": None,
                },
            )
            if share is not None:
                entry["amount"] = (entry["amount"] or Decimal("0.00")) + share
    return values, list(suppliers.values())


def _compile(ctx: ImportContext, ocids: set[str], funders: Funders) -> None:
    run, now = ctx.run, timezone.now()
    index = OrganisationIndex.for_area(ctx.area)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for ocid in sorted(ocids):
        releases = list(
            ContractRelease.objects.filter(area=ctx.area, ocid=ocid).values_list("data", flat=True)
        )
        releases.sort(key=lambda r: str(r.get("date") or ""))
        compiled = merger().create_compiled_release(releases)
        sha = digest(compiled)
        contract = Contract.objects.filter(area=ctx.area, ocid=ocid).first()
        if contract is not None and contract.compiled_sha256 == sha:
            counts["unchanged"] += 1
            continue
        latest_tag = (releases[-1].get("tag") or [""])[0] if releases else ""
        values, suppliers = contract_values(compiled, latest_tag)
        buyer = funders.council_for(values["buyer_party_id"], values["buyer_name"])
        if contract is None:
            contract = Contract(area=ctx.area, ocid=ocid)
            counts["created"] += 1
        else:
            counts["updated"] += 1
            contract.updated_at = now
        for key, value in values.items():
            setattr(contract, key, value)
        contract.buyer_id = buyer
        contract.compiled_sha256 = sha
        contract.source_run = run
        contract.save()
        contract.suppliers.all().delete()
        ContractSupplier.objects.bulk_create(
            ContractSupplier(
                contract=contract,
                organisation_id=index.match(s["party_id"])
                or (index.match(s["org_id"]) if s["org_id"] else None),
                **s,
            )
            for s in suppliers
        )
    ctx.note("contracts", counts)
