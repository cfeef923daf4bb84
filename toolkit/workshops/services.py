"""Writing workshops: making one, letting people join, the agenda, stepping through it, what
was said and agreed, targets, and turning an agreed point into an action. Each function runs
in one transaction. Views check who may call them (areas.permissions.area_view)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from toolkit.actions import services as action_services
from toolkit.actions.models import Action, ActionSource
from toolkit.areas.models import Side
from toolkit.mapping import scoring as mapping_scoring
from toolkit.rounds import services as round_services
from toolkit.rounds import shared_links
from toolkit.rounds.models import LinkKind, RespondentLink, Round, RoundStatus

from .models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    AgendaItem,
    ItemKind,
    TargetBand,
    Workshop,
    WorkshopStatus,
)
from .selectors import AddChoices, RoomResults, Suggested, agenda_suggestions


class WorkshopError(Exception):
    """Why something cannot be done to a workshop, in words for the person."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- the workshop ---------------------------------------------------------------------------


def workshop_create(
    *,
    area,
    round_: Round,
    title: str,
    held_on: datetime.date,
    facilitator,
    council_people: int,
    vcs_people: int,
    created_by,
) -> Workshop:
    if round_.area_id != area.pk:
        raise WorkshopError("Choose a round of this area.", "round")
    with transaction.atomic():
        return Workshop.objects.create(
            area=area,
            round=round_,
            title=title.strip(),
            held_on=held_on,
            facilitator=facilitator,
            council_people=council_people,
            vcs_people=vcs_people,
            created_by=created_by,
        )


def join_code_new() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def join_code_normalise(text: str) -> str:
    """What someone typed, as a code: capitals, without the spaces and dashes people add.
    Returns "" when it cannot be a code (so it is never looked up)."""
    code = "".join(ch for ch in (text or "").upper() if ch not in " -\t")
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        return ""
    return code


def _usable(link: RespondentLink | None) -> bool:
    return link is not None and link.revoked_at is None


def workshop_joining_open(workshop: Workshop, *, membership) -> Workshop:
    """Let people join by code: a shared link for each side, made for the number of people
    stated (ADR 7: its answers count once a facilitator of the other side confirms it, and no
    more of them than that), and a join code unique among the workshops taking place."""
    round_ = workshop.round
    if workshop.is_finished:
        raise WorkshopError("This workshop has finished.")
    if not round_.is_accepting:
        raise WorkshopError(
            "The round is not taking answers, so people cannot join to answer it. "
            "Open the round first, or hold the workshop on its results only."
        )
    label = f"Workshop: {workshop.title}"[:100]
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        links = {}
        for side, current, people in (
            (Side.COUNCIL, locked.council_link, locked.council_people),
            (Side.VCS, locked.vcs_link, locked.vcs_people),
        ):
            if _usable(current):
                links[side] = current
                continue
            links[side] = round_services.respondent_link_create(
                round_=round_,
                side=side,
                kind=LinkKind.SIDE,
                label=label,
                size=people,
                created_by=membership.user,
                made_by_side=membership.side or "",
            ).link
        locked.council_link, locked.vcs_link = links[Side.COUNCIL], links[Side.VCS]
        locked.status = WorkshopStatus.LIVE
        locked.save(update_fields=["council_link", "vcs_link", "status", "updated_at"])
        if not locked.join_code:
            _code_assign(locked)
    workshop.refresh_from_db()
    return workshop


def _code_assign(workshop: Workshop, attempts: int = 20) -> None:
    for _ in range(attempts):
        try:
            with transaction.atomic():
                Workshop.objects.filter(pk=workshop.pk).update(join_code=join_code_new())
            return
        except IntegrityError:
            continue  # taken by another live workshop: draw again
    raise WorkshopError("No join code could be made. Try again.")


def workshop_finish(workshop: Workshop) -> Workshop:
    """The workshop is over: its code is freed and its links withdrawn, so nobody can join
    or answer through them any more. Its agenda, notes and targets stay."""
    with transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(
            status=WorkshopStatus.FINISHED, join_code=None
        )
        for link in (workshop.council_link, workshop.vcs_link):
            if link is not None:
                round_services.respondent_link_revoke(link)
    workshop.refresh_from_db()
    return workshop


def workshop_links_awaiting(workshop: Workshop, membership) -> list[RespondentLink]:
    """The workshop's links this facilitator may confirm now (rounds.shared_links.may_confirm)."""
    return [
        link
        for link in (workshop.council_link, workshop.vcs_link)
        if link is not None and shared_links.may_confirm(link, membership)
    ]


def workshop_links_confirm(workshop: Workshop, *, membership) -> int:
    """Confirm the workshop's shared links as the other side's facilitator, through the
    rounds' own confirmation (the one rule of ADR 7). Returns how many links were confirmed."""
    links = workshop_links_awaiting(workshop, membership)
    if not links:
        raise WorkshopError(
            "Only a facilitator of the side that did not make the workshop's links can "
            "confirm them, while they are waiting."
        )
    for link in links:
        shared_links.respondent_link_confirm(link, membership=membership)
    return len(links)


def workshop_join(
    workshop: Workshop, side: str, *, respondent_name: str = "", organisation: str = ""
) -> round_services.StartedResponse:
    """Someone in the room starts answering the round for their side, through the workshop's
    shared link for that side (rounds.services: the same response as through the link)."""
    link = workshop.council_link if side == Side.COUNCIL else workshop.vcs_link
    if not workshop.is_live or link is None or side not in Side.values:
        raise WorkshopError("This workshop is not taking answers now.")
    try:
        return round_services.response_start_through_shared_link(
            link, respondent_name=respondent_name, organisation=organisation
        )
    except round_services.RoundError as error:
        raise WorkshopError(error.message) from error


# --- the agenda ---------------------------------------------------------------------------


def _next_position(workshop: Workshop) -> int:
    return (
        AgendaItem.objects.filter(workshop=workshop).aggregate(top=Max("position"))["top"] or 0
    ) + 1


def _key(item: AgendaItem) -> tuple:
    return (item.kind, item.relationship_id, item.element_slug, item.barrier_slug)


def agenda_build(workshop: Workshop, results: RoomResults) -> int:
    """Add what the round's decided results put forward (selectors.agenda_suggestions) and
    is not on the agenda yet, after what is there. Returns how many items were added."""
    suggestions = agenda_suggestions(results)
    with transaction.atomic():
        Workshop.objects.select_for_update().get(pk=workshop.pk)
        present = {_key(i) for i in AgendaItem.objects.filter(workshop=workshop)}
        position = _next_position(workshop)
        added = 0
        for suggestion in suggestions:
            if suggestion.key in present:
                continue
            _item_create(workshop, suggestion, position)
            present.add(suggestion.key)
            position += 1
            added += 1
    return added


def _item_create(workshop: Workshop, suggestion: Suggested, position: int) -> AgendaItem:
    return AgendaItem.objects.create(
        workshop=workshop,
        position=position,
        kind=suggestion.kind,
        # a suggestion names the round's relationship as listed in its results (its pk)
        relationship_id=getattr(suggestion.relationship, "pk", None),
        element_slug=suggestion.element_slug,
        barrier_slug=suggestion.barrier_slug,
        title=suggestion.title[:200],
        reason=suggestion.reason[:200],
    )


def agenda_item_add(
    workshop: Workshop, *, kind: str, value: str, choices: AddChoices
) -> AgendaItem:
    """Add one item by hand, at the end: a relationship the round covers, or a key element or
    barrier of the round's framework version (`choices`: selectors.add_choices)."""
    options = {
        ItemKind.RELATIONSHIP: choices.relationships,
        ItemKind.ELEMENT: choices.elements,
        ItemKind.BARRIER: choices.barriers,
    }.get(kind)
    chosen = next((c for c in options or [] if c.value == value), None)
    if chosen is None:
        raise WorkshopError("Choose something this round asked about.", "value")
    suggestion = Suggested(kind, chosen.label, "Added by the facilitator")
    if kind == ItemKind.RELATIONSHIP:
        from toolkit.register.models import Relationship

        relationship = Relationship.objects.get(area=workshop.area, public_id=value)
        suggestion = Suggested(kind, chosen.label, suggestion.reason, relationship)
    elif kind == ItemKind.ELEMENT:
        suggestion = Suggested(kind, chosen.label, suggestion.reason, element_slug=value)
    else:
        suggestion = Suggested(kind, chosen.label, suggestion.reason, barrier_slug=value)
    with transaction.atomic():
        Workshop.objects.select_for_update().get(pk=workshop.pk)
        present = {_key(i) for i in AgendaItem.objects.filter(workshop=workshop)}
        if suggestion.key in present:
            raise WorkshopError(f"“{chosen.label}” is already on the agenda.", "value")
        return _item_create(workshop, suggestion, _next_position(workshop))


def _renumber(workshop: Workshop) -> list[AgendaItem]:
    items = list(AgendaItem.objects.filter(workshop=workshop).order_by("position", "created_at"))
    for number, item in enumerate(items, start=1):
        if item.position != number:
            AgendaItem.objects.filter(pk=item.pk).update(position=number)
            item.position = number
    return items


def agenda_item_move(item: AgendaItem, direction: str) -> None:
    """Swap an item with the one before ("up") or after ("down") it."""
    with transaction.atomic():
        Workshop.objects.select_for_update().get(pk=item.workshop_id)
        items = _renumber(item.workshop)
        index = next(i for i, it in enumerate(items) if it.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if direction not in ("up", "down") or not 0 <= other < len(items):
            return
        a, b = items[index], items[other]
        AgendaItem.objects.filter(pk=a.pk).update(position=b.position)
        AgendaItem.objects.filter(pk=b.pk).update(position=a.position)


def agenda_item_remove(item: AgendaItem) -> None:
    """Take an item off the agenda. An item that an action was made from stays: the action
    keeps its context through it."""
    if Action.objects.filter(workshop_item=item).exists():
        raise WorkshopError(
            "An action was agreed from this item, so it stays on the agenda as its record."
        )
    with transaction.atomic():
        Workshop.objects.select_for_update().get(pk=item.workshop_id)
        item.delete()
        items = _renumber(item.workshop)
        Workshop.objects.filter(pk=item.workshop_id, position__gt=len(items)).update(
            position=len(items)
        )


# --- in the room --------------------------------------------------------------------------


def workshop_step(workshop: Workshop, to: str) -> int:
    """Move the wall to the next or previous agenda item (0 is the join screen), or to a
    numbered one. Returns the new position. Past either end it stays where it is, writing
    nothing: a step the room did not see is not an error."""
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        last = AgendaItem.objects.filter(workshop=locked).count()
        if to == "next":
            position = locked.position + 1
        elif to == "previous":
            position = locked.position - 1
        else:
            try:
                position = int(to)
            except (TypeError, ValueError):
                position = locked.position
        position = max(0, min(last, position))
        if position != locked.position:
            Workshop.objects.filter(pk=locked.pk).update(position=position)
    workshop.position = position
    return position


def workshop_reveal(workshop: Workshop) -> None:
    """Show the room the round's figures (as its results pages show them)."""
    if workshop.round.status == RoundStatus.DRAFT:
        raise WorkshopError("The round has not opened, so it has no results to show.")
    now = timezone.now()
    # updated_at records the last reveal; the wall itself follows its figures as they change
    # (ADR 29).
    Workshop.objects.filter(pk=workshop.pk).update(revealed=True, updated_at=now)
    workshop.revealed, workshop.updated_at = True, now


@dataclass
class ItemRecord:
    said: str = ""
    agreed: str = ""
    target_strategic: Decimal | None = None
    target_proactive: Decimal | None = None
    target_band: str = ""


def agenda_item_problems(item: AgendaItem, record: ItemRecord) -> list[tuple[str, str]]:
    """(field, message) for each rule the record breaks; empty when it can be saved. A
    relationship's target is a point on the strategic map (both axes, 1 to 5); an element's
    is a band to reach; barriers have no target."""
    problems = []
    axes = (record.target_strategic, record.target_proactive)
    if any(v is not None for v in axes):
        if item.kind != ItemKind.RELATIONSHIP:
            problems.append(("target_strategic", "Only a relationship has a place on the map"))
        elif None in axes:
            missing = "target_proactive" if record.target_proactive is None else "target_strategic"
            problems.append((missing, "Enter where both sides want it on both axes, or neither"))
        for name, value in zip(("target_strategic", "target_proactive"), axes, strict=True):
            if value is not None and not 1 <= value <= 5:
                problems.append((name, "Enter a number from 1 to 5, like 4 or 3.5"))
    if record.target_band:
        if item.kind != ItemKind.ELEMENT:
            problems.append(("target_band", "Only a key element has a band to reach"))
        elif record.target_band not in TargetBand.values:
            problems.append(("target_band", "Choose the band both sides want it to reach"))
    return problems


def agenda_item_record(item: AgendaItem, record: ItemRecord) -> AgendaItem:
    """Save what was said, what was agreed and the target."""
    problems = agenda_item_problems(item, record)
    if problems:
        field, message = problems[0]
        raise WorkshopError(message, field)
    with transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(
            said=record.said.strip(),
            agreed=record.agreed.strip(),
            target_strategic=record.target_strategic,
            target_proactive=record.target_proactive,
            target_band=record.target_band,
            updated_at=timezone.now(),
        )
    item.refresh_from_db()
    return item


def item_has_gap(item: AgendaItem, results: RoomResults) -> bool:
    """Do the shown figures put the two sides apart on this item?"""
    if item.kind == ItemKind.RELATIONSHIP and item.relationship_id:
        found = results.relationship(item.relationship_id)
        if found is None:
            return False
        gap = mapping_scoring.position_gap(
            found.positions.get(mapping_scoring.COUNCIL), found.positions.get(mapping_scoring.VCS)
        )
        return bool(gap and any(d for d in gap.differences.values() if d))
    if item.kind == ItemKind.ELEMENT:
        row = results.element(item.element_slug)
        return bool(row is not None and row.gap)
    return False


def agenda_item_action_create(
    item: AgendaItem,
    *,
    title: str,
    council_owner,
    vcs_owner,
    due_on: datetime.date | None,
    user,
    results: RoomResults,
) -> Action:
    """An agreed point becomes an action in one step, with an owner on each side. It carries
    its context as data, not as pasted text: the relationship, key element or barrier, whether
    the sides' figures are apart, what was agreed, and a link back to this item (its notes,
    target and figures)."""
    workshop = item.workshop
    data = action_services.ActionData(
        title=title.strip(),
        what_will_change=item.agreed,
        relationship=item.relationship,
        element_slug=item.element_slug,
        barrier_slug=item.barrier_slug,
        answers_gap=item_has_gap(item, results),
        council_owner=council_owner,
        vcs_owner=vcs_owner,
        due_on=due_on,
    )
    problems = action_services.action_problems(workshop.area, data)
    if not council_owner:
        problems.append(("council_owner", "Select who owns it on the council side"))
    if not vcs_owner:
        problems.append(("vcs_owner", "Select who owns it on the sector side"))
    if problems:
        field, message = problems[0]
        raise WorkshopError(message, field)
    return action_services.action_create(
        workshop.area, data, user=user, source=ActionSource.WORKSHOP, workshop_item=item
    )
