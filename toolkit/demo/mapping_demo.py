"""Demo section loader for relationship mapping: two finished mapping rounds a year apart
(so maps, gaps and the comparison are populated) and an open one the demo users can answer,
rated by fictional respondents in a deterministic, plausible pattern."""

from __future__ import annotations

import datetime
from typing import Any

from toolkit.framework.selectors import current_version
from toolkit.register.models import Relationship

from .context import DemoContext
from .register_demo import RECORDED_BY

MAPPING_ROUNDS = [
    # name, opened, closed, council respondents, VCS respondents, shift, previous
    ("Relationship mapping, spring 2025", (2025, 3, 3), (2025, 4, 4), 6, 5, -0.7, None),
    ("Relationship mapping, spring 2026", (2026, 3, 2), (2026, 4, 3), 7, 6, 0.0, 0),
]
OPEN_ROUND = "Relationship mapping, winter 2026"
BASE = {"strategic": (4.3, 4.0), "becoming_strategic": (3.2, 3.0), "not_strategic": (1.8, 2.0)}
MEETS = {"weekly": 5, "monthly": 4, "quarterly": 3, "twice_yearly": 2, "yearly": 2}
OFFSETS = (-1, 0, 0, 1, 0, -1, 1)
COMMENTS = {
    "council": [
        "We rely on this more than we admit; it needs a named lead on our side.",
        "Good at delivery, but we rarely talk about what we are trying to achieve together.",
        "Meetings happen, but decisions are taken elsewhere.",
    ],
    "vcs": [
        "Small groups find it hard to take part: meetings are in working hours.",
        "Feels like we are consulted after the decision has been made.",
        "Much better since the new officer started; we now plan the year together.",
    ],
}


def _clamp(value: float) -> int:
    return max(1, min(5, int(round(value))))


def _demo_values(relationship, index, respondent, side, shift):
    """Deterministic, plausible ratings: council respondents see shaping and commissioning
    relationships as more strategic than the sector does; the sector often does not know
    the money; relationships that are becoming strategic moved up since 2025."""
    strategic, proactive = BASE.get(relationship.judgement, (2.5, 2.5))
    strategic += ((index * 37) % 11 - 5) / 8  # spread the relationships out a little
    proactive += ((index * 53) % 11 - 5) / 8
    if relationship.judgement == "becoming_strategic":
        strategic, proactive = strategic + shift, proactive + shift
    money = 4 if {"contract", "grant"} & set(relationship.structures) else 2
    time = MEETS.get(relationship.meeting_frequency, 1)
    bias = 0.0
    main = next((t.type_slug for t in relationship.types.all() if t.is_main), "")
    if main in {"shaping", "commissioning"}:
        bias = 0.7 if side == "council" else -0.7
    offset = OFFSETS[(respondent + index) % len(OFFSETS)]
    financial = _clamp(money + offset / 2)
    if side == "vcs" and (respondent + index) % 4 == 0:
        financial = 0  # I don't know
    scales = [relationship.scale] if relationship.scale else []
    if relationship.scale == "neighbourhood" and respondent % 3 == 0:
        scales.append("whole-place")
    comment = ""
    if (respondent + index) % 9 == 0:
        comment = COMMENTS[side][(respondent + index) % len(COMMENTS[side])]
    return {
        "comment": comment,
        # one comment in three is not shared, so the results show that it stays out
        "share_comment": bool(comment) and (respondent + index) % 27 != 0,
        "strategic": _clamp(strategic + bias + offset * 0.8),
        "proactive": _clamp(proactive + bias / 2 - offset * 0.7),
        "financial": financial,
        "time": _clamp(time + (offset if respondent % 2 else 0) / 2),
        "scales": scales,
    }


def _knows(index, respondent, side, count, reference):
    if reference == "EM-017" and side == "vcs":
        return respondent < 3  # too few: shows suppression
    return (respondent * 3 + index) % (count + 1) != 0


def mapping_rounds_load(data: dict[str, Any], ctx: DemoContext) -> None:
    """A finished mapping round a year after an earlier one (so maps, gaps and the
    comparison are populated), and an open one demo users can answer."""
    from django.utils import timezone

    from toolkit.mapping.models import MappingAnswer, Rating, RoundRelationship
    from toolkit.rounds.models import Response, ResponseStatus, Round, RoundStatus

    relationships = list(
        Relationship.objects.filter(area=ctx.area).prefetch_related("types").order_by("reference")
    )
    version = current_version()
    made = 0
    created_rounds = []
    for name, opened, closed, council_n, vcs_n, shift, previous in MAPPING_ROUNDS:
        existing = Round.objects.filter(area=ctx.area, name=name).first()
        if existing is not None:
            created_rounds.append(existing)
            continue
        round_ = Round.objects.create(
            area=ctx.area,
            name=name,
            status=RoundStatus.CLOSED,
            opened_on=datetime.date(*opened),
            closes_on=datetime.date(*closed),
            closed_at=timezone.make_aware(datetime.datetime(*closed, 17, 0)),
            content_version=version,
            includes_mapping=True,
            previous_round=None if previous is None else created_rounds[previous],
            created_by=ctx.users.get(RECORDED_BY),
        )
        created_rounds.append(round_)
        made += 1
        RoundRelationship.objects.bulk_create(
            RoundRelationship(round=round_, relationship=r) for r in relationships
        )
        ratings = []
        for side, count in (("council", council_n), ("vcs", vcs_n)):
            for respondent in range(count):
                response = Response.objects.create(
                    round=round_,
                    side=side,
                    status=ResponseStatus.SUBMITTED,
                    started_on=datetime.date(*opened),
                    submitted_on=datetime.date(*opened) + datetime.timedelta(days=respondent),
                )
                MappingAnswer.objects.create(response=response)
                for index, relationship in enumerate(relationships):
                    if not _knows(index, respondent, side, count, relationship.reference):
                        continue
                    values = _demo_values(relationship, index, respondent, side, shift)
                    ratings.append(Rating(response=response, relationship=relationship, **values))
        Rating.objects.bulk_create(ratings)
    if not Round.objects.filter(area=ctx.area, name=OPEN_ROUND).exists():
        round_ = Round.objects.create(
            area=ctx.area,
            name=OPEN_ROUND,
            status=RoundStatus.OPEN,
            opened_on=ctx.today,
            content_version=version,
            includes_mapping=True,
            previous_round=created_rounds[-1] if created_rounds else None,
            created_by=ctx.users.get(RECORDED_BY),
        )
        RoundRelationship.objects.bulk_create(
            RoundRelationship(round=round_, relationship=r)
            for r in relationships
            if r.status == "active"
        )
        made += 1
    ctx.created["mapping rounds"] += made
    ctx.note("mapping rounds", made, len(MAPPING_ROUNDS) + 1)
