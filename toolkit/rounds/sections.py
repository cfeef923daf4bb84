"""What a respondent is asked in a round, as sections of a GOV.UK task list. Apps plug their
questions in here (the principles assessment, the relationship mapping) from their
AppConfig.ready():

    from toolkit.rounds.sections import register_section

    register_section(
        key="relationships",
        title="Rate relationships",
        applies=lambda round_: round_.includes_mapping,
        url=lambda response: reverse("respond:mapping:start", args=[response.token]),
        status=my_status,            # (response) -> NOT_STARTED | IN_PROGRESS | COMPLETED
        summary=my_summary,          # optional: (response) -> list[SummaryRow], for check answers
        order=10,
        size=my_size,                # optional: (round) -> SectionSize, for "how long it takes"
        answers=my_answers,          # optional: (response ids) -> {id: {question: answer}}
        figures=my_figures,          # optional: (round) -> None, stores a closed round's
    )                                # figures (rounds.figures), run once it closes

`response` is a `rounds.models.Response` in progress, with the plain resume token set on it as
`response.token` by `rounds.respondent.respondent_view` (build links with it; never store it).
A response can be sent once every section that applies to its round is COMPLETED.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

NOT_STARTED = "not started"
IN_PROGRESS = "in progress"
COMPLETED = "completed"
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED)


@dataclass(frozen=True)
class SummaryRow:
    """One row of the check-your-answers page."""

    key: str
    value: str
    change_url: str = ""
    change_label: str = ""  # visually hidden text after "Change", e.g. the question


@dataclass(frozen=True)
class SectionSize:
    """How much a section asks in a round: its pages of questions and the minutes they take
    (an estimate from the number of questions). `up_to` when the number depends on the
    respondent's answers, e.g. rating only the relationships they know."""

    questions: int
    minutes: float
    up_to: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    applies: Callable
    url: Callable
    status: Callable
    summary: Callable | None = None
    order: int = 50
    hint: str = ""
    size: Callable | None = None  # (round) -> SectionSize
    # (response ids) -> {response id: {question key: answer}}, in a fixed number of queries:
    # used only to flag near-identical answer sets from one shared link (rounds.similarity).
    answers: Callable | None = None
    # (round) -> None: work out and store a closed round's figures (rounds.figures), run in
    # the background once the round closes (rounds.tasks.round_figures_store).
    figures: Callable | None = None


@dataclass
class _Registry:
    sections: dict[str, Section] = field(default_factory=dict)


_registry = _Registry()


def register_section(
    key: str,
    title: str,
    applies: Callable,
    url: Callable,
    status: Callable,
    summary: Callable | None = None,
    order: int = 50,
    hint: str = "",
    size: Callable | None = None,
    answers: Callable | None = None,
    figures: Callable | None = None,
) -> Section:
    """Add (or replace, by key) a section. Safe to call more than once with the same key."""
    section = Section(
        key, title, applies, url, status, summary, order, hint, size, answers, figures
    )
    _registry.sections[key] = section
    return section


def sections_for_round(round_) -> list[Section]:
    return sorted(
        (s for s in _registry.sections.values() if s.applies(round_)),
        key=lambda s: (s.order, s.key),
    )


@dataclass(frozen=True)
class RoundSize:
    """What a round asks of one respondent, for the start page: "about N minutes"."""

    questions: int
    minutes: int
    up_to: bool


def round_size(round_) -> RoundSize | None:
    """The sum of the sizes of the round's sections, minutes rounded up (at least 1); None
    if any section does not say its size (no estimate rather than a wrong one)."""
    sizes = []
    for section in sections_for_round(round_):
        if section.size is None:
            return None
        sizes.append(section.size(round_))
    if not sizes:
        return None
    return RoundSize(
        questions=sum(s.questions for s in sizes),
        minutes=max(1, math.ceil(sum(s.minutes for s in sizes))),
        up_to=any(s.up_to for s in sizes),
    )


@dataclass(frozen=True)
class SectionState:
    section: Section
    status: str
    url: str

    @property
    def is_complete(self) -> bool:
        return self.status == COMPLETED


def section_states(response) -> list[SectionState]:
    states = []
    for section in sections_for_round(response.round):
        status = section.status(response)
        if status not in STATUSES:
            raise ValueError(f"Section {section.key} returned unknown status {status!r}")
        states.append(SectionState(section, status, section.url(response)))
    return states


def response_is_complete(response) -> bool:
    sections = sections_for_round(response.round)
    return bool(sections) and all(s.status(response) == COMPLETED for s in sections)


# --- results pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsPage:
    key: str
    title: str
    applies: Callable  # (round) -> bool
    url: Callable  # (round) -> str
    order: int = 50


_results: dict[str, ResultsPage] = {}


def register_results(
    key: str, title: str, applies: Callable, url: Callable, order: int = 50
) -> ResultsPage:
    """A results page for a round, linked from the round's page once results are visible."""
    page = ResultsPage(key, title, applies, url, order)
    _results[key] = page
    return page


def results_pages_for_round(round_) -> list[tuple[str, str]]:
    """(title, url) of each results page that applies to the round."""
    pages = sorted((p for p in _results.values() if p.applies(round_)), key=lambda p: p.order)
    return [(p.title, p.url(round_)) for p in pages]
