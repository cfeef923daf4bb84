"""What a cabinet member reads first in an area report: the largest gaps between the sides,
the weakest and strongest principles, what changed since the round before, and the agreed
actions. Everything is chosen from the parts content.py has already gathered through the
pages' selectors and presenters (assessment.comparisons, assessment.selectors.round_trend,
mapping.presenters), so a withheld figure is as absent here as on the results pages; this
module only picks and words them."""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.assessment import comparisons as assessment_comparisons
from toolkit.assessment import selectors as assessment_selectors

GAPS = 3


@dataclass
class Glance:
    element_gaps: list = field(default_factory=list)  # assessment.comparisons.AgreementGap
    relationship_gaps: list = field(default_factory=list)  # mapping.presenters.GapRow
    strongest_principle: object = None  # assessment.scoring.Row
    weakest_principle: object = None
    strongest_elements: list = field(default_factory=list)
    weakest_elements: list = field(default_factory=list)
    principles_alike: str = ""  # said instead when every principle has the same mean
    earlier_round: object = None
    changes: list = field(default_factory=list)  # (principle title, words)
    change_note: str = ""
    actions: list = field(default_factory=list)  # the plan's actions as content.py words them
    plan_words: str = ""
    calculations: list = field(default_factory=list)  # value calculations kept in the area

    @property
    def has_results(self) -> bool:
        return bool(self.element_gaps or self.strongest_principle or self.relationship_gaps)

    @property
    def weakest_elements_words(self) -> str:
        """ " Weakest key elements: Time (2.4), Capacity (2.4).", or "" when there are none."""
        return _elements_words("Weakest", self.weakest_elements)

    @property
    def strongest_elements_words(self) -> str:
        return _elements_words("Strongest", self.strongest_elements)


def _elements_words(which: str, rows) -> str:
    # Worded here once for the PDF (_glance.html) and the Word document (docx_glance).
    if not rows:
        return ""
    means = ", ".join(f"{row.title} ({row.together.mean})" for row in rows)
    return f" {which} key elements: {means}."


def change_words(change: assessment_comparisons.Change) -> str:
    """A principle's change between rounds as the results pages word it (_change.html)."""
    if change.change is None:
        return "Not enough answers to compare"
    if change.change > 0:
        moved = f"up {change.change}"
    elif change.change < 0:
        moved = f"down {-change.change}"
    else:
        moved = "no change"
    return f"{change.earlier} to {change.current}, {moved}"


def action_words(action) -> str:
    """One action (actions.Action) as a sentence for the report's opening, with its owners and
    date in words when they are not chosen yet: "Agree a compact: Nadia Name (council), no VCS
    owner yet, no due date, in progress." """
    council, vcs = action.council_owner, action.vcs_owner
    if council and vcs:
        owners = f"{council} (council) and {vcs} (VCS)"
    elif council:
        owners = f"{council} (council), no VCS owner yet"
    elif vcs:
        owners = f"{vcs} (VCS), no council owner yet"
    else:
        owners = "no owners chosen yet"
    due = f"due {action.due_on:%-d %b %Y}" if action.due_on else "no due date"
    return f"{action.title}: {owners}, {due}, {action.get_status_display().lower()}."


def glance(data) -> Glance:
    """The opening of the area report from `data` (content.ReportData)."""
    found = Glance()
    a = data.assessment
    if a is not None:
        found.element_gaps = a.gaps[:GAPS]
        strongest, weakest = assessment_comparisons.strengths_and_weaknesses(
            a.profile.principles, k=1
        )
        together = assessment_comparisons.one_mean(a.profile.principles)
        if together is not None:
            found.principles_alike = (
                f"Every principle has the same mean for both sides together, {together.mean} "
                f"({together.band_label.lower()}): none is weaker or stronger than another."
            )
        else:
            found.strongest_principle = strongest[0] if strongest else None
            found.weakest_principle = weakest[0] if weakest else None
        found.strongest_elements, found.weakest_elements = a.strengths, a.weaknesses
        trend = assessment_selectors.round_trend(a.round, a.profile)
        found.earlier_round = trend.earlier_round
        if trend.earlier_round is None:
            found.change_note = (
                f"{a.round.name} is the area's first round of principles questions: "
                "there is no earlier round to compare it with."
            )
        elif not trend.earlier_visible:
            found.change_note = (
                f"{trend.earlier_round.name} cannot be compared: its results are not shown."
            )
        else:
            found.changes = [(t.title, change_words(t.together)) for t in trend.principles]
    if data.mapping is not None:
        found.relationship_gaps = data.mapping.gaps[:GAPS]
    if data.plan is not None:
        plan = data.plan["plan"]
        if plan is not None and plan.is_agreed:
            found.plan_words = (
                f"The joint action plan was agreed by both sides on {plan.agreed_at:%-d %B %Y}."
            )
        else:
            found.plan_words = (
                "The joint action plan is not yet agreed by both sides: these actions are proposed."
            )
        found.actions = data.plan["actions"]
    return found
