"""Building sent responses with answers quickly, for results tests."""

import random

from django.utils import timezone

from toolkit.assessment.models import BarrierAnswer, ElementAnswer, PressureAnswer
from toolkit.assessment.questions import questions_for_round
from toolkit.rounds.models import Response, ResponseStatus


def sent_responses(round_, side, values, *, barriers=(), pressures=(), comment=""):
    """One sent response per entry of `values`: each answers every question of the round with
    that value (None = don't know), ticks `barriers` and `pressures`."""
    questions = questions_for_round(round_)
    today = timezone.localdate()
    responses = Response.objects.bulk_create(
        Response(
            round=round_,
            side=side,
            status=ResponseStatus.SUBMITTED,
            started_on=today,
            submitted_on=today,
        )
        for _ in values
    )
    answers, ticks, pressure_rows = [], [], []
    for response, value in zip(responses, values, strict=True):
        for index, q in enumerate(questions):
            answers.append(
                ElementAnswer(
                    response=response,
                    element_slug=q.element_slug,
                    statement_id=q.statement_id,
                    value=value,
                    comment=comment if index == 0 else "",
                    share_comment=bool(comment) and index == 0,
                )
            )
        ticks += [BarrierAnswer(response=response, barrier_slug=s) for s in barriers or ["none"]]
        pressure_rows += [
            PressureAnswer(response=response, pressure_slug=s) for s in pressures or ["none"]
        ]
    ElementAnswer.objects.bulk_create(answers, batch_size=2000)
    BarrierAnswer.objects.bulk_create(ticks, batch_size=2000)
    PressureAnswer.objects.bulk_create(pressure_rows, batch_size=2000)
    return responses


def random_values(n, seed=1):
    rng = random.Random(seed)
    return [rng.choice([1, 2, 3, 4, 5, None]) for _ in range(n)]
