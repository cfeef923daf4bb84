"""Reading a workshop's paper piles for its facilitators: how many forms each holds, how many
have been typed in and how many of them count. These are the facilitators' own typing, not
figures from answers: the links page shows the same counts for every shared link."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from toolkit.rounds import shared_links
from toolkit.rounds.models import ResponseStatus

from .models import PaperPile


@dataclass(frozen=True)
class PileRow:
    pile: PaperPile
    number: int
    typed: int
    counted: int
    may_confirm: bool
    may_enter: bool


def pile_links(round_):
    """The links of the piles of the round's workshops, as (link id, workshop id) pairs (a
    query, for the round's decision on where answers were given:
    workshops.selectors.workshop_links)."""
    return (
        PaperPile.objects.filter(workshop__round=round_)
        .order_by()
        .values_list("link_id", "workshop_id")
    )


def pile_for_workshop(workshop, public_id) -> PaperPile | None:
    return (
        PaperPile.objects.filter(workshop=workshop, public_id=public_id)
        .select_related("link", "link__round", "workshop__round__area", "created_by")
        .first()
    )


def piles(workshop, membership) -> list[PileRow]:
    """The workshop's piles in the order they were started (two queries)."""
    found = (
        PaperPile.objects.filter(workshop=workshop)
        .select_related("link", "link__round", "link__confirmed_by", "created_by")
        .annotate(
            typed_n=Count(
                "link__shared_responses",
                filter=Q(
                    link__shared_responses__status__in=(
                        ResponseStatus.SUBMITTED,
                        ResponseStatus.HELD,
                    )
                ),
            ),
            counted_n=Count(
                "link__shared_responses",
                filter=Q(link__shared_responses__status=ResponseStatus.SUBMITTED),
            ),
        )
        .order_by("created_at", "id")
    )
    accepting = workshop.round.is_accepting
    rows = []
    for number, pile in enumerate(found, start=1):
        link = pile.link
        rows.append(
            PileRow(
                pile=pile,
                number=number,
                typed=pile.typed_n,
                counted=pile.counted_n,
                may_confirm=shared_links.may_confirm(link, membership),
                may_enter=accepting
                and not link.is_confirmed
                and link.revoked_at is None
                and pile.typed_n < pile.forms,
            )
        )
    return rows
