"""Demo section loader: two past workshops in Eastmere, so that the workshop pages, the targets
on the maps, the record and the distance moved in the next round all have something to show.

- A joint mapping workshop on the spring 2025 mapping round: its agenda built from that round's
  results (the relationships the two sides saw most differently), notes, targets on the map,
  and two actions agreed with an owner on each side. Everyone who answered that round did so
  in the room: the council's people online, through the workshop's own links (made, confirmed
  and withdrawn as a real workshop's would be), the sector's on paper, typed in by the
  council's facilitator as one pile and confirmed by the sector's (toolkit.paper), so the
  workshop's paper page, the round's page and the record all show forms on paper. The spring
  2026 round then shows how far each relationship moved towards its target.
- A principles workshop on the first-year self-assessment: the weakest key elements and the
  barriers named most often, with bands to reach.

Everything said and agreed is made up. Matched on the workshops' titles: loading again
creates nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from toolkit.rounds.models import LinkKind, RespondentLink, Response, ResponseStatus, Round
from toolkit.rounds.tokens import token_hash, token_new

from .context import DemoContext

COUNCIL_FACILITATOR = "facilitator@eastmere.example.org"
VCS_FACILITATOR = "cvs@eastmere.example.org"
MAPPING_ROUND = "Relationship mapping, spring 2025"
PRINCIPLES_ROUND = "Principles self-assessment (first year)"

# For the agenda items in order: what was said, what was agreed, a target (strategic,
# proactive) and whether an action was agreed.
MAPPING_NOTES = [
    (
        "The council sees this as its main strategic forum; the sector's members said the "
        "agenda arrives fixed and decisions are made before the meeting.",
        "Set the agenda together: the CVS co-chairs and proposes half the items.",
        (Decimal("4.5"), Decimal("4.5")),
        "Co-chair the board and set its agenda together",
    ),
    (
        "Both sides agree the contract works day to day, but nobody talks about what it is "
        "for until it is re-tendered.",
        "Hold a joint review six months before each renewal.",
        (Decimal("4.0"), Decimal("4.0")),
        "Joint review six months before each contract renewal",
    ),
    (
        "The sector values the forum; council officers rarely attend, so it feels one-sided.",
        "A named council officer attends every other meeting.",
        None,
        None,
    ),
]
PRINCIPLES_NOTES = [
    (
        "Small groups cannot give time in working hours; the council assumes they can.",
        "Fund cover for volunteers' time on joint boards.",
        "borderline",
    ),
    (
        "Funding comes in short grants with heavy reporting.",
        "Move the three largest grants to three-year agreements.",
        "strength",
    ),
]


def workshops_load(data: dict[str, Any], ctx: DemoContext) -> None:
    from toolkit.workshops.models import Workshop

    made = 0
    specs = (
        ("Joint mapping workshop, April 2025", MAPPING_ROUND, _mapping_notes, "vcs"),
        ("Principles workshop, first year", PRINCIPLES_ROUND, _principles_notes, None),
    )
    for title, round_name, notes, paper_side in specs:
        round_ = Round.objects.filter(area=ctx.area, name=round_name).first()
        if round_ is None or Workshop.objects.filter(area=ctx.area, title=title).exists():
            continue
        # Three weeks after the round closed, when its results were in.
        held_on = (round_.closed_at or timezone.now()).date() + datetime.timedelta(days=21)
        workshop = _workshop_make(ctx, round_, title, held_on)
        if paper_side:
            _paper_pile(ctx, workshop, paper_side)
        notes(ctx, workshop)
        made += 1
    ctx.created["workshops"] += made
    ctx.note("workshops", made, len(specs))


def _workshop_make(ctx: DemoContext, round_: Round, title: str, held_on: datetime.date):
    from toolkit.workshops import selectors, services
    from toolkit.workshops.models import Workshop, WorkshopStatus

    council = ctx.users.get(COUNCIL_FACILITATOR)
    vcs = ctx.users.get(VCS_FACILITATOR)
    counted = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED)
    links = {}
    for side in ("council", "vcs"):
        people = max(2, counted.filter(side=side).count())
        links[side] = RespondentLink.objects.create(
            round=round_,
            side=side,
            kind=LinkKind.SIDE,
            label=f"Workshop: {title}"[:100],
            token_digest=token_hash(token_new()),
            size=people,
            made_by_side="council",
            confirmed_by=vcs,
            confirmed_at=timezone.now(),
            revoked_at=timezone.now(),
            created_by=council,
        )
        # Everyone who answered did so in the room, through the workshop's link.
        counted.filter(side=side).update(shared_link=links[side])
    workshop = Workshop.objects.create(
        area=ctx.area,
        round=round_,
        title=title,
        held_on=held_on,
        facilitator=council,
        status=WorkshopStatus.FINISHED,
        council_people=links["council"].size,
        vcs_people=links["vcs"].size,
        council_link=links["council"],
        vcs_link=links["vcs"],
        revealed=True,
        created_by=council,
    )
    services.agenda_build(workshop, selectors.room_results(workshop))
    return workshop


def _paper_pile(ctx: DemoContext, workshop, side: str) -> None:
    """One side's answers came on paper: one pile, typed in by the council's facilitator and
    confirmed by the sector's (ADR 19's two keys), its forms marked on paper."""
    from toolkit.paper.models import PaperPile

    council = ctx.users.get(COUNCIL_FACILITATOR)
    forms = Response.objects.filter(
        round=workshop.round, status=ResponseStatus.SUBMITTED, side=side
    )
    count = forms.count()
    if not count:
        return
    link = RespondentLink.objects.create(
        round=workshop.round,
        side=side,
        kind=LinkKind.SIDE,
        label=f"Paper forms, {workshop.title}"[:100],
        token_digest=token_hash(token_new()),  # thrown away, as for every pile
        size=max(2, count),
        made_by_side="council",
        confirmed_by=ctx.users.get(VCS_FACILITATOR),
        confirmed_at=timezone.now(),
        created_by=council,
    )
    PaperPile.objects.create(
        workshop=workshop, side=side, link=link, forms=count, created_by=council
    )
    forms.update(shared_link=link, on_paper=True)


def _mapping_notes(ctx: DemoContext, workshop) -> None:
    from toolkit.workshops import selectors, services

    results = selectors.room_results(workshop)
    for item, (said, agreed, target, action) in zip(
        selectors.agenda(workshop), MAPPING_NOTES, strict=False
    ):
        strategic, proactive = target if target else (None, None)
        services.agenda_item_record(
            item,
            services.ItemRecord(
                said=said, agreed=agreed, target_strategic=strategic, target_proactive=proactive
            ),
        )
        if action:
            _action(ctx, item, action, results)


def _principles_notes(ctx: DemoContext, workshop) -> None:
    from toolkit.workshops import selectors, services

    elements = [i for i in selectors.agenda(workshop) if i.element_slug]
    for item, (said, agreed, band) in zip(elements, PRINCIPLES_NOTES, strict=False):
        services.agenda_item_record(
            item, services.ItemRecord(said=said, agreed=agreed, target_band=band)
        )


def _action(ctx: DemoContext, item, title: str, results) -> None:
    from toolkit.workshops import services

    item.refresh_from_db()
    services.agenda_item_action_create(
        item,
        title=title,
        council_owner=ctx.users.get(COUNCIL_FACILITATOR),
        vcs_owner=ctx.users.get(VCS_FACILITATOR),
        due_on=ctx.today + datetime.timedelta(days=120),
        user=ctx.users.get(COUNCIL_FACILITATOR),
        results=results,
    )
