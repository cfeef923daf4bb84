"""Rounds for the attacker to read: generated from a seed (small and lopsided sides, items
answered by few, don't-knows, mapping and principles, anonymous and named), written to the
database as respondents would leave them, with one reader in each role that can read results.

The true answers are the `Survey` the database rows are written from, so the truth never
comes from the code under test."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from toolkit.actions.tests.factories import ReviewGrantFactory
from toolkit.areas.models import Role
from toolkit.areas.scopes import GrantScope
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.assessment.models import NONE as NONE_TICKED
from toolkit.assessment.models import OTHER, BarrierAnswer, ElementAnswer, PressureAnswer
from toolkit.assessment.questions import (
    barriers_for_version,
    pressures_for_version,
    questions_for,
)
from toolkit.framework.testing import load_framework_for_tests
from toolkit.mapping.models import MappingAnswer, Rating, RoundRelationship
from toolkit.register.models import Scale
from toolkit.register.tests.factories import RelationshipFactory
from toolkit.rounds.models import (
    AssessmentKind,
    Identity,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)

from .model import AXES, COUNCIL, DK, NO, NONE, NOT_SAID, SCALE, VCS, YES, Survey

READERS = {
    "facilitator_council": Role.FACILITATOR_COUNCIL,
    "facilitator_vcs": Role.FACILITATOR_VCS,
    "vcs_participant": Role.VCS_PARTICIPANT,
    "peer_reviewer_results": Role.PEER_REVIEWER,
}


@dataclass
class RoundPlan:
    name: str
    mapping: bool
    assessment: str  # AssessmentKind value
    identity: str
    council: int
    vcs: int
    relationships: list[str] = field(default_factory=list)
    # Group questions asked at the start (rounds.groups keys) and, per question, the groups
    # respondents are drawn from (without "not said", which is always possible).
    group_questions: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Scenario:
    """An area's threshold and its rounds, oldest first (a later round compares with the one
    before it)."""

    label: str
    threshold: int
    rounds: list[RoundPlan]
    surveys: list[Survey] = field(default_factory=list)


def plan_scenario(seed: int) -> Scenario:
    """A seeded scenario: sides of 0–7 respondents (often lopsided), one or two rounds."""
    rng = random.Random(seed)
    threshold = rng.choice([3, 5, 5])
    mapping = seed % 2 == 0
    kind = rng.choice([AssessmentKind.QUICK, AssessmentKind.QUICK, AssessmentKind.FULL])
    assessment = AssessmentKind.NONE if mapping and seed % 4 == 0 else kind
    identity = Identity.NAMED if seed % 5 == 3 else Identity.ANONYMOUS
    relationships = [f"Relationship {chr(65 + i)}" for i in range(rng.randint(1, 3))]

    def sides():
        big = rng.randint(threshold, 7)
        small = rng.choice([0, 1, 1, 2, threshold - 1, rng.randint(0, 7)])
        return (big, small) if rng.random() < 0.5 else (small, big)

    rounds = []
    if rng.random() < 0.3:
        council, vcs = sides()
        rounds.append(
            RoundPlan("Earlier round", mapping, assessment, identity, council, vcs, relationships)
        )
    council, vcs = sides()
    rounds.append(
        RoundPlan("This round", mapping, assessment, identity, council, vcs, relationships)
    )
    label = (
        f"seed{seed}-{'mapping' if mapping else 'principles'}"
        f"{'+' + assessment if mapping and assessment != 'none' else ''}-{identity}"
        f"-t{threshold}-" + "-".join(f"{r.council}c{r.vcs}v" for r in rounds)
    )
    return Scenario(label, threshold, rounds)


def _answer(rng, p_none, p_dk, skew):
    roll = rng.random()
    if roll < p_none:
        return NONE
    if roll < p_none + p_dk:
        return DK
    return min(5, max(1, round(rng.gauss(skew, 1.1))))


def survey_for(plan: RoundPlan, threshold: int, version, rng: random.Random) -> Survey:
    """The round's true answers, made up by the seeded generator."""
    sides = {f"{side}{i}": side for side in (COUNCIL, VCS) for i in range(getattr(plan, side))}
    survey = Survey(plan.name, threshold, sides, {})
    answers = survey.answers
    if plan.group_questions:
        _groups_for(survey, plan, rng)
    if plan.mapping:
        survey.relationships = list(plan.relationships)
        survey.scales = tuple(value for value, _label in Scale.choices)
        # Some relationships are rated by few: each has its own chance of being rated.
        chance = {rel: rng.choice([0.2, 0.5, 0.9, 1.0]) for rel in plan.relationships}
        for p, side in sides.items():
            for rel in plan.relationships:
                if rng.random() >= chance[rel]:
                    continue
                answers[(p, ("rated", rel))] = YES
                for axis in AXES:
                    answers[(p, ("axis", rel, axis))] = _answer(
                        rng, 0.1, 0.15, 2.5 if side == COUNCIL else 3.5
                    )
                for scale in survey.scales:
                    answers[(p, ("scale", rel, scale))] = YES if rng.random() < 0.4 else NO
    if plan.assessment != AssessmentKind.NONE:
        questions = questions_for(version, plan.assessment)
        for q in questions:
            survey.element_statements.setdefault(q.element_slug, []).append(q.statement_id)
            elements = survey.principle_elements.setdefault(q.principle_slug, [])
            if q.element_slug not in elements:
                elements.append(q.element_slug)
        survey.barriers = [b.slug for b in barriers_for_version(version)] + [OTHER]
        survey.pressures = [p.slug for p in pressures_for_version(version)]
        rare = {q.statement_id for q in questions if rng.random() < 0.3}
        for p, side in sides.items():
            for q in questions:
                p_dk = 0.6 if q.statement_id in rare else 0.15
                answers[(p, ("stmt", q.statement_id))] = _answer(
                    rng, 0.05, p_dk, 3.4 if side == COUNCIL else 2.6
                )
            for element, statements in survey.element_statements.items():
                known = any(answers[(p, ("stmt", s))] in SCALE for s in statements)
                if len(statements) > 1:
                    answers[(p, ("any_e", element))] = YES if known else NO
            for principle, elements in survey.principle_elements.items():
                known = any(
                    answers[(p, ("stmt", s))] in SCALE
                    for e in elements
                    for s in survey.element_statements[e]
                )
                answers[(p, ("any_p", principle))] = YES if known else NO
            for base, items in (("barrier", survey.barriers), ("pressure", survey.pressures)):
                if rng.random() < 0.85:
                    answers[(p, (f"{base}_base",))] = YES
                    for item in items:
                        answers[(p, (base, item))] = YES if rng.random() < 0.3 else NO
    return survey


def _groups_for(survey: Survey, plan: RoundPlan, rng: random.Random) -> None:
    """Who each respondent says they are: one of the plan's groups, or "not said" (about one
    in six leave a question unanswered or prefer not to say)."""
    from toolkit.rounds.groups import BY_KEY

    for key, drawn_from in plan.group_questions.items():
        question = BY_KEY[key]
        survey.group_questions.append(
            (key, question.side, (*(v for v, _label in question.options), NOT_SAID))
        )
        for p, side in survey.sides.items():
            if side != question.side:
                continue
            if rng.random() < 1 / 6:
                continue  # not said
            survey.groups.setdefault(p, {})[key] = rng.choice(drawn_from)


@dataclass
class World:
    scenario: Scenario
    area: object
    rounds: dict[str, Round]  # by name
    readers: dict[str, object]  # reader name -> membership


def build_world(scenario: Scenario, seed: int, surveys: list[Survey] | None = None) -> World:
    """Write the scenario's rounds (their answers made up from the seed, or the `surveys`
    given, one per round) and one reader per role."""
    rng = random.Random(seed * 7919 + 1)
    version = load_framework_for_tests()
    area = AreaFactory(suppression_threshold=scenario.threshold)
    titles = sorted({t for plan in scenario.rounds for t in plan.relationships})
    relationships = {t: RelationshipFactory(area=area, title=t) for t in titles}
    rounds: dict[str, Round] = {}
    previous = None
    today = timezone.localdate()
    scenario.surveys = []
    for age, plan in zip(range(len(scenario.rounds), 0, -1), scenario.rounds, strict=True):
        if surveys:
            survey = surveys[len(scenario.surveys)]
        else:
            survey = survey_for(plan, scenario.threshold, version, rng)
        scenario.surveys.append(survey)
        round_ = Round.objects.create(
            area=area,
            name=plan.name,
            status=RoundStatus.CLOSED,
            opened_on=today - datetime.timedelta(days=40 * age),
            closed_at=timezone.now() - datetime.timedelta(days=40 * age - 20),
            content_version=version,
            includes_mapping=plan.mapping,
            assessment=plan.assessment,
            identity=plan.identity,
            previous_round=previous,
            group_questions=list(plan.group_questions),
        )
        previous = round_
        rounds[plan.name] = round_
        for rel in plan.relationships if plan.mapping else ():
            RoundRelationship.objects.create(round=round_, relationship=relationships[rel])
        _write_answers(round_, survey, plan, relationships, version)
    readers = {}
    for name, role in READERS.items():
        ends_on = today + datetime.timedelta(days=30) if role == Role.PEER_REVIEWER else None
        membership = MembershipFactory(area=area, role=role, ends_on=ends_on)
        if role == Role.PEER_REVIEWER:
            ReviewGrantFactory(area=area, email=membership.user.email, scopes=[GrantScope.RESULTS])
        readers[name] = membership
    return World(scenario, area, rounds, readers)


def _write_answers(round_, survey: Survey, plan: RoundPlan, relationships, version) -> None:
    today = timezone.localdate()
    statements = {q.statement_id: q for q in questions_for(version, plan.assessment)}
    ratings, elements, barriers, pressures = [], [], [], []
    for p, side in survey.sides.items():
        named = {}
        if plan.identity == Identity.NAMED:
            named = {"respondent_name": f"Respondent {p}", "organisation": f"Organisation {p}"}
        response = Response.objects.create(
            round=round_,
            side=side,
            status=ResponseStatus.SUBMITTED,
            started_on=today,
            submitted_on=today,
            groups=dict(survey.groups.get(p, {})),
            **named,
        )
        if plan.mapping:
            rated = [r for r in plan.relationships if survey.answer(p, ("rated", r)) == YES]
            MappingAnswer.objects.create(response=response, knows_none=not rated)
            for rel in rated:
                values = {}
                for axis in AXES:
                    outcome = survey.answer(p, ("axis", rel, axis))
                    values[axis] = None if outcome == NONE else 0 if outcome == DK else outcome
                ratings.append(
                    Rating(
                        response=response,
                        relationship=relationships[rel],
                        scales=[
                            s for s in survey.scales if survey.answer(p, ("scale", rel, s)) == YES
                        ],
                        comment=f"A comment from {side} respondent {p} on {rel}.",
                        share_comment=True,
                        **values,
                    )
                )
        if plan.assessment == AssessmentKind.NONE:
            continue
        for statement, question in statements.items():
            outcome = survey.answer(p, ("stmt", statement))
            if outcome == NONE:
                continue
            elements.append(
                ElementAnswer(
                    response=response,
                    element_slug=question.element_slug,
                    statement_id=statement,
                    value=None if outcome == DK else outcome,
                    comment=f"A comment from {p} on {statement}." if outcome == DK else "",
                    share_comment=True,
                )
            )
        if survey.answer(p, ("barrier_base",)) == YES:
            ticked = [b for b in survey.barriers if survey.answer(p, ("barrier", b)) == YES]
            for b in ticked or [NONE_TICKED]:
                text = f"Another barrier seen by {p}." if b == OTHER else ""
                barriers.append(
                    BarrierAnswer(
                        response=response, barrier_slug=b, other_text=text, share_text=bool(text)
                    )
                )
        if survey.answer(p, ("pressure_base",)) == YES:
            ticked = [b for b in survey.pressures if survey.answer(p, ("pressure", b)) == YES]
            for b in ticked or [NONE_TICKED]:
                pressures.append(PressureAnswer(response=response, pressure_slug=b))
    Rating.objects.bulk_create(ratings)
    ElementAnswer.objects.bulk_create(elements)
    BarrierAnswer.objects.bulk_create(barriers)
    PressureAnswer.objects.bulk_create(pressures)


def survey_from_database(round_) -> Survey:
    """The true answers of a round as they are stored (for rounds this module did not write,
    such as the demo area's), read straight from the rows."""
    from .model import BINARY_QUESTIONS  # noqa: F401 (the outcomes below follow it)

    sent = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED)
    sides = {str(pk): side for pk, side in sent.values_list("pk", "side")}
    survey = Survey(round_.name, round_.threshold, sides, {})
    answers = survey.answers
    if round_.includes_mapping:
        covered = RoundRelationship.objects.filter(round=round_).select_related("relationship")
        titles = {rr.relationship_id: rr.relationship.title for rr in covered}
        survey.relationships = sorted(set(titles.values()))
        survey.scales = tuple(value for value, _label in Scale.choices)
        for rating in Rating.objects.filter(response__in=sent, relationship_id__in=titles):
            p, rel = str(rating.response_id), titles[rating.relationship_id]
            answers[(p, ("rated", rel))] = YES
            for axis in AXES:
                value = getattr(rating, axis)
                answers[(p, ("axis", rel, axis))] = (
                    NONE if value is None else DK if value == 0 else value
                )
            for scale in rating.scales or ():
                answers[(p, ("scale", rel, scale))] = YES
    if round_.has_assessment:
        version = round_.content_version
        for q in questions_for(version, round_.assessment):
            survey.element_statements.setdefault(q.element_slug, []).append(q.statement_id)
            elements = survey.principle_elements.setdefault(q.principle_slug, [])
            if q.element_slug not in elements:
                elements.append(q.element_slug)
        survey.barriers = [b.slug for b in barriers_for_version(version)] + [OTHER]
        survey.pressures = [p.slug for p in pressures_for_version(version)]
        for response_id, statement, value in ElementAnswer.objects.filter(
            response__in=sent
        ).values_list("response_id", "statement_id", "value"):
            answers[(str(response_id), ("stmt", statement))] = DK if value is None else value
        for p in sides:
            for element, statements in survey.element_statements.items():
                known = any(answers.get((p, ("stmt", s))) in SCALE for s in statements)
                if len(statements) > 1:
                    answers[(p, ("any_e", element))] = YES if known else NO
            for principle, elements in survey.principle_elements.items():
                known = any(
                    answers.get((p, ("stmt", s))) in SCALE
                    for e in elements
                    for s in survey.element_statements[e]
                )
                answers[(p, ("any_p", principle))] = YES if known else NO
        for model, base, field_name in (
            (BarrierAnswer, "barrier", "barrier_slug"),
            (PressureAnswer, "pressure", "pressure_slug"),
        ):
            for response_id, slug in model.objects.filter(response__in=sent).values_list(
                "response_id", field_name
            ):
                answers[(str(response_id), (f"{base}_base",))] = YES
                if slug != NONE_TICKED:
                    answers[(str(response_id), (base, slug))] = YES
    return survey
