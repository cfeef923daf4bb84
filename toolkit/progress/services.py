"""Publishing an area's progress page: both sides agree, either withdraws. Each function is
one transaction on the area's row."""

from django.db import transaction
from django.utils import timezone

from .models import PublicationStatus, PublicProgress


class PublishError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_facilitator(membership) -> None:
    if not membership.is_facilitator or membership.side is None:
        raise PublishError("Only the area's facilitators can publish or withdraw the page.")


def progress_propose(area, membership) -> PublicProgress:
    """One side's facilitator proposes publishing; nothing is public until the other side's
    facilitator confirms."""
    _check_facilitator(membership)
    with transaction.atomic():
        row = PublicProgress.objects.select_for_update().filter(area=area).first()
        if row is not None and row.status != PublicationStatus.WITHDRAWN:
            raise PublishError("Publishing the page has already been proposed.")
        row = row or PublicProgress(area=area)
        row.status = PublicationStatus.PROPOSED
        row.proposed_by = membership.user
        row.proposed_side = membership.side
        row.proposed_at = timezone.now()
        row.confirmed_by = row.published_at = row.withdrawn_by = row.withdrawn_at = None
        row.save()
    return row


def may_confirm(row: PublicProgress | None, membership) -> bool:
    return (
        row is not None
        and row.is_proposed
        and membership.is_facilitator
        and membership.side is not None
        and membership.side != row.proposed_side
    )


def progress_confirm(area, membership) -> PublicProgress:
    """The other side's facilitator agrees: the page is public from now on."""
    _check_facilitator(membership)
    with transaction.atomic():
        row = PublicProgress.objects.select_for_update().filter(area=area).first()
        if not may_confirm(row, membership):
            raise PublishError(
                "Only a facilitator of the other side can confirm a proposal to publish."
            )
        row.status = PublicationStatus.PUBLISHED
        row.confirmed_by = membership.user
        row.published_at = timezone.now()
        row.save()
    return row


def progress_withdraw(area, membership) -> PublicProgress:
    """Either side's facilitator takes the page down (or the proposal back), at once."""
    _check_facilitator(membership)
    with transaction.atomic():
        row = PublicProgress.objects.select_for_update().filter(area=area).first()
        if row is None or row.status == PublicationStatus.WITHDRAWN:
            raise PublishError("The page is not published or proposed.")
        row.status = PublicationStatus.WITHDRAWN
        row.withdrawn_by = membership.user
        row.withdrawn_at = timezone.now()
        row.save()
    return row
