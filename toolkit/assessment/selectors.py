"""Reading the principles assessment's results. Every function checks nothing about who is
asking (the views do, through area_view) but each returns figures only as the round's one
disclosure decision allows (scoring.assessment_results). Query counts are fixed whatever the
number of responses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, F, IntegerField, Value

from toolkit.areas.models import Side
from toolkit.disclosure.table import ShownCount
from toolkit.rounds.figures import closed_round_figures, fingerprint, register_figures
from toolkit.rounds.models import Response, ResponseStatus, Round
from toolkit.rounds.selectors import (
    ResponseCounts,
    response_counts,
    round_results_visible,
    round_threshold,
)

from . import by_group, comparisons, scoring
from .models import OTHER, BarrierAnswer, ElementAnswer, PressureAnswer
from .questions import (
    barriers_for_version,
    elements_for_version,
    pressures_for_version,
    principles_for_version,
)

SENT = {"response__status": ResponseStatus.SUBMITTED}


def _kind(name: str) -> Value:
    return Value(name, output_field=CharField())


def _answer_rows(round_: Round):
    """Every sent answer of the round, in one query: (kind, response, side, slug, value) for
    element answers, barrier ticks and pressure ticks (whose value is empty)."""
    sent = {"response__round": round_, **SENT}
    no_value = Value(None, output_field=IntegerField())
    element_rows = (
        ElementAnswer.objects.filter(**sent)
        .annotate(kind=_kind(scoring.ELEMENT))
        .values_list("kind", "response_id", "response__side", "element_slug", "value")
    )
    barrier_rows = (
        BarrierAnswer.objects.filter(**sent)
        .annotate(kind=_kind(scoring.BARRIER), value=no_value)
        .values_list("kind", "response_id", "response__side", "barrier_slug", "value")
    )
    pressure_rows = (
        PressureAnswer.objects.filter(**sent)
        .annotate(kind=_kind(scoring.PRESSURE), value=no_value)
        .values_list("kind", "response_id", "response__side", "pressure_slug", "value")
    )
    return element_rows.union(barrier_rows, pressure_rows, all=True)


register_figures(
    scoring.AssessmentResults,
    scoring.Profile,
    scoring.Row,
    scoring.AgreementSummary,
    scoring.TickQuestion,
    scoring.TickCount,
    scoring.Ticked,
    by_group.Question,
    by_group.GroupFigure,
    by_group.GroupRow,
    by_group.GroupView,
    ShownCount,
)


def round_results(round_: Round, counts: ResponseCounts | None = None) -> scoring.AssessmentResults:
    """Everything the round's principles results may show (one query for the answers, one
    for the counts unless given): every page, download, report and API answer about the
    round reads this, so they all show what one disclosure decision allows. A closed round's
    are read from storage (one query) once worked out (rounds.figures)."""
    counts = counts or response_counts(round_)
    threshold = round_threshold(round_)
    key = fingerprint(round_, threshold, counts.council, counts.vcs)
    return closed_round_figures(
        round_, "principles", key, lambda: _round_results(round_, counts, threshold)
    )


def _round_results(round_: Round, counts: ResponseCounts, threshold: int):
    version = round_.content_version
    answers, ticks = [], {scoring.BARRIER: [], scoring.PRESSURE: []}
    for kind, respondent, side, slug, value in _answer_rows(round_).iterator(chunk_size=5000):
        if kind == scoring.ELEMENT:
            answers.append((respondent, side, slug, value))
        else:
            ticks[kind].append((respondent, side, slug))
    barrier_items = [(b.slug, b.title) for b in barriers_for_version(version)]
    barrier_items.append((OTHER, "Other barriers respondents described"))
    return scoring.assessment_results(
        answers=answers,
        barrier_ticks=ticks[scoring.BARRIER],
        pressure_ticks=ticks[scoring.PRESSURE],
        elements=[
            scoring.ElementSpec(e.slug, e.title, e.principle_slug)
            for e in elements_for_version(version)
        ],
        principles=[(slug, title) for slug, title, _number in principles_for_version(version)],
        barriers=barrier_items,
        pressures=[(p.slug, p.title) for p in pressures_for_version(version)],
        respondents={Side.COUNCIL: counts.council, Side.VCS: counts.vcs},
        threshold=threshold,
        **_group_inputs(round_),
    )


def _group_inputs(round_: Round) -> dict:
    """The round's group questions and every counted respondent's answers to them (one
    query, only when the round asked any)."""
    from toolkit.rounds.groups import NOT_SAID, questions_for

    asked = questions_for(round_)
    if not asked:
        return {}
    questions = [
        by_group.Question(q.key, q.side, q.title, q.short, (*q.options, (NOT_SAID, "Not said")))
        for q in asked
    ]
    rows = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).values_list(
        "pk", "side", "groups"
    )
    return {"groups": (questions, {pk: (side, groups or {}) for pk, side, groups in rows})}


def round_profile(round_: Round, counts: ResponseCounts | None = None) -> scoring.Profile:
    return round_results(round_, counts).profile


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
    round_: Round, results: scoring.AssessmentResults, *, include_hidden: bool = False
) -> CommentResults:
    """Comments respondents agreed to share, from the sides whose respondents the round's
    results show (one query). Hidden comments are left out, or included (marked) for
    facilitators."""
    shown_sides = [s for s in Side.values if results.comments_shown(s)]
    withheld = [Side(s).label for s in Side.values if s not in shown_sides]
    named = not round_.is_anonymous
    name_fields = ("response__respondent_name", "response__organisation") if named else ()
    sent = {"response__round": round_, "response__side__in": shown_sides, **SENT}

    element_qs = ElementAnswer.objects.filter(share_comment=True, **sent).exclude(comment="")
    other_qs = BarrierAnswer.objects.filter(barrier_slug=OTHER, share_text=True, **sent).exclude(
        other_text=""
    )
    if not include_hidden:
        element_qs = element_qs.filter(comment_hidden=False)
        other_qs = other_qs.filter(text_hidden=False)
    columns = ("kind", "public_id", "response__side", "text", "topic", "hidden", *name_fields)
    element_qs = element_qs.annotate(
        kind=_kind(scoring.ELEMENT),
        text=F("comment"),
        topic=F("element_slug"),
        hidden=F("comment_hidden"),
    ).values_list(*columns)
    other_qs = other_qs.annotate(
        kind=_kind(scoring.BARRIER),
        text=F("other_text"),
        topic=F("barrier_slug"),
        hidden=F("text_hidden"),
    ).values_list(*columns)

    by_slug: dict[str, list[Comment]] = {}
    others: list[Comment] = []
    for kind, public_id, side, text, topic, hidden, *who in element_qs.union(other_qs, all=True):
        comment = Comment(str(public_id), side, text, topic, hidden, _who(who))
        if kind == scoring.ELEMENT:
            by_slug.setdefault(topic, []).append(comment)
        else:
            others.append(comment)
    elements = elements_for_version(round_.content_version)
    by_element = [
        (e.title, sorted(by_slug[e.slug], key=lambda c: (c.side, c.text)))
        for e in elements
        if e.slug in by_slug
    ]
    others.sort(key=lambda c: (c.side, c.text))
    return CommentResults(by_element, others, withheld)


def _who(parts) -> str:
    return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class TrendResults:
    earlier_round: Round | None
    earlier_visible: bool
    elements: list[comparisons.Trend]
    principles: list[comparisons.Trend]


def round_trend(round_: Round, profile: scoring.Profile) -> TrendResults:
    """Compare with the earlier round chosen for this one, element by element, by side. The
    earlier round's own sealing and its own disclosure decision apply."""
    earlier = round_.previous_round
    if earlier is None or not earlier.has_assessment:
        return TrendResults(None, False, [], [])
    earlier = Round.objects.select_related("area", "content_version").get(pk=earlier.pk)
    earlier_counts = response_counts(earlier)
    if not round_results_visible(earlier, earlier_counts):
        return TrendResults(earlier, False, [], [])
    before = round_results(earlier, earlier_counts).profile
    return TrendResults(
        earlier,
        True,
        comparisons.compare(profile.elements, before.elements),
        comparisons.compare(profile.principles, before.principles),
    )
