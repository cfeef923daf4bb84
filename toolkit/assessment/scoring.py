"""Scoring the principles self-assessment: plain functions over plain values, shared by the
results pages, downloads and (later) the API. Nothing here touches the database.

Rules (stated on the results pages as our interpretation of the research):
- Answers are 1 (strongly disagree) to 5 (strongly agree); "don't know" is kept as a count and
  left out of the mean, the median and the distribution of 1–5.
- n is the number of respondents who gave at least one answer other than "don't know".
- Means and medians are rounded to one decimal place (halves up); the band is read from the
  rounded mean, so the figure and the band always agree: 4.0 and above is a strength, 3.0 to
  3.9 borderline, below 3.0 a concern.
- Suppression: a figure from fewer respondents than the threshold (never below 3) is not
  shown. "Together" figures are shown only when both sides' figures are, because otherwise a
  side's hidden answers could be worked out by subtraction; so one empty side suppresses
  "together" and every gap.
- Gap = council mean − VCS mean (both rounded), largest difference first, either direction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from toolkit.disclosure.rules import below_threshold as is_suppressed

COUNCIL = "council"
VCS = "vcs"
TOGETHER = "together"
SIDES = (COUNCIL, VCS)
VIEWS = (COUNCIL, VCS, TOGETHER)

STRENGTH = "strength"
BORDERLINE = "borderline"
CONCERN = "concern"
BAND_LABELS = {STRENGTH: "Strength", BORDERLINE: "Borderline", CONCERN: "Concern"}
SCALE = (1, 2, 3, 4, 5)
ONE_PLACE = Decimal("0.1")


def round_one_place(value: Fraction | Decimal | int) -> Decimal:
    """Half-up rounding to one decimal place, exactly (no binary floating point)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def band(mean: Decimal | None) -> str | None:
    if mean is None:
        return None
    if mean >= 4:
        return STRENGTH
    if mean >= 3:
        return BORDERLINE
    return CONCERN


def mean_of(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    return round_one_place(Fraction(sum(values), len(values)))


def median_of(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return round_one_place(ordered[middle])
    return round_one_place(Fraction(ordered[middle - 1] + ordered[middle], 2))


@dataclass(frozen=True)
class Figure:
    """One cell of the profile: an element or principle, for one side or both together."""

    n: int
    suppressed: bool
    distribution: tuple[int, ...] | None = None  # answers of 1, 2, 3, 4, 5
    dont_know: int | None = None
    mean: Decimal | None = None
    median: Decimal | None = None

    @property
    def band(self) -> str | None:
        return band(self.mean)

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, "")

    @property
    def shown(self) -> bool:
        return not self.suppressed and self.mean is not None


def figure(values: Iterable[int | None], n_respondents: int, threshold: int) -> Figure:
    """Summarise answers (None = don't know) given by `n_respondents` people who answered
    something other than don't know."""
    if is_suppressed(n_respondents, threshold):
        return Figure(n=n_respondents, suppressed=True)
    values = list(values)
    known = [v for v in values if v is not None]
    return Figure(
        n=n_respondents,
        suppressed=False,
        distribution=tuple(known.count(point) for point in SCALE),
        dont_know=len(values) - len(known),
        mean=mean_of(known),
        median=median_of(known),
    )


@dataclass(frozen=True)
class Row:
    """An element or a principle, with its council, VCS and together figures."""

    slug: str
    title: str
    council: Figure
    vcs: Figure
    together: Figure
    principle_slug: str = ""
    position: int = 0

    def view(self, name: str) -> Figure:
        return getattr(self, name)

    @property
    def gap(self) -> Decimal | None:
        if self.council.shown and self.vcs.shown:
            return self.council.mean - self.vcs.mean
        return None


@dataclass(frozen=True)
class Profile:
    elements: list[Row]
    principles: list[Row]
    respondents: dict[str, int] = field(default_factory=dict)  # sent responses per side
    threshold: int = 5

    def element(self, slug: str) -> Row | None:
        return next((r for r in self.elements if r.slug == slug), None)


@dataclass(frozen=True)
class ElementSpec:
    slug: str
    title: str
    principle_slug: str


def _views(values_by_side, respondents_by_side, threshold) -> tuple[Figure, Figure, Figure]:
    council = figure(values_by_side[COUNCIL], len(respondents_by_side[COUNCIL]), threshold)
    vcs = figure(values_by_side[VCS], len(respondents_by_side[VCS]), threshold)
    together_n = len(respondents_by_side[COUNCIL] | respondents_by_side[VCS])
    if council.suppressed or vcs.suppressed:
        together = Figure(n=together_n, suppressed=True)
    else:
        together = figure(values_by_side[COUNCIL] + values_by_side[VCS], together_n, threshold)
    return council, vcs, together


def profile(
    answers: Iterable[tuple[Hashable, str, str, int | None]],
    elements: Sequence[ElementSpec],
    principles: Sequence[tuple[str, str]],
    threshold: int,
    respondents: dict[str, int] | None = None,
) -> Profile:
    """`answers` are (respondent, side, element slug, value or None) for every statement
    answered; `elements` in framework order; `principles` as (slug, title) in order."""
    principle_of = {e.slug: e.principle_slug for e in elements}
    values = defaultdict(lambda: {COUNCIL: [], VCS: []})
    people = defaultdict(lambda: {COUNCIL: set(), VCS: set()})
    for respondent, side, element_slug, value in answers:
        if side not in SIDES or element_slug not in principle_of:
            continue
        for key in (("e", element_slug), ("p", principle_of[element_slug])):
            values[key][side].append(value)
            if value is not None:
                people[key][side].add(respondent)
    element_rows = [
        Row(
            e.slug,
            e.title,
            *_views(values[("e", e.slug)], people[("e", e.slug)], threshold),
            principle_slug=e.principle_slug,
            position=i,
        )
        for i, e in enumerate(elements)
    ]
    principle_rows = [
        Row(slug, title, *_views(values[("p", slug)], people[("p", slug)], threshold), position=i)
        for i, (slug, title) in enumerate(principles)
    ]
    return Profile(element_rows, principle_rows, dict(respondents or {}), threshold)


@dataclass(frozen=True)
class Gap:
    row: Row
    gap: Decimal

    @property
    def higher_side(self) -> str | None:
        if self.gap > 0:
            return COUNCIL
        if self.gap < 0:
            return VCS
        return None


def gaps(rows: Iterable[Row]) -> list[Gap]:
    """Differences between the sides, largest first (ties in framework order); only where
    both sides' figures are shown."""
    found = [Gap(row, row.gap) for row in rows if row.gap is not None]
    return sorted(found, key=lambda g: (-abs(g.gap), g.row.position))


def strengths_and_weaknesses(rows: Iterable[Row], k: int = 3) -> tuple[list[Row], list[Row]]:
    """The k highest and k lowest elements on the together mean (ties in framework order);
    an element is never in both lists."""
    shown = [r for r in rows if r.together.shown]
    strengths = sorted(shown, key=lambda r: (-r.together.mean, r.position))[:k]
    chosen = {r.slug for r in strengths}
    weaknesses = [
        r
        for r in sorted(shown, key=lambda r: (r.together.mean, r.position))
        if r.slug not in chosen
    ][:k]
    return strengths, weaknesses


@dataclass(frozen=True)
class TickCount:
    """How many respondents ticked an item (a barrier or pressure), per side."""

    slug: str
    title: str
    council: int | None  # None when suppressed
    vcs: int | None
    together: int | None

    def view(self, name: str) -> int | None:
        return getattr(self, name)


def tick_counts(
    ticks: Iterable[tuple[Hashable, str, str]],
    base: dict[str, int],
    items: Sequence[tuple[str, str]],
    threshold: int,
) -> list[TickCount]:
    """`ticks` are (respondent, side, slug); `base` is how many respondents per side answered
    the question (including those who ticked "none"); `items` are (slug, title) in order. A
    side's counts are shown only if its base reaches the threshold, and together only if both
    sides' are shown."""
    counted = defaultdict(lambda: {COUNCIL: set(), VCS: set()})
    for respondent, side, slug in ticks:
        if side in SIDES:
            counted[slug][side].add(respondent)
    council_shown = not is_suppressed(base.get(COUNCIL, 0), threshold)
    vcs_shown = not is_suppressed(base.get(VCS, 0), threshold)
    result = []
    for slug, title in items:
        c = len(counted[slug][COUNCIL])
        v = len(counted[slug][VCS])
        result.append(
            TickCount(
                slug,
                title,
                c if council_shown else None,
                v if vcs_shown else None,
                c + v if council_shown and vcs_shown else None,
            )
        )
    return result


@dataclass(frozen=True)
class Change:
    """One element (or principle) compared with an earlier round, for one view."""

    earlier: Decimal | None
    current: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.earlier is None or self.current is None:
            return None
        return self.current - self.earlier


@dataclass(frozen=True)
class Trend:
    slug: str
    title: str
    council: Change
    vcs: Change
    together: Change

    def view(self, name: str) -> Change:
        return getattr(self, name)


def compare(current: Iterable[Row], earlier: Iterable[Row]) -> list[Trend]:
    """Compare rows by slug (elements keep their slug when wording changes). Only figures
    shown in both rounds are compared."""
    before = {r.slug: r for r in earlier}
    trends = []
    for row in current:
        old = before.get(row.slug)
        changes = []
        for view in VIEWS:
            now_figure = row.view(view)
            old_figure = old.view(view) if old else None
            changes.append(
                Change(
                    old_figure.mean if old_figure is not None and old_figure.shown else None,
                    now_figure.mean if now_figure.shown else None,
                )
            )
        trends.append(Trend(row.slug, row.title, *changes))
    return trends
