"""Reading rounds and responses. Query counts are fixed whatever the number of responses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from toolkit.areas.models import Side
from toolkit.disclosure.rules import (
    WITHHELD,
    below_threshold,
    effective_threshold,
    fewer_than,
    results_unsealed,
)
from toolkit.disclosure.table import KEEP_GROUP, ShownCount, Table

from .models import Participation, RespondentLink, Response, ResponseStatus, Round, RoundStatus
from .tokens import member_resume_token, token_hash

SUBMITTED = Q(responses__status=ResponseStatus.SUBMITTED)
SHARED = Q(responses__shared_link__isnull=False)


def rounds_for_area(area):
    """The area's rounds, newest first, each with `council_n` and `vcs_n` (counted responses)
    and `council_shared_n`, `vcs_shared_n` (those of them that came through shared links)."""
    return (
        Round.objects.filter(area=area)
        .select_related("content_version", "previous_round")
        .annotate(
            council_n=Count("responses", filter=SUBMITTED & Q(responses__side=Side.COUNCIL)),
            vcs_n=Count("responses", filter=SUBMITTED & Q(responses__side=Side.VCS)),
            council_shared_n=Count(
                "responses", filter=SUBMITTED & SHARED & Q(responses__side=Side.COUNCIL)
            ),
            vcs_shared_n=Count(
                "responses", filter=SUBMITTED & SHARED & Q(responses__side=Side.VCS)
            ),
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
    """Counted responses per side: sent, and not held back (rounds.models.ResponseStatus).
    `council_shared` and `vcs_shared` are how many of them came through shared links."""

    council: int
    vcs: int
    council_shared: int = 0
    vcs_shared: int = 0

    @property
    def total(self) -> int:
        return self.council + self.vcs

    @property
    def shared(self) -> int:
        return self.council_shared + self.vcs_shared

    def for_side(self, side: str) -> int:
        return self.council if side == Side.COUNCIL else self.vcs

    def shared_for_side(self, side: str) -> int:
        return self.council_shared if side == Side.COUNCIL else self.vcs_shared


def response_counts(round_: Round) -> ResponseCounts:
    """Counted responses per side (one query, or none if the round was annotated)."""
    if hasattr(round_, "council_n") and hasattr(round_, "vcs_n"):
        return ResponseCounts(
            round_.council_n,
            round_.vcs_n,
            getattr(round_, "council_shared_n", 0),
            getattr(round_, "vcs_shared_n", 0),
        )
    shared = Q(shared_link__isnull=False)
    counts = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).aggregate(
        council=Count("id", filter=Q(side=Side.COUNCIL)),
        vcs=Count("id", filter=Q(side=Side.VCS)),
        council_shared=Count("id", filter=Q(side=Side.COUNCIL) & shared),
        vcs_shared=Count("id", filter=Q(side=Side.VCS) & shared),
    )
    return ResponseCounts(
        counts["council"], counts["vcs"], counts["council_shared"], counts["vcs_shared"]
    )


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


def response_progress(round_: Round, counts: ResponseCounts, membership) -> dict[str, ShownCount]:
    """How many responses each side has sent, as this reader may see them (pages and API).
    Exact for facilitators, who run the round and chase answers. For everyone else nothing
    while the results are sealed, then as in the results: a side under the threshold reads
    "fewer than N" (the count is itself one of the round's cells)."""
    threshold = round_threshold(round_)
    exact = bool(getattr(membership, "is_facilitator", False))
    sealed = not round_results_visible(round_, counts)
    progress = {}
    for side in Side:
        n = counts.for_side(side)
        if exact:
            progress[side.value] = ShownCount(n, str(n))
        elif sealed:
            progress[side.value] = ShownCount(None, WITHHELD)
        elif n and below_threshold(n, threshold):
            progress[side.value] = ShownCount(None, fewer_than(threshold))
        else:
            progress[side.value] = ShownCount(n, str(n))
    return progress


def counted_summary(round_: Round, counts: ResponseCounts) -> list[tuple[str, str]]:
    """(side, words) for the results: how many responses each side's figures are built from,
    and how many of them came through shared links, as response_progress lets everyone see
    them (a side under the threshold says only "fewer than N")."""
    shown = response_progress(round_, counts, membership=None)
    paper = paper_counts(round_, counts)
    summary = []
    for side in Side:
        count = shown[side.value]
        if count.value is None:
            words = f"{count} responses counted"
        else:
            words = f"{count} responses counted, {counts.shared_for_side(side)} of them through "
            words += "shared links"
            if paper is not None:
                words += f"; {paper[side]} on paper"
        summary.append((side.label, words))
    return summary


def paper_counts(round_: Round, counts: ResponseCounts) -> dict[str, str] | None:
    """How many of each side's counted responses were written on paper at a workshop and
    typed in (toolkit.paper), as toolkit.disclosure words them: each side's responses split
    into "on paper" and "online" as one breakdown of the side's total, both parts shown or
    neither. None when the round has no paper responses (one query)."""
    paper = Response.objects.filter(
        round=round_, status=ResponseStatus.SUBMITTED, on_paper=True
    ).aggregate(**{side.value: Count("id", filter=Q(side=side)) for side in Side})
    if not any(paper.values()):
        return None
    table = Table(round_threshold(round_))
    for side in Side:
        total = counts.for_side(side)
        table.add(("responses", side.value), n=total)
        table.add_breakdown(
            ("responses", side.value),
            {"paper": paper[side.value], "online": total - paper[side.value]},
            keep=KEEP_GROUP,
        )
    decision = table.decide()
    return {side: str(decision.count((("responses", side.value), "paper"))) for side in Side}


def unsent_response_count(round_: Round) -> int:
    """Answers started but not sent: closing the round deletes them."""
    return Response.objects.filter(round=round_, status=ResponseStatus.IN_PROGRESS).count()


def held_response_count(round_: Round) -> int:
    """Answers sent through shared links that are not counted (the link is not confirmed, or
    is past its size): closing the round deletes them."""
    return Response.objects.filter(round=round_, status=ResponseStatus.HELD).count()


def links_for_round(round_: Round):
    """The round's links, each shared link with `counted_n` and `held_n` (answers through it
    counted, and held back). Nothing says whether, or when, a personal link was used."""
    return (
        RespondentLink.objects.filter(round=round_)
        .select_related("created_by", "confirmed_by")
        .annotate(
            counted_n=Count(
                "shared_responses",
                filter=Q(shared_responses__status=ResponseStatus.SUBMITTED),
            ),
            held_n=Count(
                "shared_responses", filter=Q(shared_responses__status=ResponseStatus.HELD)
            ),
        )
        .order_by("side", "kind", "created_at")
    )


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


@dataclass(frozen=True)
class WaitingRound:
    round: Round
    started: bool  # the member has answers in progress


def rounds_waiting_for(membership) -> list[WaitingRound]:
    """The open rounds of the member's area taking answers that the member, who answers for
    a side, has not yet sent: the newest first. Four queries, whatever the number of rounds."""
    from toolkit.areas.models import CONTRIBUTOR_ROLES

    if membership.side is None or membership.role not in CONTRIBUTOR_ROLES:
        return []
    rounds = [
        r
        for r in Round.objects.filter(area=membership.area_id, status=RoundStatus.OPEN).order_by(
            "-opened_on", "-created_at"
        )
        if r.is_accepting
    ]
    if not rounds:
        return []
    user = membership.user
    sent = set(
        Participation.objects.filter(round__in=rounds, user=user).values_list("round_id", flat=True)
    ) | set(
        Response.objects.filter(
            round__in=rounds, user=user, status=ResponseStatus.SUBMITTED
        ).values_list("round_id", flat=True)
    )
    digests = {token_hash(member_resume_token(user.pk, r.pk)): r.pk for r in rounds}
    started = {
        digests[d]
        for d in Response.objects.filter(resume_digest__in=digests).values_list(
            "resume_digest", flat=True
        )
    }
    return [WaitingRound(r, r.pk in started) for r in rounds if r.pk not in sent]


def waiting_overview(area, membership) -> dict | None:
    """The overview page's part: the rounds waiting for this member, if any."""
    waiting = rounds_waiting_for(membership)
    return {"waiting": waiting} if waiting else None


def member_has_submitted(round_: Round, user) -> bool:
    return Participation.objects.filter(round=round_, user=user).exists()


def counted_through(link: RespondentLink) -> int:
    """How many answers through a shared link count (are sent and not held back)."""
    return Response.objects.filter(shared_link=link, status=ResponseStatus.SUBMITTED).count()
