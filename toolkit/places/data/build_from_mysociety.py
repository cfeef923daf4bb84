"""Build english_local_authorities.csv from mySociety's uk_local_authority_names_and_codes.

Re-runnable, standard library only, deterministic output (UTF-8, no BOM, LF line endings,
rows sorted by GSS code)::

    python toolkit/places/data/build_from_mysociety.py \
        --source ../shared/data/geography/mysociety-uk-la/uk_local_authorities_current.csv

Source: data package ``uk_la_past_current`` v1.6.1, repository
mysociety/uk_local_authority_names_and_codes, commit 67ef8b118938678401a452f4f19f669a7221cc73
(CC BY 4.0). See README.md in this folder for the attribution and the decisions below.

What is kept: every CURRENT English authority (nation "England", current-authority "True",
no end-date on or before today) of these mySociety types:

====  ==================  ========================  =====
type  GSS entity          our authority_type         model
====  ==================  ========================  =====
CTY   E10 county          county                    LocalAuthority
NMD   E07 district        district                  LocalAuthority
UA    E06 unitary         unitary                   LocalAuthority
MD    E08 met. district   metropolitan_borough      LocalAuthority
LBO   E09 London borough  london_borough            LocalAuthority
CC    E09 City of London  city_corporation          LocalAuthority
COMB  E47 combined auth.  combined_authority        CombinedAuthority
SRA   E61 GLA             strategic_authority       CombinedAuthority
====  ==================  ========================  =====

Any other current English type makes the build fail, so a new source release cannot slip
in an authority we do not understand.

Documented value overrides (VALUE_OVERRIDES): two county regions and two combined
authority short names are corrected; see the comments there.

Documented override (DISSOLVED_COMBINED_AUTHORITIES): the source still shows the North East
Combined Authority (NECA, E47000010, the 4-member body dating from 2014) and the North of
Tyne Combined Authority (NTCA, E47000011) as current. Both were dissolved in May 2024 and
replaced by a single new North East Mayoral Combined Authority covering all seven councils.
The new body is NOT in the source file and its GSS code is not stated anywhere in the
source data, so we do not invent one: the two dissolved bodies are dropped and their seven
member councils are written with an empty combined_authority_gss. Add the new authority
here (as an explicit extra row) once its code is taken from the ONS register.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The shared data folder sits beside the repository (../shared/data).
DEFAULT_SOURCE = (
    HERE.parents[3]
    / "shared"
    / "data"
    / "geography"
    / "mysociety-uk-la"
    / "uk_local_authorities_current.csv"
)
DEFAULT_OUTPUT = HERE / "english_local_authorities.csv"

OUTPUT_COLUMNS = [
    "gss_code",
    "la_code",
    "name",
    "official_name",
    "authority_type",
    "county_gss",
    "combined_authority_gss",
    "region",
]

# mySociety local-authority-type -> (GSS entity prefix, our authority_type)
TYPE_MAP = {
    "CTY": ("E10", "county"),
    "NMD": ("E07", "district"),
    "UA": ("E06", "unitary"),
    "MD": ("E08", "metropolitan_borough"),
    "LBO": ("E09", "london_borough"),
    "CC": ("E09", "city_corporation"),
    "COMB": ("E47", "combined_authority"),
    "SRA": ("E61", "strategic_authority"),
}
COMBINED_TYPES = {"combined_authority", "strategic_authority"}

# Bodies the source still lists as current but which no longer exist. gss -> reason.
DISSOLVED_COMBINED_AUTHORITIES = {
    "E47000010": (
        "North East Combined Authority (2014 body): dissolved May 2024, replaced by the "
        "North East Mayoral Combined Authority (not in the source; code not stated there)"
    ),
    "E47000011": (
        "North of Tyne Combined Authority: dissolved May 2024, replaced by the "
        "North East Mayoral Combined Authority (not in the source; code not stated there)"
    ),
}

# Source values that are plainly wrong, corrected here. gss -> {column: value}.
# Regions: the source puts Derbyshire CC in the West Midlands and Lincolnshire CC in
# Yorkshire and The Humber, while every one of their districts (and ONS) is East Midlands.
# The build asserts that each county's region equals its districts' after overrides.
# Names: two combined authorities have a "nice name" that is not a short form of their
# official name; we use the short form of the official name instead.
VALUE_OVERRIDES = {
    "E10000007": {"region": "East Midlands"},  # Derbyshire
    "E10000019": {"region": "East Midlands"},  # Lincolnshire
    "E47000002": {"name": "South Yorkshire"},  # was "South Yorkshire Mayoral Combined Authority"
    "E47000016": {"name": "Hull and East Yorkshire"},  # was "Yorkshire and The Humber MCA"
}

GSS_RE = re.compile(r"^E\d{8}$")


class BuildError(Exception):
    pass


def _is_current(row: dict[str, str], today: dt.date) -> bool:
    if row["current-authority"].strip() != "True":
        return False
    end = row["end-date"].strip()
    return not (end and dt.date.fromisoformat(end) <= today)


def build_rows(source: Path, today: dt.date | None = None) -> tuple[list[dict], list[str]]:
    """Return (output rows, notes) from the mySociety CSV at ``source``."""
    today = today or dt.date.today()
    with source.open(encoding="utf-8-sig", newline="") as fh:
        source_rows = list(csv.DictReader(fh))

    current = [r for r in source_rows if r["nation"].strip() == "England" and _is_current(r, today)]
    notes: list[str] = []

    unknown = sorted({r["local-authority-type"] for r in current} - TYPE_MAP.keys())
    if unknown:
        raise BuildError(f"unknown current English authority types in source: {unknown}")

    by_code: dict[str, dict[str, str]] = {}
    for r in current:
        code = r["local-authority-code"].strip()
        if code in by_code:
            raise BuildError(f"duplicate local-authority-code {code!r} among current rows")
        prefix, _ = TYPE_MAP[r["local-authority-type"]]
        gss = r["gss-code"].strip()
        if not GSS_RE.match(gss) or not gss.startswith(prefix):
            raise BuildError(f"{code}: GSS code {gss!r} does not match type {prefix}")
        by_code[code] = r

    dissolved_codes = set()
    for gss, reason in DISSOLVED_COMBINED_AUTHORITIES.items():
        match = [c for c, r in by_code.items() if r["gss-code"] == gss]
        if match:
            dissolved_codes.update(match)
            notes.append(f"override: dropped {gss} ({match[0]}): {reason}")
        else:
            notes.append(f"override for {gss} no longer needed (not current in source)")

    out = []
    for code, r in by_code.items():
        if code in dissolved_codes:
            continue
        _, authority_type = TYPE_MAP[r["local-authority-type"]]
        county_gss = ""
        county_code = r["county-la"].strip()
        if county_code:
            county = by_code.get(county_code)
            if county is None or county["local-authority-type"] != "CTY":
                raise BuildError(f"{code}: county-la {county_code!r} is not a current county")
            county_gss = county["gss-code"]
        if (authority_type == "district") != bool(county_gss):
            raise BuildError(f"{code}: districts, and only districts, must have a county")

        ca_gss = ""
        ca_code = r["combined-authority"].strip()
        if ca_code in dissolved_codes:
            notes.append(
                f"override: {code} {r['nice-name']} member of dissolved {ca_code}, "
                "combined_authority_gss left empty"
            )
        elif ca_code:
            ca = by_code.get(ca_code)
            if ca is None or TYPE_MAP[ca["local-authority-type"]][1] not in COMBINED_TYPES:
                raise BuildError(f"{code}: combined-authority {ca_code!r} is not current")
            ca_gss = ca["gss-code"]

        out.append(
            {
                "gss_code": r["gss-code"].strip(),
                "la_code": code,
                "name": r["nice-name"].strip(),
                "official_name": r["official-name"].strip(),
                "authority_type": authority_type,
                "county_gss": county_gss,
                "combined_authority_gss": ca_gss,
                "region": r["region"].strip(),
            }
        )
    out.sort(key=lambda row: row["gss_code"])

    for row in out:
        for column, value in VALUE_OVERRIDES.get(row["gss_code"], {}).items():
            notes.append(f"override: {row['gss_code']} {column} {row[column]!r} -> {value!r}")
            row[column] = value
    regions = {row["gss_code"]: row["region"] for row in out}
    for row in out:
        if row["county_gss"] and regions[row["county_gss"]] != row["region"]:
            raise BuildError(f"{row['la_code']}: region differs from its county's region")
    return out, notes


def write_rows(rows: list[dict], output: Path) -> None:
    with output.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    try:
        rows, notes = build_rows(args.source)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    write_rows(rows, args.output)
    for note in notes:
        print(note)
    counts = Counter(row["authority_type"] for row in rows)
    for authority_type, n in sorted(counts.items()):
        print(f"{authority_type:>22}: {n}")
    print(f"{'total':>22}: {len(rows)} rows written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
