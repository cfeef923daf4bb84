"""Demo section loader: two completed principles self-assessment rounds in Eastmere, a year
apart, so that the results, gaps and change-over-time pages have something to show.

The answers are invented but plausible: each side has its own view of each key element (the
sector is more critical of power, funding and time; the council of the sector's coordination),
most elements improve a little in the second year, and individual answers scatter around those
views. Everything is drawn from a seeded random generator, so every load produces the same
answers. Matched on the round names within the area: loading again creates nothing."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from toolkit.accounts.models import token_hash, token_new
from toolkit.areas.models import Side
from toolkit.assessment.models import NONE, BarrierAnswer, ElementAnswer, PressureAnswer
from toolkit.assessment.questions import barriers_for_version, questions_for
from toolkit.framework.selectors import current_version
from toolkit.framework.services import framework_content_load
from toolkit.rounds.models import (
    AssessmentKind,
    Identity,
    LinkKind,
    RespondentLink,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)

from .context import DemoContext

# Each side's typical view (1–5) of each key element in the first round; the second round adds
# IMPROVEMENT (the partners agreed an action plan after the first).
VIEWS = {
    "rebalancing-power": (3.4, 2.3),
    "recognition-of-value": (3.9, 2.8),
    "transparency": (3.6, 2.6),
    "consistency": (3.0, 2.5),
    "mindset-shift-for-councils": (3.5, 2.4),
    "change-within-the-vcs": (2.8, 3.5),
    "structures": (3.8, 3.3),
    "mechanisms": (4.1, 3.9),
    "senior-leadership": (4.2, 3.1),
    "the-right-scale": (3.2, 2.9),
    "time": (2.9, 2.2),
    "capacity": (2.7, 2.1),
    "the-right-approach-to-funding": (3.3, 1.9),
}
IMPROVEMENT = {
    "rebalancing-power": (0.2, 0.6),
    "transparency": (0.3, 0.7),
    "consistency": (0.4, 0.3),
    "mindset-shift-for-councils": (0.2, 0.5),
    "structures": (0.3, 0.5),
    "senior-leadership": (0.0, 0.4),
    "the-right-approach-to-funding": (0.1, 0.5),
    "capacity": (-0.1, -0.2),
}
# How likely each side is to tick each barrier.
BARRIER_RATES = {
    "contrasting-approaches": (0.35, 0.55),
    "lack-of-time-and-resource": (0.8, 0.85),
    "commercialisation": (0.3, 0.6),
    "unclear-vcs-asks": (0.5, 0.15),
    "lack-of-senior-buy-in": (0.15, 0.4),
    "reactive-collaboration": (0.35, 0.5),
    "local-history": (0.2, 0.35),
    "unclear-structures": (0.25, 0.6),
    "competitive-commissioning": (0.3, 0.7),
    "reduced-council-budgets": (0.85, 0.6),
    "short-term-horizons": (0.5, 0.55),
    "lack-of-long-term-investment": (0.4, 0.6),
    "centralised-policymaking": (0.45, 0.2),
}
PRESSURE_RATES = {"cost-of-living-crisis": (0.7, 0.9), "climate-emergency": (0.35, 0.3)}
DONT_KNOW_RATE = 0.07

COMMENTS = {
    Side.COUNCIL: [
        (
            "recognition-of-value",
            "We fund the big providers well but know far less about small groups on the estates.",
        ),
        (
            "change-within-the-vcs",
            "It is not always clear who speaks for the sector on a given issue.",
        ),
        (
            "consistency",
            "Adult social care works closely with the sector; other departments barely at all.",
        ),
        ("time", "Grant rounds are often announced with two or three weeks to apply."),
        (
            "senior-leadership",
            "The cabinet member for communities has made this a priority this year.",
        ),
        ("the-right-approach-to-funding", "Most of our grants are still restricted to projects."),
    ],
    Side.VCS: [
        ("rebalancing-power", "We are usually asked for views once the decision has been made."),
        (
            "rebalancing-power",
            "The new compact meetings have agendas we help to set, which is a real change.",
        ),
        (
            "the-right-approach-to-funding",
            "Contracts rarely cover our overheads, so we subsidise the council's services.",
        ),
        ("capacity", "Our volunteers cannot attend daytime meetings without losing a day's pay."),
        (
            "transparency",
            "Information about tenders arrives too late for small groups to bid together.",
        ),
        ("mechanisms", "The CVS is the one reliable route into the council."),
        (
            "structures",
            "The VCS Alliance gives us a seat at the table, but the board rarely follows up.",
        ),
        (
            "the-right-scale",
            "Nobody from the sector sits on the care partnership for our part of the coast.",
        ),
    ],
}
OTHER_BARRIER = (
    Side.VCS,
    "Officers change roles so often that we have to start the relationship again every year.",
)

ROUNDS = [
    {
        "name": "Principles self-assessment (first year)",
        "months_ago": 13,
        "weeks_open": 5,
        "respondents": {Side.COUNCIL: 8, Side.VCS: 11},
        "improve": 0.0,
    },
    {
        "name": "Principles self-assessment (second year)",
        "months_ago": 1,
        "weeks_open": 4,
        "respondents": {Side.COUNCIL: 9, Side.VCS: 12},
        # Who respondents said they are (rounds.groups), by person: the sector's six led by
        # and for a marginalised community and six not, so that view is shown; two
        # councillors among the council's nine, so that one is not.
        "groups": {
            Side.COUNCIL: [{"role": "councillor"}] * 2 + [{"role": "officer"}] * 7,
            Side.VCS: [{"led_by_and_for": "yes"}, {"led_by_and_for": "no"}] * 6,
        },
        "improve": 1.0,
    },
]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    return day - datetime.timedelta(days=round(months * 30.44))


def _answer(rng: random.Random, mean: float) -> int | None:
    if rng.random() < DONT_KNOW_RATE:
        return None
    return min(5, max(1, round(rng.gauss(mean, 0.85))))


def assessment_rounds_load(data: dict[str, Any], ctx: DemoContext) -> None:
    version = current_version()
    if version is None:
        framework_content_load()
        version = current_version()
    facilitator = ctx.users.get("facilitator@eastmere.example.org")
    made = 0
    previous = None
    for index, spec in enumerate(ROUNDS):
        existing = Round.objects.filter(area=ctx.area, name=spec["name"]).first()
        if existing is not None:
            previous = existing
            continue
        closes = _months_before(ctx.today, spec["months_ago"])
        opened = closes - datetime.timedelta(weeks=spec["weeks_open"])
        closed_at = timezone.make_aware(
            datetime.datetime.combine(closes + datetime.timedelta(days=1), datetime.time(9))
        )
        round_ = Round.objects.create(
            area=ctx.area,
            name=spec["name"],
            status=RoundStatus.CLOSED,
            opened_on=opened,
            closes_on=closes,
            closed_at=closed_at,
            content_version=version,
            assessment=AssessmentKind.FULL,
            identity=Identity.ANONYMOUS,
            previous_round=previous,
            created_by=facilitator,
            group_questions=["role", "led_by_and_for"] if "groups" in spec else [],
        )
        _responses_create(round_, spec, random.Random(f"eastmere-assessment-{index}"), version)
        for side in Side.values:
            RespondentLink.objects.create(
                round=round_,
                side=side,
                kind=LinkKind.SIDE,
                label=f"Demo shared link for the {Side(side).label.lower()} side",
                size=40,
                made_by_side=Side.COUNCIL,
                confirmed_at=closed_at,
                token_digest=token_hash(token_new()),
                created_by=facilitator,
            )
        previous = round_
        made += 1
    ctx.created["assessment_rounds"] += made
    ctx.note("assessment rounds", made, len(ROUNDS))


def _responses_create(round_: Round, spec: dict, rng: random.Random, version) -> None:
    questions = questions_for(version, round_.assessment)
    barriers = [b.slug for b in barriers_for_version(version)]
    days_open = max(1, (round_.closes_on - round_.opened_on).days)
    answers, barrier_rows, pressure_rows = [], [], []
    for side_index, side in enumerate(Side.values):
        comments = list(COMMENTS[side])
        for person in range(spec["respondents"][side]):
            started = round_.opened_on + datetime.timedelta(days=rng.randrange(days_open))
            response = Response.objects.create(
                round=round_,
                side=side,
                status=ResponseStatus.SUBMITTED,
                started_on=started,
                submitted_on=min(round_.closes_on, started + datetime.timedelta(rng.randrange(3))),
                groups=spec["groups"][side][person] if "groups" in spec else {},
            )
            leaning = rng.gauss(0, 0.35)  # some people are more positive than others
            for question in questions:
                mean = VIEWS[question.element_slug][side_index] + leaning
                mean += (
                    IMPROVEMENT.get(question.element_slug, (0.15, 0.15))[side_index]
                    * (spec["improve"])
                )
                answer = ElementAnswer(
                    response=response,
                    element_slug=question.element_slug,
                    statement_id=question.statement_id,
                    value=_answer(rng, mean),
                )
                answers.append(answer)
            if comments and rng.random() < 0.6:
                slug, text = comments.pop(0)
                target = next(a for a in reversed(answers) if a.element_slug == slug)
                target.comment, target.share_comment = text, rng.random() < 0.85
            ticked = [slug for slug in barriers if rng.random() < BARRIER_RATES[slug][side_index]]
            for slug in ticked or [NONE]:
                barrier_rows.append(BarrierAnswer(response=response, barrier_slug=slug))
            if side == OTHER_BARRIER[0] and person == 2:
                barrier_rows.append(
                    BarrierAnswer(
                        response=response,
                        barrier_slug="other",
                        other_text=OTHER_BARRIER[1],
                        share_text=True,
                    )
                )
            pressures = [
                slug for slug, rates in PRESSURE_RATES.items() if rng.random() < rates[side_index]
            ]
            for slug in pressures or [NONE]:
                pressure_rows.append(PressureAnswer(response=response, pressure_slug=slug))
    ElementAnswer.objects.bulk_create(answers)
    BarrierAnswer.objects.bulk_create(barrier_rows)
    PressureAnswer.objects.bulk_create(pressure_rows)
