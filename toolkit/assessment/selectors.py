"""Reading the principles assessment's results. Every function checks nothing about who is
asking (the views do, through area_view) but each returns figures only through the scoring
rules, with suppression applied. Query counts are fixed whatever the number of responses."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.areas.models import Side
from toolkit.disclosure.rules import below_threshold as is_suppressed
from toolkit.rounds.models import ResponseStatus, Round
from toolkit.rounds.selectors import (
    ResponseCounts,
    response_counts,
    round_results_visible,
    round_threshold,
)

from . import scoring
from .models import NONE, OTHER, BarrierAnswer, ElementAnswer, PressureAnswer
from .questions import (
    barriers_for_version,
    elements_for_version,
    pressures_for_version,
    principles_for_version,
)

SENT = {"response__status": ResponseStatus.SUBMITTED}


def round_profile(round_: Round, counts: ResponseCounts | None = None) -> scoring.Profile:
    """The profile of principles and elements for a round (one query for the answers)."""
    counts = counts or response_counts(round_)
    version = round_.content_version
    answers = ElementAnswer.objects.filter(response__round=round_, **SENT).values_list(
        "response_id", "response__side", "element_slug", "value"
    )
    return scoring.profile(
        answers.iterator(chunk_size=5000),
        [
            scoring.ElementSpec(e.slug, e.title, e.principle_slug)
            for e in elements_for_version(version)
        ],
        [(slug, title) for slug, title, _number in principles_for_version(version)],
        round_threshold(round_),
        respondents={Side.COUNCIL: counts.council, Side.VCS: counts.vcs},
    )


@dataclass(frozen=True)
class TickResults:
    barriers: list[scoring.TickCount]
    pressures: list[scoring.TickCount]
    barrier_base: dict[str, int]
    pressure_base: dict[str, int]
    barrier_base_shown: dict[str, bool]
    pressure_base_shown: dict[str, bool]


def _bases(rows) -> dict[str, int]:
    people = {Side.COUNCIL: set(), Side.VCS: set()}
    for respondent, side, _slug in rows:
        people.setdefault(side, set()).add(respondent)
    return {side: len(ids) for side, ids in people.items()}


def round_ticks(round_: Round) -> TickResults:
    """Barrier and pressure counts by side (two queries)."""
    version = round_.content_version
    threshold = round_threshold(round_)
    barrier_rows = list(
        BarrierAnswer.objects.filter(response__round=round_, **SENT).values_list(
            "response_id", "response__side", "barrier_slug"
        )
    )
    pressure_rows = list(
        PressureAnswer.objects.filter(response__round=round_, **SENT).values_list(
            "response_id", "response__side", "pressure_slug"
        )
    )
    barrier_base, pressure_base = _bases(barrier_rows), _bases(pressure_rows)
    barrier_items = [(b.slug, b.title) for b in barriers_for_version(version)]
    barrier_items.append((OTHER, "Other barriers respondents described"))
    return TickResults(
        barriers=scoring.tick_counts(
            [r for r in barrier_rows if r[2] != NONE], barrier_base, barrier_items, threshold
        ),
        pressures=scoring.tick_counts(
            [r for r in pressure_rows if r[2] != NONE],
            pressure_base,
            [(p.slug, p.title) for p in pressures_for_version(version)],
            threshold,
        ),
        barrier_base=barrier_base,
        pressure_base=pressure_base,
        barrier_base_shown={s: not is_suppressed(n, threshold) for s, n in barrier_base.items()},
        pressure_base_shown={s: not is_suppressed(n, threshold) for s, n in pressure_base.items()},
    )


@dataclass(frozen=True)
class Comment:
    public_id: str
    side: str
    text: str
    topic: str
    hidden: bool
    name: str = ""


@dataclass(frozen=True)
class CommentResults:
    by_element: list[tuple[str, list[Comment]]]  # (element title, comments) in framework order
    other_barriers: list[Comment]
    withheld_sides: list[str]  # sides with too few responses for their comments to be shown


def round_comments(
    round_: Round, counts: ResponseCounts, *, include_hidden: bool = False
) -> CommentResults:
    """Comments respondents agreed to share, from sides with enough responses (two queries).
    Hidden comments are left out, or included (marked) for facilitators."""
    threshold = round_threshold(round_)
    shown_sides = [s for s in Side.values if not is_suppressed(counts.for_side(s), threshold)]
    withheld = [Side(s).label for s in Side.values if s not in shown_sides]
    named = not round_.is_anonymous
    name_fields = ("response__respondent_name", "response__organisation") if named else ()

    element_qs = ElementAnswer.objects.filter(
        response__round=round_, response__side__in=shown_sides, share_comment=True, **SENT
    ).exclude(comment="")
    if not include_hidden:
        element_qs = element_qs.filter(comment_hidden=False)
    by_slug: dict[str, list[Comment]] = {}
    for row in element_qs.values_list(
        "public_id", "response__side", "comment", "element_slug", "comment_hidden", *name_fields
    ):
        public_id, side, text, slug, hidden, *who = row
        by_slug.setdefault(slug, []).append(
            Comment(str(public_id), side, text, slug, hidden, _who(who))
        )
    elements = elements_for_version(round_.content_version)
    by_element = [
        (e.title, sorted(by_slug[e.slug], key=lambda c: (c.side, c.text)))
        for e in elements
        if e.slug in by_slug
    ]

    other_qs = BarrierAnswer.objects.filter(
        response__round=round_,
        response__side__in=shown_sides,
        barrier_slug=OTHER,
        share_text=True,
        **SENT,
    ).exclude(other_text="")
    if not include_hidden:
        other_qs = other_qs.filter(text_hidden=False)
    others = sorted(
        (
            Comment(str(public_id), side, text, OTHER, hidden, _who(who))
            for public_id, side, text, hidden, *who in other_qs.values_list(
                "public_id", "response__side", "other_text", "text_hidden", *name_fields
            )
        ),
        key=lambda c: (c.side, c.text),
    )
    return CommentResults(by_element, others, withheld)


def _who(parts) -> str:
    return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class TrendResults:
    earlier_round: Round | None
    earlier_visible: bool
    elements: list[scoring.Trend]
    principles: list[scoring.Trend]


def round_trend(round_: Round, profile: scoring.Profile) -> TrendResults:
    """Compare with the earlier round chosen for this one, element by element, by side. The
    earlier round's own sealing applies."""
    earlier = round_.previous_round
    if earlier is None or not earlier.has_assessment:
        return TrendResults(None, False, [], [])
    earlier = Round.objects.select_related("area", "content_version").get(pk=earlier.pk)
    earlier_counts = response_counts(earlier)
    if not round_results_visible(earlier, earlier_counts):
        return TrendResults(earlier, False, [], [])
    before = round_profile(earlier, earlier_counts)
    return TrendResults(
        earlier,
        True,
        scoring.compare(profile.elements, before.elements),
        scoring.compare(profile.principles, before.principles),
    )
