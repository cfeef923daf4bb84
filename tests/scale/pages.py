"""The pages and downloads of a large area whose query counts are checked by
tests/scale/test_large_area.py and timed by bench/large_area.py."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from toolkit.areas.models import OrganisationKind

from .bulk import LargeArea


def _area(name, query=""):
    return lambda b: reverse(name, kwargs={"area_code": b.area.gss_code}) + query


def _with(name, **ids: Callable[[LargeArea], object]):
    def path(b: LargeArea) -> str:
        kwargs = {"area_code": b.area.gss_code} | {k: f(b) for k, f in ids.items()}
        return reverse(name, kwargs=kwargs)

    return path


def _mapping(name):
    return _with(name, round_id=lambda b: b.mapping_round.public_id)


def _principles(name):
    return _with(name, round_id=lambda b: b.principles_round.public_id)


def _department(b: LargeArea) -> str:
    department = b.area.organisations.filter(kind=OrganisationKind.DEPARTMENT).order_by("id")[0]
    return _area("evidence:funding", f"?department={department.public_id}")(b)


# (label, path for a built area): the same labels for every area, so that the counts of two
# sizes can be compared.
PAGES: list[tuple[str, Callable[[LargeArea], str]]] = [
    # the area
    ("dashboard", _area("areas:dashboard")),
    ("organisations", _area("areas:organisations")),
    # the register
    ("register", _area("register:list")),
    ("register filtered, page 2", _area("register:list", "?type=delivery&sort=qualities&page=2")),
    ("relationship", _with("register:detail", relationship_id=lambda b: b.relationship.public_id)),
    # the form: every organisation of the area may be a party (register.party_fields)
    ("new relationship", _area("register:create")),
    ("register.csv", _area("register:export-csv")),
    ("register.xlsx", _area("register:export-xlsx")),
    # results
    ("mapping: map", _mapping("mapping:map")),
    ("principles: profile", _principles("assessment:profile")),
    ("principles: gaps", _principles("assessment:gaps")),
    ("principles: barriers", _principles("assessment:barriers")),
    ("principles: comments", _principles("assessment:comments")),
    ("principles: profile.csv", _principles("assessment:profile-csv")),
    # evidence
    ("evidence", _area("evidence:index")),
    ("asset map", _area("evidence:directory")),
    ("asset map, page 3", _area("evidence:directory", "?page=3")),
    (
        "asset map filtered",
        _area("evidence:directory", "?band=small&classification=105&unlinked=1"),
    ),
    (
        "organisation evidence",
        _with("evidence:organisation", organisation_id=lambda b: b.organisation.public_id),
    ),
    ("funding equity", _area("evidence:funding")),
    ("funding equity, one department", _department),
    ("value calculator", _area("evidence:value")),
    ("import ledger", _area("evidence:imports")),
    (
        "import run",
        _with("evidence:import-run", run_id=lambda b: b.area.import_runs.last().public_id),
    ),
    ("unmatched recipients", _area("evidence:recipients")),
    # the plan
    ("action plan", _area("actions:plan")),
    ("plan history", _area("actions:history")),
    ("action", _with("actions:action", action_id=lambda b: b.action.public_id)),
    # reports and data downloads
    ("lead members' summary", _area("reports:summary")),
    ("data: all.xlsx", _area("reports:data-xlsx")),
    *[
        (f"data: {d}.csv", _with("reports:data-csv", dataset=lambda b, d=d: d))
        for d in ("register", "principles", "mapping", "plan", "dictionary")
    ],
    ("backup.zip", _area("portability:download")),
]
LABELS = [label for label, _path in PAGES]


def path_for(label: str, built: LargeArea) -> str:
    return dict(PAGES)[label](built)
