"""Deleting an area: a facilitator asks (typing the area's name), the area is closed to
everyone but its facilitators for a grace period in which they can cancel, then
`manage.py purge_deleted_areas` deletes it for good, with its uploaded files."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from toolkit.areas.models import FACILITATOR_ROLES, Area, Membership

from .graph import label as graph_label
from .models import AreaDeletion

GRACE_DAYS_DEFAULT = 30
logger = logging.getLogger(__name__)


def grace_days() -> int:
    return int(getattr(settings, "AREA_DELETION_GRACE_DAYS", GRACE_DAYS_DEFAULT))


def confirmation_matches(area: Area, typed: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(area.name.split()).casefold()


def area_deletion_request(area: Area, *, user) -> AreaDeletion:
    """Schedule the deletion; members other than facilitators lose access at once (their
    end dates are kept, to put back on cancelling)."""
    with transaction.atomic():
        existing = AreaDeletion.objects.filter(area=area).first()
        if existing:
            return existing
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        suspended = []
        others = Membership.objects.active().filter(area=area).exclude(role__in=FACILITATOR_ROLES)
        for membership in others.select_for_update():
            suspended.append(
                {
                    "membership": membership.pk,
                    "ends_on": membership.ends_on.isoformat() if membership.ends_on else None,
                }
            )
            membership.ends_on = yesterday
            membership.save(update_fields=["ends_on", "updated_at"])
        return AreaDeletion.objects.create(
            area=area,
            requested_by=user,
            purge_after=timezone.now() + datetime.timedelta(days=grace_days()),
            suspended_memberships=suspended,
        )


def area_deletion_cancel(area: Area) -> bool:
    with transaction.atomic():
        deletion = AreaDeletion.objects.select_for_update().filter(area=area).first()
        if deletion is None:
            return False
        for item in deletion.suspended_memberships:
            ends_on = item["ends_on"]
            Membership.objects.filter(pk=item["membership"], area=area).update(
                ends_on=datetime.date.fromisoformat(ends_on) if ends_on else None
            )
        deletion.delete()
    return True


def _uploads_delete(area: Area) -> int:
    """Files uploaded for the area's imports that are still stored (through the storage API:
    a local directory or S3-compatible storage)."""
    from toolkit.core.imports import staged_folder

    removed = 0
    for folder in (staged_folder(area), f"evidence-uploads/{area.gss_code}"):
        try:
            _dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:  # nothing was ever uploaded
            continue
        # Any other failure propagates: the purge stops before deleting the rows, so the
        # area stays scheduled and the next purge tries again, rather than leaving files.
        for name in files:
            default_storage.delete(f"{folder}/{name}")
            removed += 1
    return removed


def area_rows_delete(area: Area) -> None:
    """Delete every row of the area, children before parents (some keys between area tables
    are PROTECT, such as a relationship's parties, so a single cascade from the area is
    refused)."""
    from .backup import area_querysets

    plan, querysets = area_querysets(area, all_rows=True)
    for model in reversed(plan.models):
        querysets[graph_label(model)].delete()


def area_purge(area: Area) -> None:
    """Delete the area and everything in it, permanently."""
    gss_code = area.gss_code
    # Files first: if the storage fails, the area is still there and the next purge retries.
    removed = _uploads_delete(area)
    with transaction.atomic():
        area_rows_delete(area)
    logger.info("Area %s deleted permanently with %s uploaded files", gss_code, removed)


def areas_due_for_purge(now=None):
    now = now or timezone.now()
    return Area.objects.filter(scheduled_deletion__purge_after__lte=now)


def purge_due(now=None) -> list[str]:
    purged = []
    for area in areas_due_for_purge(now):
        purged.append(area.gss_code)
        area_purge(area)
    return purged
