"""What the public progress page shows, and nothing else: the agreed plan's actions with their
status, progress and dated updates (no owners, no authors, no relationships), and the
principles' bands in each closed round, read from the round's one disclosure decision
(`assessment.selectors.round_results`): a band the decision withholds reads as the decision
says, and nothing here works out a figure of its own."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from toolkit.actions.models import Action, ActionSource, ActionUpdate, Plan, PlanStatus
from toolkit.areas.models import Area
from toolkit.assessment.scoring import AgreementSummary
from toolkit.assessment.selectors import round_results
from toolkit.rounds.models import AssessmentKind, Round, RoundStatus
from toolkit.rounds.selectors import response_counts, round_results_visible

from .models import PublicationStatus, PublicProgress

ROUNDS_SHOWN = 6
VIEWS = (("council", "Council"), ("vcs", "Voluntary and community sector"), ("together", "Both"))


def publication_for(area) -> PublicProgress | None:
    return (
        PublicProgress.objects.filter(area=area)
        .select_related("proposed_by", "confirmed_by", "withdrawn_by")
        .first()
    )


def published_area(area_code: str) -> Area | None:
    """The area, if its page is published (and the area is not being deleted)."""
    return (
        Area.objects.filter(gss_code=area_code, public_progress__status=PublicationStatus.PUBLISHED)
        .exclude(scheduled_deletion__isnull=False)
        .first()
    )


def plan_agreed(area) -> bool:
    return Plan.objects.filter(area=area, status=PlanStatus.AGREED).exists()


def public_actions(area, agreed: bool) -> list[Action]:
    """The agreed actions with their updates (two queries): every action of a plan both
    sides have agreed; while the plan is a draft, only the actions both sides agreed at a
    workshop."""
    actions = Action.objects.filter(area=area)
    if not agreed:
        actions = actions.filter(source=ActionSource.WORKSHOP)
    return list(
        actions.only(
            "public_id", "title", "what_will_change", "status", "progress", "due_on", "plan"
        )
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ActionUpdate.objects.only(
                    "action", "written_on", "note", "status", "progress"
                ).order_by("-written_on", "-created_at", "-id"),
            )
        )
        .order_by("due_on", "created_at", "id")
    )


@dataclass(frozen=True)
class Band:
    words: str  # the band, or why it is not shown
    shown: bool


def _band(summary: AgreementSummary) -> Band:
    if summary.shown:
        return Band(summary.band_label, True)
    return Band(summary.label, False)


@dataclass(frozen=True)
class PrincipleBands:
    title: str
    bands: list[Band]  # in the order of VIEWS


@dataclass(frozen=True)
class RoundBands:
    name: str
    closed_on: object
    principles: list[PrincipleBands]


def bands_over_time(area) -> list[RoundBands]:
    """The principles' bands in the area's latest closed rounds with principles questions,
    oldest first, each as its own decision shows them (three queries a round)."""
    rounds = list(
        Round.objects.filter(area=area, status=RoundStatus.CLOSED)
        .exclude(assessment=AssessmentKind.NONE)
        .select_related("area", "content_version")
        .order_by("-closed_at")[:ROUNDS_SHOWN]
    )
    found = []
    for round_ in reversed(rounds):
        counts = response_counts(round_)
        if not round_results_visible(round_, counts):
            continue
        profile = round_results(round_, counts).profile
        found.append(
            RoundBands(
                round_.name,
                round_.closed_at.date(),
                [
                    PrincipleBands(row.title, [_band(row.view(view)) for view, _ in VIEWS])
                    for row in profile.principles
                ],
            )
        )
    return found
