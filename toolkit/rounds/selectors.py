"""Reading rounds and responses. Query counts are fixed whatever the number of responses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from toolkit.areas.models import Side
from toolkit.disclosure.rules import (
    WITHHELD,
    below_threshold,
    effective_threshold,
    fewer_than,
    results_unsealed,
)
from toolkit.disclosure.table import KEEP_GROUP, KEEP_SUBGROUP, Decision, ShownCount, Table

from .models import Participation, RespondentLink, Response, ResponseStatus, Round, RoundStatus
from .tokens import member_resume_token, token_hash

# A gathering's total (online and on paper together) is given up first when a complement is
# needed: it is shown only where it costs no other figure (tried on the attacker test's
# rounds: kept any higher, it took the place of more paper and online counts than it added).
KEEP_AT_GATHERING = KEEP_SUBGROUP - 1

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

    def for_side(self, side: str) -> int:
        return self.council if side == Side.COUNCIL else self.vcs


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
    how many of them came through shared links and, once any form was typed in, how many on
    paper, every figure as the round's one decision on where answers were given words it
    (response_channels, ADR 30; a side under the threshold says only "fewer than N"). Nothing
    while the results are sealed."""
    if not round_results_visible(round_, counts):
        return []
    channels = response_channels(round_)
    summary = []
    for side in Side:
        count = channels.total(side)
        if count.value is None and count.text == WITHHELD:
            words = "how many responses were counted is not shown"
        elif count.value is None:
            words = f"{count} responses counted"
        else:
            shared = channels.shared(side)
            if shared.value is not None or shared.text != WITHHELD:
                words = f"{count} responses counted, {shared} of them through shared links"
            else:
                words = f"{count} responses counted (how many came through shared links is not "
                words += "shown)"
            if channels.any_paper:
                words += f"; {channels.on_paper(side)} of them on paper"
        summary.append((side.label, words))
    return summary


# Apps at whose gatherings answers are given through links of their own (toolkit.workshops: a
# workshop's joining links and its piles of paper forms) register a source of those links here
# from their AppConfig.ready(); rounds may not import them.
_GATHERING_SOURCES: list[Callable[[Round], QuerySet]] = []


def register_gathering_links(source: Callable[[Round], QuerySet]) -> None:
    """`source(round_)` gives a query of (link id, gathering id) pairs, by `values_list`: the
    shared links through which the round's answers were given at each gathering (a workshop),
    and each gathering with no link yet as (None, its id), so that it is known."""
    if source not in _GATHERING_SOURCES:
        _GATHERING_SOURCES.append(source)


@dataclass(frozen=True)
class ResponseChannels:
    """Where each side's counted responses were given, as one decision of toolkit.disclosure
    over the whole round: every output that says so reads this (the round's page, and each
    workshop's record), so that no figure of one can be subtracted from another's."""

    decision: Decision
    gatherings: tuple
    any_paper: bool

    def total(self, side: str) -> ShownCount:
        """The side's counted responses, wherever they were given."""
        return self.decision.count(_responses(side))

    def on_paper(self, side: str) -> ShownCount:
        return self.decision.count((_responses(side), "paper"))

    def shared(self, side: str) -> ShownCount:
        return self.decision.count(("shared links", str(side)))

    def at_total(self, gathering, side: str) -> ShownCount:
        """The side's responses given at one gathering, online and on paper together."""
        if gathering not in self.gatherings:
            raise KeyError(f"{gathering!r} is not a gathering of this round")
        return self.decision.count((_responses(side), ("at", gathering)))

    def at(self, gathering, side: str, *, on_paper: bool) -> ShownCount:
        """The side's responses given at one gathering, on paper or online."""
        part = (_responses(side), "paper" if on_paper else "online")
        if gathering not in self.gatherings:
            raise KeyError(f"{gathering!r} is not a gathering of this round")
        return self.decision.count((part, ("at", gathering)))


def _responses(side: str) -> tuple:
    return ("responses", str(side))


def response_channels(round_: Round) -> ResponseChannels:
    """The one decision on where the round's counted responses were given (ADR 30). Each side's
    responses are split as nested breakdowns, each all or nothing:

        side → on paper, online
        on paper → at each gathering (workshop) of the round, elsewhere
        online → at each gathering of the round, elsewhere

    and the side's responses through shared links are one more total over the same groups (the
    gatherings' links are shared links; "elsewhere" is split, hidden, into through another
    shared link or not). Complementary suppression runs over all of it at once, so the round's
    paper total less one workshop's paper cannot give another's. Two queries, whatever the
    number of workshops: one count of responses by link, one of the gatherings' links."""
    rows = list(
        Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED)
        .order_by()
        .values_list("side", "on_paper", "shared_link_id")
        .annotate(n=Count("id"))
    )
    gathering_of: dict[int, object] = {}
    gatherings: set = set()
    if _GATHERING_SOURCES:
        first, *others = (source(round_) for source in _GATHERING_SOURCES)
        for link_id, gathering in first.union(*others, all=True).order_by():
            gatherings.add(gathering)
            if link_id is not None:
                gathering_of.setdefault(link_id, gathering)
    ordered = tuple(sorted(gatherings, key=repr))

    # Each side's atoms: (paper?, gathering or "elsewhere", shared link?) -> responses.
    atoms: dict[str, dict[tuple, int]] = {side.value: defaultdict(int) for side in Side}
    for side, paper, link_id, n in rows:
        paper = bool(paper)
        where = gathering_of.get(link_id, "elsewhere") if link_id is not None else "elsewhere"
        atoms[side][(paper, where, link_id is not None)] += n

    table = Table(round_threshold(round_))
    for side in Side:
        counts = atoms[side.value]
        top = _responses(side)
        by_part = {"paper": True, "online": False}
        total = {
            part: sum(n for k, n in counts.items() if k[0] == paper)
            for part, paper in by_part.items()
        }
        table.add(top, n=sum(total.values()))
        table.add_breakdown(top, total, keep=KEEP_GROUP)
        shared_parts = []
        for part, paper in by_part.items():
            groups = {("at", g): counts[(paper, g, True)] for g in ordered}
            groups["elsewhere"] = (
                counts[(paper, "elsewhere", True)] + counts[(paper, "elsewhere", False)]
            )
            table.add_breakdown((top, part), groups, keep=KEEP_SUBGROUP)
            table.add_breakdown(
                ((top, part), "elsewhere"),
                {
                    "shared": counts[(paper, "elsewhere", True)],
                    "not shared": counts[(paper, "elsewhere", False)],
                },
                internal=True,
            )
            shared_parts += [((top, part), ("at", g)) for g in ordered]
            shared_parts.append((((top, part), "elsewhere"), "shared"))
        # Each gathering's total, online and on paper: when one half is too small, the
        # record can still say how many answered there.
        for g in ordered:
            table.add(
                (top, ("at", g)),
                n=counts[(True, g, True)] + counts[(False, g, True)],
                parts=[((top, part), ("at", g)) for part in by_part],
                keep=KEEP_AT_GATHERING,
            )
        table.add(
            ("shared links", side.value),
            n=sum(n for k, n in counts.items() if k[2]),
            parts=shared_parts,
            keep=KEEP_GROUP,
        )
    return ResponseChannels(table.decide(), ordered, any(n for side, paper, _l, n in rows if paper))


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
