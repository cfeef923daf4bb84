"""Ideas for the plan: for the weakest key elements and the most frequent barriers of the
latest round whose results can be shown, the practice examples from the research that help
with them. The figures come from the assessment's selectors and scoring (sealing and the
round's disclosure decision applied there): only figures the results pages show are read, and
nothing is recalculated here."""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.assessment import comparisons, scoring
from toolkit.assessment import selectors as assessment_selectors
from toolkit.assessment.models import OTHER
from toolkit.framework import selectors as framework_selectors
from toolkit.rounds import selectors as round_selectors
from toolkit.rounds.models import Round


def latest_visible_assessment_round(area) -> Round | None:
    """The newest round with principles questions whose results are unsealed."""
    for round_ in round_selectors.rounds_for_area(area):
        if round_.has_assessment and round_selectors.round_results_visible(
            round_, round_selectors.response_counts(round_)
        ):
            return round_
    return None


@dataclass
class Suggestion:
    kind: str  # "element" or "barrier"
    slug: str
    title: str
    reason: str
    examples: list = field(default_factory=list)  # framework PracticeExample rows


@dataclass
class Suggestions:
    round: Round | None
    elements: list[Suggestion] = field(default_factory=list)
    barriers: list[Suggestion] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.elements or self.barriers)


def weakest_elements(profile: scoring.Profile, k: int = 3) -> list[scoring.Row]:
    """The weakest key elements, as the results page and the report show them: none when every
    element shown has one mean, and never one whose mean a stronger element shares."""
    return comparisons.highest_and_lowest(profile.elements, k=k)[1]


def frequent_barriers(barriers: scoring.TickQuestion, k: int = 3) -> list[scoring.TickCount]:
    """The barriers named most often by both sides together, where that count is shown."""
    shown = [t for t in barriers.items if t.slug != OTHER and t.together.value]
    return sorted(shown, key=lambda t: -t.together.value)[:k]


def suggestions_for_area(area, k: int = 3) -> Suggestions:
    round_ = latest_visible_assessment_round(area)
    if round_ is None:
        return Suggestions(None)
    version = round_.content_version
    results = assessment_selectors.round_results(round_)
    profile = results.profile
    result = Suggestions(round_)
    for row in weakest_elements(profile, k):
        result.elements.append(
            Suggestion(
                "element",
                row.slug,
                row.title,
                f"Both sides together: {row.together.mean} out of 5 "
                f"({row.together.band_label.lower()}); council {_mean(row.council)}, "
                f"VCS {_mean(row.vcs)}.",
                list(framework_selectors.practice_for_elements(version, [row.slug])[:4]),
            )
        )
    for tick in frequent_barriers(results.barriers, k):
        result.barriers.append(
            Suggestion(
                "barrier",
                tick.slug,
                tick.title,
                f"Named by {tick.together} of {tick.together.base} respondents "
                f"(council {_ticked(tick.council)}, VCS {_ticked(tick.vcs)}).",
                list(framework_selectors.practice_examples(version, theme=tick.slug)[:4]),
            )
        )
    return result


def suggestion_title(target: str, practice: str) -> str:
    """The title of an action made from a suggestion."""
    return f"{target}: learn from {practice}"[:200]


def _mean(summary: scoring.AgreementSummary) -> str:
    return str(summary.mean) if summary.shown else summary.label.lower()


def _ticked(ticked: scoring.Ticked) -> str:
    return str(ticked).lower()
