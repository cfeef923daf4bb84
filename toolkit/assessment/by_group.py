"""The principles results by group (issue 18, item 2): each side's answers split by the
optional questions the round asked at the start (rounds.groups: department, councillor or
officer; organisation size, led by and for a marginalised community).

Nothing here decides what may be shown. `group_cells` describes every group figure as cells
of the round's one table, beside its other cells (scoring.assessment_results), through the
disclosure module's breakdowns: each element's side figure is split by the side's questions
(`Table.add_breakdowns`), each principle's over its elements (`Table.add_breakdown_total`),
and the side's respondents too. A question's groups are shown all together or not at all, so
a view by group is shown only where every group passes the rules ("not said" included), and
the decision covers them together with "together", the principles and every other output.

A group's figure is its mean, its band and its number of respondents; a group's don't-know
count and distribution are not shown (a group where nobody rated an element but some said
don't know would otherwise print their answer).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from toolkit.disclosure.rules import fewer_than
from toolkit.disclosure.table import PROTECTS, TOO_FEW, Decision, ShownCount, Table

from .agreement import BAND_LABELS, ELEMENT, PRINCIPLE, RESPONDENTS, agreement_band, mean_of

NOT_SAID = "not_said"


@dataclass(frozen=True)
class Question:
    """A group question as scoring needs it (plain values; rounds.groups has the rest)."""

    key: str
    side: str
    title: str
    short: str
    groups: tuple[tuple[str, str], ...]  # (value, label), "not said" last


@dataclass(frozen=True)
class GroupFigure:
    count: ShownCount
    mean: object = None  # Decimal, or None (no answers)
    band_label: str = ""

    @property
    def text(self) -> str:
        if self.count.value is None:
            return ""
        return f"{self.mean}" if self.mean is not None else "No answers"


@dataclass(frozen=True)
class GroupRow:
    level: str  # "principle" or "element"
    slug: str
    title: str
    figures: tuple[GroupFigure, ...] | None  # one per group; None when not shown
    note: str = ""  # why not, in words that follow "not shown: "


@dataclass(frozen=True)
class GroupView:
    """One side's results by one question."""

    side: str
    question: Question
    groups: tuple[tuple[str, str], ...]  # the groups respondents are in (value, label)
    respondents: tuple[ShownCount, ...] | None  # per group; None when not shown
    note: str  # why the view is not shown ("" when it is)
    rows: tuple[GroupRow, ...]

    @property
    def shown(self) -> bool:
        return self.respondents is not None


def _key(cell_key: Hashable, question: str, group: str) -> tuple:
    return (cell_key, (question, group))


def group_cells(
    table: Table,
    answers: Sequence[tuple],
    found: Mapping,
    groups: tuple,
    elements: Sequence,
    principles: Sequence[tuple[str, str]],
) -> dict | None:
    """Add the group cells to the round's table; returns what `group_views` needs to read
    them back (None when the round asked no group question). `found` is scoring's answers
    per (item, side) (who rated, who said don't know); `groups` is (the questions, every
    counted respondent's (side, answers to them))."""
    if not groups or not groups[0]:
        return None
    questions, respondent_groups = groups
    asked = defaultdict(list)
    for q in questions:
        asked[q.side].append(q)

    def combination(p, side):
        given = respondent_groups.get(p, (side, {}))[1] or {}
        return tuple(
            given.get(q.key) if given.get(q.key) in dict(q.groups) else NOT_SAID
            for q in asked[side]
        )

    values = defaultdict(list)  # (item, side, question, group) -> (respondent, answer)
    principle_of = {e.slug: e.principle_slug for e in elements}
    for p, side, slug, value in answers:
        if side not in asked or slug not in principle_of:
            continue
        for item in ((ELEMENT, slug), (PRINCIPLE, principle_of[slug])):
            for q, g in zip(asked[side], combination(p, side), strict=True):
                values[(item, side, q.key, g)].append((p, value))

    present = {}
    for side, side_questions in asked.items():
        members = [p for p, (s, _g) in respondent_groups.items() if s == side]
        combos = Counter(combination(p, side) for p in members)
        keys = tuple(q.key for q in side_questions)
        table.add_breakdowns((RESPONDENTS, side), keys, combos)
        present[side] = {
            q.key: [g for g in dict(q.groups) if any(c[i] == g for c in combos)]
            for i, q in enumerate(side_questions)
        }
        for e in elements:
            item = (ELEMENT, e.slug)
            table.add_breakdowns(
                (item, side),
                keys,
                Counter(combination(p, side) for p in _built_from(found[(item, side)])),
            )
        for slug, _title in principles:
            item = (PRINCIPLE, slug)
            built = _built_from(found[(item, side)])
            for i, q in enumerate(side_questions):
                counts = Counter(combination(p, side)[i] for p in built)
                table.add_breakdown_total(
                    (item, side), q.key, {g: counts.get(g, 0) for g in present[side][q.key]}
                )
    return {
        "asked": asked,
        "values": values,
        "present": present,
        "elements": elements,
        "principles": principles,
    }


def _built_from(answers) -> set:
    """The respondents a cell is built from (scoring._Answers.built_from, as a set)."""
    return answers.raters or answers.unsure


def group_views(decision: Decision, grouped: dict | None) -> list[GroupView]:
    """Every side's view by every question asked of it, as the decision allows."""
    if not grouped:
        return []
    elements, principles = grouped["elements"], grouped["principles"]

    def band_label_of(mean):
        return BAND_LABELS.get(agreement_band(mean), "")

    views = []
    for side, side_questions in grouped["asked"].items():
        for q in side_questions:
            groups = tuple((g, dict(q.groups)[g]) for g in grouped["present"][side][q.key])
            keys = [_key((RESPONDENTS, side), q.key, g) for g, _l in groups]
            note = _family_note(decision, keys)
            items = [(PRINCIPLE, slug, title) for slug, title in principles]
            items += [(ELEMENT, e.slug, e.title) for e in elements]
            rows = []
            for kind, slug, title in items:
                item = (kind, slug)
                row_keys = [_key((item, side), q.key, g) for g, _l in groups]
                row_note = _family_note(decision, [k for k in row_keys if k in decision])
                figures = None
                if not note and not row_note:
                    figures = tuple(
                        _figure(
                            decision,
                            k,
                            grouped["values"].get((item, side, q.key, g), []),
                            mean_of,
                            band_label_of,
                        )
                        for k, (g, _l) in zip(row_keys, groups, strict=True)
                    )
                rows.append(GroupRow(kind, slug, title, figures, row_note or note))
            respondents = None if note else tuple(decision.count(k) for k in keys)
            views.append(GroupView(side, q, groups, respondents, note, tuple(rows)))
    return views


def _figure(decision, key, values, mean_of, band_label_of) -> GroupFigure:
    if key not in decision:
        return GroupFigure(ShownCount(0, "0"))
    known = [v for _p, v in values if v is not None]
    raters = len({p for p, v in values if v is not None})
    mean = mean_of(known)
    return GroupFigure(ShownCount(raters, str(raters)), mean, band_label_of(mean))


def _family_note(decision: Decision, keys) -> str:
    """Why a question's groups are not shown ("" when they are): in words that follow "not
    shown: "."""
    reasons = {decision.reason(k) for k in keys} - {None}
    if TOO_FEW in reasons:
        return f"{fewer_than(decision.threshold)} respondents in a group"
    if PROTECTS in reasons:
        return "it would let a withheld figure be worked out"
    return ""
