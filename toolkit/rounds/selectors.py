"""Reading rounds and responses. Query counts are fixed whatever the number of responses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from toolkit.areas.models import Side
from toolkit.disclosure.rules import effective_threshold, results_unsealed

from .models import Participation, RespondentLink, Response, ResponseStatus, Round, RoundStatus
from .tokens import member_resume_token, token_hash

SUBMITTED = Q(responses__status=ResponseStatus.SUBMITTED)


def rounds_for_area(area):
    """The area's rounds, newest first, each with `council_n` and `vcs_n` (sent responses)."""
    return (
        Round.objects.filter(area=area)
        .select_related("content_version", "previous_round")
        .annotate(
            council_n=Count("responses", filter=SUBMITTED & Q(responses__side=Side.COUNCIL)),
            vcs_n=Count("responses", filter=SUBMITTED & Q(responses__side=Side.VCS)),
        )
        .order_by("-created_at")
    )


def round_for_area(area, public_id) -> Round | None:
    return (
        rounds_for_area(area)
        .select_related("area", "content_version", "previous_round")
        .filter(public_id=public_id)
        .first()
    )


@dataclass(frozen=True)
class ResponseCounts:
    council: int
    vcs: int

    @property
    def total(self) -> int:
        return self.council + self.vcs

    def for_side(self, side: str) -> int:
        return self.council if side == Side.COUNCIL else self.vcs


def response_counts(round_: Round) -> ResponseCounts:
    """Sent responses per side (one query, or none if the round was annotated)."""
    if hasattr(round_, "council_n") and hasattr(round_, "vcs_n"):
        return ResponseCounts(round_.council_n, round_.vcs_n)
    counts = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).aggregate(
        council=Count("id", filter=Q(side=Side.COUNCIL)),
        vcs=Count("id", filter=Q(side=Side.VCS)),
    )
    return ResponseCounts(counts["council"], counts["vcs"])


def round_threshold(round_: Round) -> int:
    return effective_threshold(round_.area.suppression_threshold)


def round_results_visible(round_: Round, counts: ResponseCounts | None = None) -> bool:
    """Sealing: nothing from a round is shown until it closes, or until both sides have at
    least the area's threshold of sent responses. Every results page, export and API checks
    this."""
    counts = counts or response_counts(round_)
    return results_unsealed(
        closed=round_.status == RoundStatus.CLOSED,
        council_n=counts.council,
        vcs_n=counts.vcs,
        threshold=round_threshold(round_),
    )


def unsent_response_count(round_: Round) -> int:
    """Answers started but not sent: closing the round deletes them."""
    return Response.objects.filter(round=round_, status=ResponseStatus.IN_PROGRESS).count()


def submitted_responses(round_: Round):
    return Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED)


def links_for_round(round_: Round):
    return RespondentLink.objects.filter(round=round_).order_by("side", "kind", "created_at")


def member_response_state(round_: Round, user) -> str:
    """ "submitted", "in_progress" or "not_started" for a member, found without the response
    storing who they are."""
    if Participation.objects.filter(round=round_, user=user).exists():
        return "submitted"
    digest = token_hash(member_resume_token(user.pk, round_.pk))
    if Response.objects.filter(resume_digest=digest).exists():
        return "in_progress"
    if Response.objects.filter(round=round_, user=user, status=ResponseStatus.SUBMITTED).exists():
        return "submitted"
    return "not_started"


def earlier_rounds(area, exclude: Round | None = None):
    qs = Round.objects.filter(area=area).order_by("-created_at")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs
