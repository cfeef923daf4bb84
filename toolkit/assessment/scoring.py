"""Scoring the principles self-assessment: plain functions over plain values, shared by the
results pages, the downloads, the reports, the API, the action plan's suggestions and the
national benchmark. Nothing here touches the database, and nothing here decides which figure
may be shown: `assessment_results` describes every figure of a round as a cell of one
`toolkit.disclosure.table.Table` and reads its decision. A withheld figure carries no values
at all, only why it is withheld, so no output can print what it should not.

Rules (stated on the results pages as our interpretation of the research):
- Answers are 1 (strongly disagree) to 5 (strongly agree); "don't know" is kept as a count and
  left out of the mean, the median and the distribution of 1–5.
- An element's respondents for a side are the people on that side who gave at least one
  answer other than "don't know" to its statements; a principle's, to any of its elements'.
  Where nobody did but some said "don't know", the cell is built from those (its don't-know
  count is their answer), so it is withheld when they are too few.
- Means and medians are rounded to one decimal place (halves up); the band is read from the
  rounded mean, so the figure and the band always agree: 4.0 and above is a strength, 3.0 to
  3.9 borderline, below 3.0 a concern.
- The round's cells: each element for each side (that side's answers to its statements) and
  for both sides together; each principle for each side, the total of its elements for that
  side, and together; each barrier and pressure for each side, built from the side's
  respondents who answered that question (its base), and together; and the round's
  respondents per side. toolkit/disclosure decides which are shown: under the threshold a
  figure is withheld and its count reads "fewer than N"; a figure that would let a withheld
  one be worked out by subtraction (a "together" beside a withheld side, a principle beside
  a withheld element) is withheld too and its count reads "not shown".
- Comments from a side are shown only when the side's respondents are.
- Gap = council mean − VCS mean (both rounded, both shown), largest difference first.
- Strengths and weaknesses are read from the "together" means that are shown; a change
  between rounds only from figures shown in both rounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from toolkit.disclosure.rules import WITHHELD
from toolkit.disclosure.table import (
    KEEP_SIDE_TOTAL,
    KEEP_TOTAL,
    PROTECTS,
    TOO_FEW,
    Decision,
    ShownCount,
    Table,
)

from . import by_group
from .agreement import (  # noqa: F401 (the vocabulary of results, read as scoring.X too)
    BAND_LABELS,
    BARRIER,
    BORDERLINE,
    CONCERN,
    COUNCIL,
    ELEMENT,
    ONE_PLACE,
    PRESSURE,
    PRINCIPLE,
    RESPONDENTS,
    SCALE,
    SIDES,
    STRENGTH,
    TOGETHER,
    VCS,
    VIEWS,
    agreement_band,
    mean_of,
    median_of,
    round_one_place,
)

# How a withheld figure reads on a page.
WITHHELD_LABELS = {TOO_FEW: "Not enough answers", PROTECTS: "Not shown"}


@dataclass(frozen=True)
class AgreementSummary:
    """How far one side (or both together) agrees about one element or principle, as it may
    be shown. A withheld summary holds no figures: only its count's words and the reason."""

    count: ShownCount  # respondents, as they may be printed
    reason: str | None = None  # why it is withheld (disclosure.table TOO_FEW or PROTECTS)
    note: str = ""  # the reason in words, for a download's note column
    distribution: tuple[int, ...] | None = None  # answers of 1, 2, 3, 4, 5
    dont_know: int | None = None
    mean: Decimal | None = None
    median: Decimal | None = None

    @property
    def withheld(self) -> bool:
        return self.reason is not None

    @property
    def n(self) -> int | None:
        return self.count.value

    @property
    def shown(self) -> bool:
        """Is there a mean to show (not withheld, and someone answered other than don't
        know)?"""
        return not self.withheld and self.mean is not None

    @property
    def has_answers(self) -> bool:
        return self.distribution is not None and bool(sum(self.distribution) + self.dont_know)

    @property
    def label(self) -> str:
        """Words for a figure that is not shown."""
        if self.withheld:
            return WITHHELD_LABELS[self.reason]
        return "" if self.shown else "No answers"

    @property
    def band(self) -> str | None:
        return agreement_band(self.mean)

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, "")


def summarise_agreement(values: Iterable[int | None], count: ShownCount) -> AgreementSummary:
    """Summarise answers (None = don't know) whose cell the decision shows."""
    values = list(values)
    known = [v for v in values if v is not None]
    return AgreementSummary(
        count=count,
        distribution=tuple(known.count(point) for point in SCALE),
        dont_know=len(values) - len(known),
        mean=mean_of(known),
        median=median_of(known),
    )


@dataclass(frozen=True)
class Row:
    """An element or a principle, with its council, VCS and together summaries."""

    slug: str
    title: str
    council: AgreementSummary
    vcs: AgreementSummary
    together: AgreementSummary
    principle_slug: str = ""
    position: int = 0

    def view(self, name: str) -> AgreementSummary:
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
    respondents: dict[str, ShownCount]  # sent responses per side, as they may be printed
    threshold: int = 5

    def element(self, slug: str) -> Row | None:
        return next((r for r in self.elements if r.slug == slug), None)


@dataclass(frozen=True)
class ElementSpec:
    slug: str
    title: str
    principle_slug: str


@dataclass(frozen=True)
class Ticked:
    """How many respondents ticked an item, for one side or both, as it may be shown."""

    value: int | None  # None when withheld
    base: ShownCount  # respondents it is out of (who answered the question)
    reason: str | None = None
    note: str = ""  # the reason in words, for a download's note column

    @property
    def withheld(self) -> bool:
        return self.reason is not None

    @property
    def label(self) -> str:
        return WITHHELD_LABELS[self.reason] if self.withheld else ""

    def __str__(self) -> str:
        return self.label if self.withheld else str(self.value)


@dataclass(frozen=True)
class TickCount:
    """A barrier or a pressure: how many respondents on each side ticked it."""

    slug: str
    title: str
    council: Ticked
    vcs: Ticked
    together: Ticked

    def view(self, name: str) -> Ticked:
        return getattr(self, name)

    @property
    def cells(self) -> tuple[Ticked, Ticked, Ticked]:
        return (self.council, self.vcs, self.together)


@dataclass(frozen=True)
class TickQuestion:
    """The answers to one tick question (barriers, or pressures) and who answered it."""

    items: list[TickCount]
    base: dict[str, ShownCount]  # respondents who answered the question, per view


@dataclass(frozen=True)
class AssessmentResults:
    """Everything a round's principles results may show, read from one decision."""

    profile: Profile
    barriers: TickQuestion
    pressures: TickQuestion
    threshold: int
    comment_sides: frozenset[str]  # sides whose respondents the decision shows
    by_group: list = field(default_factory=list)  # by_group.GroupView, per side and question

    def comments_shown(self, side: str) -> bool:
        """Comments from a side are shown only when the side's respondents are (so that a
        comment cannot be told apart among too few people)."""
        return side in self.comment_sides


def assessment_results(
    *,
    answers: Sequence[tuple[Hashable, str, str, int | None]],
    barrier_ticks: Iterable[tuple[Hashable, str, str]] = (),
    pressure_ticks: Iterable[tuple[Hashable, str, str]] = (),
    elements: Sequence[ElementSpec],
    principles: Sequence[tuple[str, str]],
    barriers: Sequence[tuple[str, str]] = (),
    pressures: Sequence[tuple[str, str]] = (),
    respondents: Mapping[str, int] | None = None,
    threshold: int,
    groups: tuple = (),
) -> AssessmentResults:
    """A round's results from its answers.

    `answers` are (respondent, side, element slug, value or None) for every statement
    answered; `elements` in framework order; `principles` as (slug, title) in order. Tick
    rows are (respondent, side, slug) for every box ticked: everyone with a row answered the
    question (a slug that is not one of `barriers`/`pressures`, such as "none of these",
    counts them without counting an item). `respondents` are sent responses per side.
    `groups`, (questions, every counted respondent's answers), adds results by group."""
    table = Table(threshold)
    agreement = _agreement_cells(table, answers, elements, principles)
    barrier_counts = _tick_cells(table, BARRIER, barrier_ticks, barriers)
    pressure_counts = _tick_cells(table, PRESSURE, pressure_ticks, pressures)
    respondents = dict(respondents or {})
    for side in SIDES:
        table.add((RESPONDENTS, side), n=respondents.get(side, 0))
    grouped = by_group.group_cells(table, answers, agreement, groups, elements, principles)
    decision = table.decide()

    element_rows = [
        _row(decision, agreement, ELEMENT, e.slug, e.title, i, e.principle_slug)
        for i, e in enumerate(elements)
    ]
    principle_rows = [
        _row(decision, agreement, PRINCIPLE, slug, title, i)
        for i, (slug, title) in enumerate(principles)
    ]
    profile = Profile(
        element_rows,
        principle_rows,
        {side: decision.count((RESPONDENTS, side)) for side in SIDES},
        decision.threshold,
    )
    return AssessmentResults(
        profile,
        _tick_question(decision, BARRIER, barrier_counts, barriers),
        _tick_question(decision, PRESSURE, pressure_counts, pressures),
        decision.threshold,
        frozenset(side for side in SIDES if decision.shown((RESPONDENTS, side))),
        by_group.group_views(decision, grouped),
    )


@dataclass
class _Answers:
    """One element's or principle's answers from one side (or both)."""

    values: list = field(default_factory=list)
    raters: set = field(default_factory=set)  # gave an answer other than don't know
    unsure: set = field(default_factory=set)  # said don't know at least once

    def __add__(self, other: _Answers) -> _Answers:
        return _Answers(
            self.values + other.values, self.raters | other.raters, self.unsure | other.unsure
        )

    @property
    def built_from(self) -> int:
        """The respondents the cell is built from, for the disclosure rule: those who rated
        it; or, where nobody did, those who said don't know. Such a cell is not empty: its
        don't-know count is their answer."""
        return len(self.raters) or len(self.unsure)


def _agreement_cells(table, answers, elements, principles):
    principle_of = {e.slug: e.principle_slug for e in elements}
    found = defaultdict(_Answers)
    for respondent, side, element_slug, value in answers:
        if side not in SIDES or element_slug not in principle_of:
            continue
        for item in ((ELEMENT, element_slug), (PRINCIPLE, principle_of[element_slug])):
            cell = found[(item, side)]
            cell.values.append(value)
            (cell.unsure if value is None else cell.raters).add(respondent)
    for item in [(ELEMENT, e.slug) for e in elements] + [(PRINCIPLE, s) for s, _t in principles]:
        found[(item, TOGETHER)] = found[(item, COUNCIL)] + found[(item, VCS)]
    for e in elements:
        item = (ELEMENT, e.slug)
        table.add_sides(
            item,
            {side: found[(item, side)].built_from for side in SIDES},
            together_n=found[(item, TOGETHER)].built_from,
        )
    for slug, _title in principles:
        item = (PRINCIPLE, slug)
        members = [e.slug for e in elements if e.principle_slug == slug]
        for side in SIDES:
            table.add(
                (item, side),
                n=found[(item, side)].built_from,
                parts=[((ELEMENT, m), side) for m in members],
                keep=KEEP_SIDE_TOTAL,
            )
        table.add(
            (item, TOGETHER),
            n=found[(item, TOGETHER)].built_from,
            parts=[(item, side) for side in SIDES],
            keep=KEEP_TOTAL,
        )
    return found


def _row(decision, found, kind, slug, title, position, principle_slug="") -> Row:
    item = (kind, slug)
    summaries = {view: _summary(decision, (item, view), found[(item, view)]) for view in VIEWS}
    return Row(slug, title, **summaries, principle_slug=principle_slug, position=position)


def _summary(decision: Decision, key, answers: _Answers) -> AgreementSummary:
    if not decision.shown(key):
        return AgreementSummary(
            decision.count(key), reason=decision.reason(key), note=decision.note(key)
        )
    # Shown: its respondents are those who rated it (none, where only don't know was said).
    raters = len(answers.raters)
    return summarise_agreement(answers.values, ShownCount(raters, str(raters)))


def _tick_cells(table, kind, ticks, items):
    slugs = {slug for slug, _title in items}
    answered = {COUNCIL: set(), VCS: set()}
    ticked = defaultdict(lambda: {COUNCIL: set(), VCS: set()})
    for respondent, side, slug in ticks:
        if side not in SIDES:
            continue
        answered[side].add(respondent)
        if slug in slugs:
            ticked[slug][side].add(respondent)
    for slug, _title in items:
        table.add_sides((kind, slug), {side: len(answered[side]) for side in SIDES})
    return {slug: {side: len(ticked[slug][side]) for side in SIDES} for slug, _t in items}


def _tick_question(decision, kind, counts, items) -> TickQuestion:
    rows = []
    for slug, title in items:
        by_view = dict(counts[slug])
        by_view[TOGETHER] = by_view[COUNCIL] + by_view[VCS]
        rows.append(
            TickCount(
                slug,
                title,
                **{view: _ticked(decision, ((kind, slug), view), by_view[view]) for view in VIEWS},
            )
        )
    return TickQuestion(rows, {view: _base(decision, kind, items, view) for view in VIEWS})


def _ticked(decision, key, value) -> Ticked:
    if decision.shown(key):
        return Ticked(value, decision.count(key))
    return Ticked(None, decision.count(key), decision.reason(key), decision.note(key))


def _base(decision, kind, items, view) -> ShownCount:
    """Every item's cell for a view is built from the same respondents (those who answered
    the question): their number is shown only if every one of those cells is."""
    keys = [((kind, slug), view) for slug, _title in items]
    if not keys:
        return ShownCount(None, WITHHELD)
    withheld = next((k for k in keys if not decision.shown(k)), None)
    return decision.count(withheld if withheld is not None else keys[0])
