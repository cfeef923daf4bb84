"""The round's questionnaire as it goes on paper, with a code for every item, read from the
same places as the online questions (mapping.respondent.axes_for, mapping.selectors'
relationships, assessment.questions), so the paper form, the screen on which a facilitator
types it in, and the online pages ask the same things in the same words.

Codes: a relationship is R1, R2… (the round's relationships in the order the online list
shows them), its four axes R1.1 to R1.4 in the research's order and where it works R1.5; a
principles statement is Q1, Q2… (its number online: "Question 3 of 40"); a barrier B1, B2…
and "B-other"; a pressure P1, P2…. Nothing here is stored: the codes follow the round's
content, which does not change once it opens."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.assessment.questions import (
    agreement_scale,
    barriers_for_version,
    pressures_for_version,
    questions_for_round,
)
from toolkit.mapping.respondent import axes_for
from toolkit.mapping.selectors import round_relationships_list
from toolkit.register.models import Scale


@dataclass(frozen=True)
class AxisItem:
    code: str
    field: str  # the Rating field
    question: str
    low_label: str
    high_label: str
    points: list[tuple[int, str]]


@dataclass(frozen=True)
class RelationshipItem:
    code: str
    relationship: object
    axes: list[AxisItem]
    scales_code: str

    @property
    def title(self) -> str:
        return self.relationship.title


@dataclass(frozen=True)
class StatementItem:
    code: str
    question: object  # assessment.questions.Question


@dataclass(frozen=True)
class TickItem:
    code: str
    slug: str
    title: str


@dataclass(frozen=True)
class MapAxis:
    """An axis of the strategic map sheet: its title and the words at each end."""

    title: str
    low_label: str
    high_label: str


@dataclass
class PaperQuestionnaire:
    round: object
    relationships: list[RelationshipItem]
    scales: list[tuple[str, str]]
    statements: list[StatementItem]
    agreement: list[tuple[int, str]]  # strongly agree first, as online
    barriers: list[TickItem]
    pressures: list[TickItem]

    @property
    def named(self) -> bool:
        return not self.round.is_anonymous

    @property
    def has_mapping(self) -> bool:
        return bool(self.relationships)

    @property
    def has_principles(self) -> bool:
        return bool(self.statements)

    def axis(self, field: str) -> MapAxis | None:
        """The strategic map's axes as the research draws them (mapping.charts.map_xy:
        proactive to the right, strategic to the top)."""
        for item in self.relationships[:1]:
            for axis in item.axes:
                if axis.field == field:
                    return MapAxis(axis.question, axis.low_label, axis.high_label)
        return None

    @property
    def codes(self) -> list[str]:
        """Every code on the form, in the order it asks."""
        found = []
        for item in self.relationships:
            found += [a.code for a in item.axes] + [item.scales_code]
        found += [s.code for s in self.statements]
        found += [b.code for b in self.barriers] + [p.code for p in self.pressures]
        return found


OTHER_CODE = "B-other"


def paper_questionnaire(round_) -> PaperQuestionnaire:
    axes = axes_for(round_) if round_.includes_mapping else []
    relationships = []
    if round_.includes_mapping:
        for n, relationship in enumerate(round_relationships_list(round_), start=1):
            relationships.append(
                RelationshipItem(
                    code=f"R{n}",
                    relationship=relationship,
                    axes=[
                        AxisItem(
                            code=f"R{n}.{i}",
                            field=field,
                            question=axis.question,
                            low_label=axis.low_label,
                            high_label=axis.high_label,
                            points=[(p["value"], p["label"]) for p in axis.scale_points],
                        )
                        for i, (field, axis) in enumerate(axes, start=1)
                    ],
                    scales_code=f"R{n}.{len(axes) + 1}",
                )
            )
    version = round_.content_version
    statements, barriers, pressures, agreement = [], [], [], []
    if round_.has_assessment:
        statements = [StatementItem(f"Q{q.number}", q) for q in questions_for_round(round_)]
        agreement = list(reversed(agreement_scale(version)))
        barriers = [
            TickItem(f"B{n}", b.slug, b.title)
            for n, b in enumerate(barriers_for_version(version), start=1)
        ]
        pressures = [
            TickItem(f"P{n}", p.slug, p.title)
            for n, p in enumerate(pressures_for_version(version), start=1)
        ]
    return PaperQuestionnaire(
        round=round_,
        relationships=relationships,
        scales=list(Scale.choices),
        statements=statements,
        agreement=agreement,
        barriers=barriers,
        pressures=pressures,
    )
