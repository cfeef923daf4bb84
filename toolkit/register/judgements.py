"""Step 1 by each side: the council side and the VCS side judge a relationship separately
(whether it is strategic and why, and which of the seven qualities it has), beside the joint
judgement both make together, which stays on the relationship as it always was.

The research asks both sides to "share information and compare views": ``compare`` puts the
three judgements side by side, and a *disagreement* is a quality one side ticks and the other
does not, or two different judgements, once both sides have recorded theirs. The workshop's
agenda takes them as items (``register.selectors.judgement_disagreements``).

Who may record a side's judgement: members of that side who may change the register
(``can_judge_for_side``). The rules for a judgement are the joint one's
(``services.judgement_problems``), and every save is logged in the relationship's history."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from toolkit.areas.models import Side

from .models import Judgement, Relationship, RelationshipChange, SideJudgement, SideQuality
from .services import (
    QualityAnswer,
    RelationshipInvalid,
    can_edit_register,
    described_changes,
    judgement_problems,
)
from .vocabulary import Item, Vocabulary, vocabulary_for

JOINT = "joint"
SIDES = (Side.COUNCIL, Side.VCS)
SIDE_NAMES = {Side.COUNCIL: "Council side", Side.VCS: "VCS side", JOINT: "Both sides together"}
# Mid-sentence: "the council side's judgement", "the VCS side's judgement".
SIDE_PHRASES = {Side.COUNCIL: "the council side", Side.VCS: "the VCS side"}


def can_judge_for_side(membership, side: str) -> bool:
    """A side's own members judge for it: its facilitator always, its participants when the
    register's settings let participants change relationships (``can_edit_register``)."""
    return (
        membership is not None
        and side in SIDES
        and membership.side == side
        and can_edit_register(membership)
    )


@dataclass
class JudgementData:
    """One view of step 1: a judgement (or none yet), why, and each quality."""

    judgement: str = ""
    judgement_reasoning: str = ""
    qualities: dict[str, QualityAnswer] = field(default_factory=dict)

    @property
    def judgement_label(self) -> str:
        return dict(Judgement.choices).get(self.judgement, "Not yet judged")


def _described(side: str, data: JudgementData, vocab: Vocabulary) -> dict[str, str]:
    """Each part of a side's judgement as the relationship's history shows it."""
    prefix = SIDE_NAMES[side]
    labels = dict(Judgement.choices)
    described = {
        f"{prefix}: judgement": labels.get(data.judgement, ""),
        f"{prefix}: reasoning for the judgement": data.judgement_reasoning,
    }
    for slug, quality in vocab.qualities.items():
        answer = data.qualities.get(slug) or QualityAnswer()
        described[f"{prefix}: quality: {quality.title}"] = (
            "Present" if answer.present else "Not present"
        )
        described[f"{prefix}: why: {quality.title}"] = answer.evidence
    return described


def side_judgement_data(row: SideJudgement | None) -> JudgementData | None:
    """A saved side judgement as plain values (its qualities read from prefetched rows)."""
    if row is None:
        return None
    return JudgementData(
        row.judgement,
        row.judgement_reasoning,
        {q.quality_slug: QualityAnswer(q.present, q.evidence) for q in row.qualities.all()},
    )


def side_judgement_save(
    relationship: Relationship,
    side: str,
    data: JudgementData,
    *,
    user=None,
    source: str = RelationshipChange.Source.FORM,
) -> list[dict[str, str]]:
    """Record one side's judgement of the relationship, replacing that side's earlier one.
    Returns the changes (empty, and nothing written, if none), which are logged in the
    relationship's history like any other save."""
    if side not in SIDES:
        raise ValueError(f"not a side: {side}")
    vocab = vocabulary_for(relationship.content_version)
    data.judgement_reasoning = data.judgement_reasoning.strip()
    for answer in data.qualities.values():
        answer.evidence = answer.evidence.strip()
    problems = judgement_problems(data.judgement, data.judgement_reasoning, data.qualities, vocab)
    if problems:
        raise RelationshipInvalid(problems)
    with transaction.atomic():
        Relationship.objects.select_for_update().filter(pk=relationship.pk).first()
        row = (
            SideJudgement.objects.filter(relationship=relationship, side=side)
            .prefetch_related("qualities")
            .first()
        )
        before = _described(side, side_judgement_data(row), vocab) if row else {}
        changes = described_changes(before, _described(side, data, vocab))
        if row is not None and not changes:
            return []
        if row is None:
            row = SideJudgement(relationship=relationship, side=side)
        row.judgement = data.judgement
        row.judgement_reasoning = data.judgement_reasoning
        row.updated_by = user
        row.save()
        row.qualities.all().delete()
        SideQuality.objects.bulk_create(
            SideQuality(
                side_judgement=row,
                quality_slug=slug,
                present=(data.qualities.get(slug) or QualityAnswer()).present,
                evidence=(data.qualities.get(slug) or QualityAnswer()).evidence,
            )
            for slug in vocab.qualities
        )
        RelationshipChange.objects.create(
            relationship=relationship, changed_by=user, source=source, changes=changes
        )
    return changes


# --- comparing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QualityRow:
    """One quality as each view sees it (None: that view has not been recorded)."""

    quality: Item
    joint: QualityAnswer | None
    council: QualityAnswer | None
    vcs: QualityAnswer | None

    @property
    def answers(self) -> tuple:
        """Both sides together, the council side, the VCS side (``SIDE_NAMES``' order)."""
        return (self.joint, self.council, self.vcs)

    def answer(self, view: str) -> QualityAnswer | None:
        """JOINT, Side.COUNCIL or Side.VCS's answer."""
        return {JOINT: self.joint, Side.COUNCIL: self.council, Side.VCS: self.vcs}[view]

    @property
    def sides_disagree(self) -> bool:
        return (
            self.council is not None
            and self.vcs is not None
            and self.council.present != self.vcs.present
        )


@dataclass(frozen=True)
class Disagreement:
    """Something the two sides judged differently: a quality (``quality`` set) or the
    judgement itself. Words only, ready for a page, a file or an agenda."""

    relationship: Relationship
    kind: str  # "judgement" or "quality"
    quality: Item | None
    council: str  # what the council side said, in words
    vcs: str

    @property
    def title(self) -> str:
        if self.quality is None:
            return f"{self.relationship.title}: is it strategic?"
        return f"{self.relationship.title}: {self.quality.title.lower()}"

    @property
    def summary(self) -> str:
        return f"Council side: {self.council}. VCS side: {self.vcs}."


JUDGEMENT = "judgement"
QUALITY = "quality"
TICKED, NOT_TICKED = "sees this quality", "does not see this quality"


@dataclass(frozen=True)
class Comparison:
    """Step 1 of one relationship as both sides together, the council side and the VCS side
    judged it."""

    relationship: Relationship
    joint: JudgementData
    council: JudgementData | None
    vcs: JudgementData | None
    qualities: list[QualityRow]

    def view(self, side: str) -> JudgementData | None:
        return {JOINT: self.joint, Side.COUNCIL: self.council, Side.VCS: self.vcs}[side]

    def seen_count(self, view: str) -> int | None:
        """How many of the qualities a view sees (None while it is not recorded)."""
        if self.view(view) is None:
            return None
        return sum(1 for row in self.qualities if row.answer(view).present)

    @property
    def both_sides_judged(self) -> bool:
        return self.council is not None and self.vcs is not None

    @property
    def judgements_differ(self) -> bool:
        return (
            self.both_sides_judged
            and bool(self.council.judgement)
            and bool(self.vcs.judgement)
            and self.council.judgement != self.vcs.judgement
        )

    @property
    def disagreements(self) -> list[Disagreement]:
        """The judgement first (if the sides differ), then each quality one side sees and the
        other does not, in the framework's order."""
        labels = dict(Judgement.choices)
        found = []
        if self.judgements_differ:
            found.append(
                Disagreement(
                    self.relationship,
                    JUDGEMENT,
                    None,
                    labels[self.council.judgement].lower(),
                    labels[self.vcs.judgement].lower(),
                )
            )
        for row in self.qualities:
            if row.sides_disagree:
                found.append(
                    Disagreement(
                        self.relationship,
                        QUALITY,
                        row.quality,
                        TICKED if row.council.present else NOT_TICKED,
                        TICKED if row.vcs.present else NOT_TICKED,
                    )
                )
        return found


def compare(relationship: Relationship) -> Comparison:
    """The three views of a relationship, from prefetched ``qualities`` and
    ``side_judgements__qualities`` (no queries when the caller prefetched them)."""
    joint = JudgementData(
        relationship.judgement,
        relationship.judgement_reasoning,
        {
            q.quality_slug: QualityAnswer(q.present, q.evidence)
            for q in relationship.qualities.all()
        },
    )
    sides = {row.side: side_judgement_data(row) for row in relationship.side_judgements.all()}
    return comparison_build(
        relationship, vocabulary_for(relationship.content_version), joint, sides
    )


def comparison_build(
    relationship: Relationship,
    vocab: Vocabulary,
    joint: JudgementData,
    sides: dict[str, JudgementData],
) -> Comparison:
    """The three views side by side, from plain values (``compare`` reads them from a
    relationship's rows; the register's export reads every relationship's at once)."""
    council, vcs = sides.get(Side.COUNCIL), sides.get(Side.VCS)
    rows = [
        QualityRow(
            quality,
            joint.qualities.get(slug) or QualityAnswer(),
            (council.qualities.get(slug) or QualityAnswer()) if council else None,
            (vcs.qualities.get(slug) or QualityAnswer()) if vcs else None,
        )
        for slug, quality in vocab.qualities.items()
    ]
    return Comparison(relationship, joint, council, vcs, rows)
