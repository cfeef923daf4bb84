"""Confirming a shared link (ADR 7): a link answered by several people counts only once a
facilitator of the other side confirms it, and then no more answers than its size, so that one
side cannot unseal a round with answers it wrote itself."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import RespondentLink, Response, ResponseStatus, RoundStatus
from .selectors import counted_through
from .services import RoundError


def may_confirm(link: RespondentLink, membership) -> bool:
    """A shared link is confirmed by a facilitator of the side other than the one whose
    facilitator made it (any facilitator when it was made outside an area), while the link
    and its round are still open."""
    return (
        link.is_shared
        and not link.is_confirmed
        and link.revoked_at is None
        and link.round.status != RoundStatus.CLOSED
        and membership.is_facilitator
        and membership.side is not None
        and membership.side != link.made_by_side
    )


def respondent_link_confirm(link: RespondentLink, *, membership) -> int:
    """Confirm a shared link for the other side's facilitator: from now on its answers count,
    up to its size. Answers already held back through it are counted at once, up to the size,
    chosen by their random public id (never by the order they came in). Returns how many were
    counted."""
    if not may_confirm(link, membership):
        raise RoundError(
            "not_yours",
            "Only a facilitator of the other side can confirm this link, while it and its "
            "round are open.",
        )
    with transaction.atomic():
        locked = RespondentLink.objects.select_for_update().get(pk=link.pk)
        if locked.is_confirmed:
            return 0
        # update(), not save(): no other field of the link changes.
        RespondentLink.objects.filter(pk=locked.pk).update(
            confirmed_by=membership.user, confirmed_at=timezone.now()
        )
        room = locked.size - counted_through(locked)
        held = list(
            Response.objects.filter(shared_link=locked, status=ResponseStatus.HELD)
            .order_by("public_id")
            .values_list("pk", flat=True)[: max(room, 0)]
        )
        Response.objects.filter(pk__in=held).update(status=ResponseStatus.SUBMITTED)
    link.refresh_from_db()
    return len(held)
