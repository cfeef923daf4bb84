"""Emails to the owners of actions: when an action is due (within a week) or overdue, once
for each due date, and a weekly digest of what changed in the area's action plan. Each is
claimed by a `Notice` with a unique key before it is sent, so that no run, and no second
worker, sends it twice. Each person can turn either off (`EmailPreference`)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse

from toolkit.actions.models import OPEN_STATUSES, PLAN_EVENT_KINDS, Action, PlanEvent
from toolkit.areas.models import Membership
from toolkit.core.links import absolute_url

from .models import EmailPreference, Notice, OutboxKind
from .sending import outbox_record, send_one

DUE_SOON_DAYS = 7
DIGEST_DAYS = 7


def _claimed(key: str, today: datetime.date) -> bool:
    try:
        with transaction.atomic():
            Notice.objects.create(key=key, sent_on=today)
    except IntegrityError:
        return False
    return True


def _opted_out(field: str) -> set[int]:
    return set(EmailPreference.objects.filter(**{field: False}).values_list("user_id", flat=True))


def _active_members(area_ids) -> dict[int, set[int]]:
    """Area id → ids of users who are active members there (only they are emailed)."""
    members = defaultdict(set)
    rows = Membership.objects.active().filter(area_id__in=area_ids)
    for area_id, user_id in rows.values_list("area_id", "user_id"):
        members[area_id].add(user_id)
    return members


def _owners(action: Action) -> list:
    return [u for u in (action.council_owner, action.vcs_owner) if u is not None and u.email]


def action_notices_send(today: datetime.date) -> int:
    """Every due or overdue email not yet sent. Returns how many were sent."""
    actions = list(
        Action.objects.select_related("area", "council_owner", "vcs_owner")
        .filter(status__in=OPEN_STATUSES, due_on__isnull=False)
        .filter(due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .exclude(area__is_demo=True)
    )
    members = _active_members({a.area_id for a in actions})
    opted_out = _opted_out("action_emails")
    sent_total = 0
    for action in actions:
        overdue = action.due_on < today
        kind = OutboxKind.ACTION_OVERDUE if overdue else OutboxKind.ACTION_DUE
        subject = (
            f"Overdue: {action.title}" if overdue else f"Due {action.due_on:%-d %B}: {action.title}"
        )
        url = absolute_url(reverse("actions:action", args=[action.area.gss_code, action.public_id]))
        sent = failed = 0
        for owner in _owners(action):
            if owner.pk in opted_out or owner.pk not in members[action.area_id]:
                continue
            if not _claimed(f"{kind}:{action.pk}:{action.due_on}:{owner.pk}", today):
                continue
            context = {
                "action": action,
                "area": action.area,
                "owner": owner,
                "url": url,
                "overdue": overdue,
                "settings_url": absolute_url(reverse("reminders-account:preferences")),
            }
            if send_one(to=owner.email, subject=subject, template="action_due", context=context):
                sent += 1
            else:
                failed += 1
        outbox_record(
            action.area, kind=kind, subject=subject, sent=sent, failed=failed, about=action.title
        )
        sent_total += sent
    return sent_total


def digests_send(today: datetime.date) -> int:
    """The weekly digest: on the first run of each ISO week, to every owner of an action in an
    area whose plan changed in the last seven days. Returns how many were sent."""
    year, week, _day = today.isocalendar()
    since = today - datetime.timedelta(days=DIGEST_DAYS)
    events = defaultdict(list)
    for event in (
        PlanEvent.objects.select_related("area", "action")
        .filter(kind__in=PLAN_EVENT_KINDS, at__date__gte=since, at__date__lt=today)
        .exclude(area__is_demo=True)
        .order_by("area_id", "at", "id")
    ):
        events[event.area].append(event)
    if not events:
        return 0
    owners = defaultdict(dict)
    for action in Action.objects.select_related("council_owner", "vcs_owner").filter(
        area__in=list(events)
    ):
        for owner in _owners(action):
            owners[action.area_id][owner.pk] = owner
    members = _active_members([area.pk for area in events])
    opted_out = _opted_out("weekly_digest")
    settings_url = absolute_url(reverse("reminders-account:preferences"))
    sent_total = 0
    for area, area_events in events.items():
        subject = f"What changed this week in {area.name}'s action plan"
        url = absolute_url(reverse("actions:history", args=[area.gss_code]))
        sent = failed = 0
        for user_id, owner in owners[area.pk].items():
            if user_id in opted_out or user_id not in members[area.pk]:
                continue
            if not _claimed(f"digest:{area.pk}:{year}-W{week:02d}:{user_id}", today):
                continue
            context = {
                "area": area,
                "events": area_events,
                "owner": owner,
                "url": url,
                "since": since,
                "settings_url": settings_url,
            }
            if send_one(to=owner.email, subject=subject, template="digest", context=context):
                sent += 1
            else:
                failed += 1
        outbox_record(area, kind=OutboxKind.DIGEST, subject=subject, sent=sent, failed=failed)
        sent_total += sent
    return sent_total
