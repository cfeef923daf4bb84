"""Write-side operations on the places reference data."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import CombinedAuthority, LocalAuthority

DATA_FILENAME = "english_local_authorities.csv"
COLUMNS = (
    "gss_code",
    "la_code",
    "name",
    "official_name",
    "authority_type",
    "county_gss",
    "combined_authority_gss",
    "region",
)
GSS_RE = re.compile(r"^E\d{8}$")
LA_CODE_RE = re.compile(r"^[A-Z]{3,4}$")

COUNCIL_TYPES = frozenset(LocalAuthority.AuthorityType.values)
COMBINED_TYPES = frozenset(CombinedAuthority.AuthorityType.values)
COPIED_FIELDS = ("la_code", "name", "official_name", "authority_type", "region")


class AuthorityDataError(ValueError):
    """The data file is not valid. ``errors`` lists "line N: problem" messages."""

    def __init__(self, path: Path, errors: list[str]):
        self.path = path
        self.errors = errors
        shown = "\n".join(errors[:20])
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(
            f"{path.name}: {len(errors)} invalid row(s), nothing loaded:\n{shown}{more}"
        )


@dataclass(frozen=True)
class _Row:
    line: int
    gss_code: str
    la_code: str
    name: str
    official_name: str
    authority_type: str
    county_gss: str
    combined_authority_gss: str
    region: str


def default_data_path() -> Path:
    return Path(settings.PLACES_DATA_DIR) / DATA_FILENAME


def _read(path: Path) -> list[_Row]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise AuthorityDataError(path, [f"line 1: missing column(s) {sorted(missing)}"])
        rows = []
        for record in reader:
            values = {col: (record.get(col) or "").strip() for col in COLUMNS}
            rows.append(_Row(line=reader.line_num, **values))
    return rows


def _validate(rows: list[_Row], path: Path) -> None:
    errors: list[str] = []
    types_in_file = {row.gss_code: row.authority_type for row in rows}
    known_counties = set(
        LocalAuthority.objects.filter(
            authority_type=LocalAuthority.AuthorityType.COUNTY
        ).values_list("gss_code", flat=True)
    ) | {gss for gss, t in types_in_file.items() if t == LocalAuthority.AuthorityType.COUNTY}
    known_combined = set(CombinedAuthority.objects.values_list("gss_code", flat=True)) | {
        gss for gss, t in types_in_file.items() if t in COMBINED_TYPES
    }
    seen: dict[str, int] = {}
    for row in rows:
        problems = []
        if not GSS_RE.match(row.gss_code):
            problems.append(f"GSS code {row.gss_code!r} is not E followed by 8 digits")
        elif row.gss_code in seen:
            problems.append(f"GSS code {row.gss_code} already on line {seen[row.gss_code]}")
        else:
            seen[row.gss_code] = row.line
        if not LA_CODE_RE.match(row.la_code):
            problems.append(f"la_code {row.la_code!r} is not 3 or 4 capital letters")
        if not row.name:
            problems.append("name is empty")
        if not row.official_name:
            problems.append("official_name is empty")
        if row.authority_type not in COUNCIL_TYPES | COMBINED_TYPES:
            problems.append(f"unknown authority_type {row.authority_type!r}")
        if row.authority_type == LocalAuthority.AuthorityType.DISTRICT:
            if not row.county_gss:
                problems.append("a district needs a county_gss")
            elif row.county_gss not in known_counties:
                problems.append(f"county_gss {row.county_gss} is not a county")
        elif row.county_gss:
            problems.append("only districts have a county_gss")
        if row.combined_authority_gss:
            if row.authority_type in COMBINED_TYPES:
                problems.append("a combined authority cannot be a member of another")
            elif row.combined_authority_gss not in known_combined:
                problems.append(
                    f"combined_authority_gss {row.combined_authority_gss} "
                    "is not a combined authority"
                )
        errors.extend(f"line {row.line}: {problem}" for problem in problems)
    if errors:
        raise AuthorityDataError(path, errors)


def _upsert(model, lookup: dict, values: dict, counts: dict) -> object:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        counts["created"] += 1
        return model.objects.create(**lookup, **values)
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return obj


def authorities_load(path: Path | str | None = None) -> dict[str, int]:
    """Load the authorities CSV, creating or updating by GSS code, in one transaction.

    Every row is validated before anything is written; any invalid row raises
    ``AuthorityDataError`` naming its line, and nothing is saved. Authorities in the
    database but absent from the file are left alone (other data may refer to them).
    Idempotent: loading the same file again returns ``created == updated == 0``.
    """
    path = Path(path) if path else default_data_path()
    rows = _read(path)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        _validate(rows, path)

        for row in rows:
            if row.authority_type in COMBINED_TYPES:
                values = {f: getattr(row, f) for f in COPIED_FIELDS}
                _upsert(CombinedAuthority, {"gss_code": row.gss_code}, values, counts)

        councils = [row for row in rows if row.authority_type in COUNCIL_TYPES]
        # Counties first, so that districts can point to them.
        councils.sort(key=lambda r: r.authority_type != LocalAuthority.AuthorityType.COUNTY)
        county_ids = dict(
            LocalAuthority.objects.filter(
                authority_type=LocalAuthority.AuthorityType.COUNTY
            ).values_list("gss_code", "pk")
        )
        combined_ids = dict(CombinedAuthority.objects.values_list("gss_code", "pk"))
        for row in councils:
            values = {f: getattr(row, f) for f in COPIED_FIELDS}
            values["county_id"] = county_ids[row.county_gss] if row.county_gss else None
            values["combined_authority_id"] = (
                combined_ids[row.combined_authority_gss] if row.combined_authority_gss else None
            )
            obj = _upsert(LocalAuthority, {"gss_code": row.gss_code}, values, counts)
            if row.authority_type == LocalAuthority.AuthorityType.COUNTY:
                county_ids[row.gss_code] = obj.pk
    return counts
