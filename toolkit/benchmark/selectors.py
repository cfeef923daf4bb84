"""Reading the national benchmark. Each opted-in area contributes a plain `AreaRecord` built
only from figures its own results pages may show: sealed rounds are left out, and each
figure is read from its round's disclosure decision (assessment.selectors.round_results), so
a withheld figure never reaches the record; the national figures are then made from the
records through toolkit/disclosure/national.py.
Nothing returned names an area, except `area_position`, which is only for that area."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from toolkit.areas.models import Area
from toolkit.assessment.questions import (
    barriers_for_version,
    elements_for_version,
    principles_for_version,
)
from toolkit.assessment.selectors import round_results
from toolkit.disclosure import national as disclosure
from toolkit.framework.selectors import current_version
from toolkit.places.models import LocalAuthority
from toolkit.register.models import Relationship, RelationshipTypeLink, Scale
from toolkit.register.vocabulary import vocabulary_for
from toolkit.rounds.models import AssessmentKind, Round
from toolkit.rounds.selectors import response_counts, round_results_visible

from .models import BenchmarkParticipation

SIDES = ("council", "vcs", "together")
SIDE_LABELS = {"council": "Council", "vcs": "VCS", "together": "Both sides together"}
KINDS = {
    "county": "County councils",
    "district": "District councils",
    "unitary": "Unitary authorities",
    "metropolitan_borough": "Metropolitan boroughs",
    "london_borough": "London boroughs",
}
ALL = "all"
NO_SCALE = "none"


# --- one area's contribution --------------------------------------------------------------


@dataclass
class RoundScores:
    year: int
    # ("p" or "e", slug, side) -> mean shown on the area's own results page
    means: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)


@dataclass
class AreaRecord:
    area_id: int
    kind: str  # one of KINDS, or "" when unknown
    latest: RoundScores | None = None
    by_year: dict[int, RoundScores] = field(default_factory=dict)
    barriers: dict[str, int] = field(default_factory=dict)  # slug -> respondents (shown only)
    types: dict[str, int] = field(default_factory=dict)  # main type slug -> relationships
    scales: dict[str, int] = field(default_factory=dict)  # scale or "none" -> relationships


def council_kind(area: Area) -> str:
    """The kind of council from the area's GSS code (the City of London counts with the
    London boroughs)."""
    authority_type = (
        LocalAuthority.objects.filter(gss_code=area.gss_code)
        .values_list("authority_type", flat=True)
        .first()
    )
    if authority_type == LocalAuthority.AuthorityType.CITY_CORPORATION:
        return "london_borough"
    return authority_type if authority_type in KINDS else ""


def _round_year(round_: Round) -> int:
    when = round_.closed_at.date() if round_.closed_at else (round_.opened_on or round_.created_at)
    return when.year


def _scores(round_: Round, profile) -> RoundScores:
    scores = RoundScores(_round_year(round_))
    for prefix, rows in (("p", profile.principles), ("e", profile.elements)):
        for row in rows:
            for side in SIDES:
                summary = row.view(side)
                if summary.shown:
                    scores.means[(prefix, row.slug, side)] = summary.mean
    return scores


def _named(tick) -> int | None:
    """How many respondents named a barrier, from the figures the area's decision shows:
    both sides together, or else the one side shown."""
    for view in ("together", "council", "vcs"):
        if not tick.view(view).withheld:
            return tick.view(view).value
    return None


def area_record(area: Area) -> AreaRecord:
    record = AreaRecord(area.pk, council_kind(area))
    rounds = (
        Round.objects.filter(area=area)
        .exclude(assessment=AssessmentKind.NONE)
        .select_related("area", "content_version")
        .order_by("created_at", "id")
    )
    latest = None
    for round_ in rounds:
        counts = response_counts(round_)
        if not round_results_visible(round_, counts):
            continue
        results = round_results(round_, counts)
        scores = _scores(round_, results.profile)
        if not scores.means:
            # Open results with nothing that may be shown (a round closed empty, or every
            # figure suppressed) say nothing about the area: they must not replace a round
            # that does.
            continue
        record.by_year[scores.year] = scores  # the latest round of each year
        latest = (results, scores)
    if latest is not None:
        results, record.latest = latest
        for tick in results.barriers.items:
            named = _named(tick)
            if named:
                record.barriers[tick.slug] = named
    relationships = Relationship.objects.filter(area=area)
    record.types = dict(
        RelationshipTypeLink.objects.filter(relationship__area=area, is_main=True)
        .values_list("type_slug")
        .annotate(n=Count("id"))
        .values_list("type_slug", "n")
    )
    record.scales = {
        (scale or NO_SCALE): n
        for scale, n in relationships.values_list("scale")
        .annotate(n=Count("id"))
        .values_list("scale", "n")
    }
    return record


def participating_areas():
    return (
        Area.objects.filter(benchmark_participation__isnull=False)
        .exclude(scheduled_deletion__isnull=False)
        .order_by("pk")
    )


def area_records() -> list[AreaRecord]:
    """Every opted-in area's record, worked out now (for the background refresh and tests;
    pages read `stored_area_records`)."""
    return [area_record(area) for area in participating_areas()]


def _scores_to_json(scores: RoundScores) -> dict:
    return {
        "year": scores.year,
        "means": [[p, slug, side, str(mean)] for (p, slug, side), mean in scores.means.items()],
    }


def _scores_from_json(data: dict) -> RoundScores:
    means = {(p, slug, side): Decimal(mean) for p, slug, side, mean in data["means"]}
    return RoundScores(int(data["year"]), means)


def record_to_json(record: AreaRecord) -> dict:
    """An area's record as JSON for BenchmarkParticipation.record (Decimals as strings, so
    nothing is rounded on the way through)."""
    return {
        "kind": record.kind,
        "latest": _scores_to_json(record.latest) if record.latest else None,
        "by_year": [_scores_to_json(s) for s in record.by_year.values()],
        "barriers": record.barriers,
        "types": record.types,
        "scales": record.scales,
    }


def record_from_json(area_id: int, data: dict) -> AreaRecord:
    by_year = [_scores_from_json(s) for s in data.get("by_year", [])]
    return AreaRecord(
        area_id=area_id,
        kind=data.get("kind", ""),
        latest=_scores_from_json(data["latest"]) if data.get("latest") else None,
        by_year={s.year: s for s in by_year},
        barriers=dict(data.get("barriers", {})),
        types=dict(data.get("types", {})),
        scales=dict(data.get("scales", {})),
    )


@dataclass(frozen=True)
class StoredRecords:
    records: list[AreaRecord]
    oldest: datetime | None  # when the least recent record was worked out
    stale_area_ids: list[int]  # opted in but never worked out, or older than the max age


def stored_area_records(max_age: timedelta | None = None) -> StoredRecords:
    """The stored records of every opted-in area, in one query. An area opted out is left
    out at once, whatever the age of its record."""
    max_age = max_age or settings.BENCHMARK_MAX_AGE
    cutoff = timezone.now() - max_age
    rows = (
        BenchmarkParticipation.objects.filter(area__in=participating_areas())
        .order_by("area_id")
        .values_list("area_id", "record", "record_computed_at")
    )
    records, stale, oldest = [], [], None
    for area_id, data, computed_at in rows:
        if computed_at is None:
            stale.append(area_id)
            continue
        records.append(record_from_json(area_id, data))
        oldest = computed_at if oldest is None else min(oldest, computed_at)
        if computed_at < cutoff:
            stale.append(area_id)
    return StoredRecords(records, oldest, stale)


# --- national figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    slug: str
    title: str
    kind: str  # "principle" or "element"
    by_side: dict[str, disclosure.Distribution | None]


@dataclass(frozen=True)
class CountRow:
    slug: str
    title: str
    count: int | None  # rounded, or None when suppressed
    areas: int | None
    share: int | None = None  # percent of the shown total


@dataclass(frozen=True)
class TrendRow:
    year: int
    by_principle: dict[str, dict[str, disclosure.Distribution | None]]


@dataclass(frozen=True)
class Benchmark:
    group: str
    group_label: str
    n_areas: int | None  # rounded, None under 10
    enough: bool
    principles: list[ScoreRow]
    elements: list[ScoreRow]
    barriers: list[CountRow]
    types: list[CountRow]
    scales: list[CountRow]
    trends: list[TrendRow]
    principle_titles: dict[str, str]


def _framework():
    version = current_version()
    principles = [(slug, title) for slug, title, _n in principles_for_version(version)]
    elements = [(e.slug, e.title) for e in elements_for_version(version)]
    barriers = [(b.slug, b.title) for b in barriers_for_version(version)]
    types = list(vocabulary_for(version).types.values())
    return principles, elements, barriers, [(t.slug, t.title) for t in types]


def _score_rows(records, items, prefix, kind) -> list[ScoreRow]:
    rows = []
    for slug, title in items:
        by_side = {}
        for side in SIDES:
            values = [
                r.latest.means[(prefix, slug, side)]
                for r in records
                if r.latest and (prefix, slug, side) in r.latest.means
            ]
            by_side[side] = disclosure.distribution(values)
        rows.append(ScoreRow(slug, title, kind, by_side))
    return rows


def _count_rows(per_area: list[dict[str, int]], items, *, ordered: bool) -> list[CountRow]:
    totals = Counter()
    areas = Counter()
    for counts in per_area:
        for slug, n in counts.items():
            if n:
                totals[slug] += n
                areas[slug] += 1
    shown_total = disclosure.rounded_count(sum(totals.values()))
    rows = []
    for slug, title in items:
        count = disclosure.safe_count(totals[slug], areas[slug])
        rows.append(
            CountRow(
                slug,
                title,
                count,
                disclosure.rounded_count(areas[slug]),
                disclosure.share(count, shown_total),
            )
        )
    if ordered:
        # By the shown (rounded) count, so the order reveals no more than the figures.
        rows.sort(key=lambda r: -(r.count or 0))
    return rows


def _trends(records, principles) -> list[TrendRow]:
    years = sorted({year for r in records for year in r.by_year})
    rows = []
    for year in years:
        by_principle = {}
        for slug, _title in principles:
            by_principle[slug] = {
                side: disclosure.distribution(
                    [
                        r.by_year[year].means[("p", slug, side)]
                        for r in records
                        if year in r.by_year and ("p", slug, side) in r.by_year[year].means
                    ]
                )
                for side in SIDES
            }
        if any(d for sides in by_principle.values() for d in sides.values()):
            rows.append(TrendRow(year, by_principle))
    return rows


def national_benchmark(group: str = ALL, records: list[AreaRecord] | None = None) -> Benchmark:
    """The national picture for all opted-in areas, or one kind of council."""
    records = area_records() if records is None else records
    if group != ALL:
        records = [r for r in records if r.kind == group]
    label = "All kinds of council" if group == ALL else KINDS.get(group, group)
    principles, elements, barriers, types = _framework()
    enough = disclosure.enough_areas(len(records))
    if not enough:
        return Benchmark(group, label, None, False, [], [], [], [], [], [], dict(principles))
    scale_items = [*Scale.choices, (NO_SCALE, "Scale not recorded")]
    return Benchmark(
        group=group,
        group_label=label,
        n_areas=disclosure.rounded_count(len(records)),
        enough=True,
        principles=_score_rows(records, principles, "p", "principle"),
        elements=_score_rows(records, elements, "e", "element"),
        barriers=_count_rows(
            [r.barriers for r in records],
            [*barriers, ("other", "Other barriers respondents described")],
            ordered=True,
        ),
        types=_count_rows([r.types for r in records], types, ordered=False),
        scales=_count_rows([r.scales for r in records], scale_items, ordered=False),
        trends=_trends(records, principles),
        principle_titles=dict(principles),
    )


def group_choices() -> list[tuple[str, str]]:
    return [(ALL, "All kinds of council"), *KINDS.items()]


# --- one area against the national picture -------------------------------------------------


@dataclass(frozen=True)
class PositionRow:
    slug: str
    title: str
    side: str
    own: Decimal
    distribution: disclosure.Distribution
    position: str


def area_position(
    area: Area, records: list[AreaRecord] | None = None, own: AreaRecord | None = None
) -> dict:
    """For one area's own members: its latest principle scores against the national
    distributions (all opted-in areas), only where those may be shown."""
    records = stored_area_records().records if records is None else records
    # The area's own figures as its results pages show them now; the national picture as
    # last worked out.
    own = area_record(area) if own is None else own
    benchmark = national_benchmark(ALL, records)
    rows = position_rows(benchmark, own)
    return {"enough": benchmark.enough, "has_scores": own.latest is not None, "rows": rows}


def position_rows(benchmark: Benchmark, own: AreaRecord) -> list[PositionRow]:
    """The area's latest principle scores against a benchmark's distributions, only where
    both may be shown."""
    rows = []
    if benchmark.enough and own.latest:
        for row in benchmark.principles:
            for side in SIDES:
                dist = row.by_side[side]
                mean = own.latest.means.get(("p", row.slug, side))
                if dist is not None and mean is not None:
                    rows.append(
                        PositionRow(
                            row.slug, row.title, side, mean, dist, disclosure.position(mean, dist)
                        )
                    )
    return rows


def participation_for(area: Area) -> BenchmarkParticipation | None:
    return BenchmarkParticipation.objects.filter(area=area).select_related("opted_in_by").first()
