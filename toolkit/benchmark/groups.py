"""Comparison groups (issue 18, item 5; ADR 22): an area against the areas taking part that
are councils of the same kind, in the same region, and both, beside all of them. Kind and
region come from the places data (``places.LocalAuthority``, from mySociety's list of UK
local authorities). Every group is a national benchmark of its own areas, under the same
national disclosure rules (``disclosure.national``): a group of fewer than 10 areas shows
nothing, a distribution only as its quartiles.

Nearest neighbours: the shipped places data has no published list of statistical nearest
neighbours, so no such group is offered (the page says so) rather than one made up here."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.areas.models import Area
from toolkit.places.models import LocalAuthority

from . import selectors

NO_NEAREST_NEIGHBOURS = (
    "The places data the toolkit ships has no published list of nearest neighbours (councils "
    "most like yours), so your area is not compared with one."
)


@dataclass(frozen=True)
class ComparisonGroup:
    key: str  # "all", "kind", "region" or "kind-region"
    label: str
    n_areas: int | None  # rounded like a count; None when too few to show
    enough: bool
    rows: list[selectors.PositionRow]


def area_regions(area_ids) -> dict[int, str]:
    """Each area's English region from the places data ("" when not known): two queries."""
    codes = dict(Area.objects.filter(pk__in=list(area_ids)).values_list("pk", "gss_code"))
    regions = dict(
        LocalAuthority.objects.filter(gss_code__in=codes.values()).values_list("gss_code", "region")
    )
    return {pk: regions.get(code, "") for pk, code in codes.items()}


def comparison_groups(area: Area, records=None, own=None) -> list[ComparisonGroup]:
    """The groups of the areas taking part that ``area`` belongs to, each with the area's
    latest principle scores against the group's distributions where both may be shown."""
    records = selectors.stored_area_records().records if records is None else records
    own = selectors.area_record(area) if own is None else own
    regions = area_regions({r.area_id for r in records} | {area.pk})
    region = regions.get(area.pk, "")
    kind_label = selectors.KINDS.get(own.kind, "")
    wanted = [("all", "All areas taking part", lambda r: True)]
    if kind_label:
        wanted.append(("kind", kind_label, lambda r: r.kind == own.kind))
    if region:
        wanted.append(
            (
                "region",
                f"Areas in the same region ({region})",
                lambda r: regions.get(r.area_id) == region,
            )
        )
    if kind_label and region:
        wanted.append(
            (
                "kind-region",
                f"{kind_label} in the same region ({region})",
                lambda r: r.kind == own.kind and regions.get(r.area_id) == region,
            )
        )
    groups = []
    for key, label, keep in wanted:
        benchmark = selectors.national_benchmark(selectors.ALL, [r for r in records if keep(r)])
        groups.append(
            ComparisonGroup(
                key,
                label,
                benchmark.n_areas,
                benchmark.enough,
                selectors.position_rows(benchmark, own),
            )
        )
    return groups
