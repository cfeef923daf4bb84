"""The principles assessment's sections of a respondent's task list (registered with
toolkit.rounds.sections from AppConfig.ready)."""

from django.urls import reverse

from toolkit.rounds.sections import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    SectionSize,
    SummaryRow,
    register_results,
    register_section,
)

from .models import NONE, OTHER, BarrierAnswer, ElementAnswer, PressureAnswer
from .questions import (
    agreement_scale,
    barriers_for_version,
    pressures_for_version,
    questions_for_round,
)

DONT_KNOW_LABEL = "Don’t know"


def answers_by_statement(response) -> dict[str, ElementAnswer]:
    """The response's element answers (one query, cached on the response for the request)."""
    cached = getattr(response, "_element_answers", None)
    if cached is None:
        cached = {a.statement_id: a for a in ElementAnswer.objects.filter(response=response)}
        response._element_answers = cached
    return cached


def answer_to(response, statement_id: str) -> ElementAnswer | None:
    """The response's answer to one statement: from the answers already read for this
    request, or one query for that row alone (a question page needs no other)."""
    cached = getattr(response, "_element_answers", None)
    if cached is not None:
        return cached.get(statement_id)
    found = ElementAnswer.objects.filter(response=response, statement_id=statement_id)
    return next(iter(found.order_by()[:1]), None)


def barrier_slugs(response) -> dict[str, BarrierAnswer]:
    cached = getattr(response, "_barrier_answers", None)
    if cached is None:
        cached = {a.barrier_slug: a for a in BarrierAnswer.objects.filter(response=response)}
        response._barrier_answers = cached
    return cached


def pressure_slugs(response) -> set[str]:
    cached = getattr(response, "_pressure_answers", None)
    if cached is None:
        cached = set(
            PressureAnswer.objects.filter(response=response).values_list("pressure_slug", flat=True)
        )
        response._pressure_answers = cached
    return cached


def question_url(response, number: int) -> str:
    return reverse("respond:assessment:question", args=[response.token, number])


def principles_status(response) -> str:
    questions = questions_for_round(response.round)
    answered = answers_by_statement(response)
    done = sum(1 for q in questions if q.statement_id in answered)
    if done == 0:
        return NOT_STARTED
    return COMPLETED if done == len(questions) else IN_PROGRESS


def principles_url(response) -> str:
    answered = answers_by_statement(response)
    for question in questions_for_round(response.round):
        if question.statement_id not in answered:
            return question_url(response, question.number)
    return question_url(response, 1)


def value_label(version, value) -> str:
    if value is None:
        return DONT_KNOW_LABEL
    return dict(agreement_scale(version)).get(value, str(value))


def principles_summary(response) -> list[SummaryRow]:
    answered = answers_by_statement(response)
    version = response.round.content_version
    rows = []
    for q in questions_for_round(response.round):
        answer = answered.get(q.statement_id)
        if answer is None:
            continue
        value = value_label(version, answer.value)
        if answer.comment:
            shared = "you agreed to share it" if answer.share_comment else "not shared"
            value += f"\nComment ({shared}): {answer.comment}"
        rows.append(
            SummaryRow(
                key=f"{q.number}. {q.text}",
                value=value,
                change_url=question_url(response, q.number),
                change_label=f"your answer to question {q.number}",
            )
        )
    return rows


def barriers_status(response) -> str:
    barriers_done = bool(barrier_slugs(response))
    pressures_done = bool(pressure_slugs(response))
    if barriers_done and pressures_done:
        return COMPLETED
    return IN_PROGRESS if barriers_done or pressures_done else NOT_STARTED


def barriers_url(response) -> str:
    if barrier_slugs(response) and not pressure_slugs(response):
        return reverse("respond:assessment:pressures", args=[response.token])
    return reverse("respond:assessment:barriers", args=[response.token])


def barriers_summary(response) -> list[SummaryRow]:
    version = response.round.content_version
    ticked = barrier_slugs(response)
    titles = {b.slug: b.title for b in barriers_for_version(version)}
    chosen = [titles[s] for s in titles if s in ticked]
    if OTHER in ticked:
        chosen.append(f"Other: {ticked[OTHER].other_text}")
    pressures = pressure_slugs(response)
    pressure_titles = [p.title for p in pressures_for_version(version) if p.slug in pressures]
    return [
        SummaryRow(
            "Barriers you see",
            "\n".join(chosen) if chosen else "None of these",
            reverse("respond:assessment:barriers", args=[response.token]),
            "the barriers you see",
        ),
        SummaryRow(
            "Pressures affecting the relationship",
            "\n".join(pressure_titles) if pressure_titles and NONE not in pressures else "None",
            reverse("respond:assessment:pressures", args=[response.token]),
            "the pressures affecting the relationship",
        ),
    ]


# Estimates for the respondent's start page: reading a statement and choosing how far you
# agree takes about half a minute; the barriers and the pressures pages are long checklists.
MINUTES_PER_STATEMENT = 0.5
MINUTES_PER_CHECKLIST = 1.5


def principles_size(round_) -> SectionSize:
    n = len(questions_for_round(round_))
    return SectionSize(questions=n, minutes=n * MINUTES_PER_STATEMENT)


def barriers_size(round_) -> SectionSize:
    return SectionSize(questions=2, minutes=2 * MINUTES_PER_CHECKLIST)


def principles_answers(response_ids) -> dict[int, dict]:
    """Each response's answer to each statement (one query), for rounds.similarity."""
    found: dict[int, dict] = {}
    for response_id, statement, value in ElementAnswer.objects.filter(
        response_id__in=response_ids
    ).values_list("response_id", "statement_id", "value"):
        found.setdefault(response_id, {})[statement] = value
    return found


def barriers_answers(response_ids) -> dict[int, dict]:
    """Each response's barriers and pressures (two queries), for rounds.similarity."""
    found: dict[int, dict] = {}
    for model, field in ((BarrierAnswer, "barrier_slug"), (PressureAnswer, "pressure_slug")):
        for response_id, slug in model.objects.filter(response_id__in=response_ids).values_list(
            "response_id", field
        ):
            found.setdefault(response_id, {})[(field, slug)] = True
    return found


def _figures_store(round_) -> None:
    from .selectors import round_results  # the results read the respondent's models

    round_results(round_)


def register() -> None:
    register_section(
        key="principles",
        title="Answer the principles questions",
        applies=lambda round_: round_.has_assessment,
        url=principles_url,
        status=principles_status,
        summary=principles_summary,
        order=20,
        hint="How far you agree with statements about the relationship",
        size=principles_size,
        answers=principles_answers,
        figures=_figures_store,
    )
    register_section(
        key="barriers",
        title="Barriers and pressures",
        applies=lambda round_: round_.has_assessment,
        url=barriers_url,
        status=barriers_status,
        summary=barriers_summary,
        order=30,
        hint="What gets in the way, and the pressures of the moment",
        size=barriers_size,
        answers=barriers_answers,
    )
    register_results(
        key="principles",
        title="Principles self-assessment results",
        applies=lambda round_: round_.has_assessment,
        url=lambda round_: reverse(
            "assessment:profile", args=[round_.area.gss_code, round_.public_id]
        ),
        order=20,
    )
