"""Demo section loader for reminders and open progress: Eastmere's public progress page,
published by both facilitators, and an outbox of emails the service would have sent. Every
entry is fictional, and no address is stored (the outbox never holds one). Loading again
creates nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from toolkit.areas.models import Membership, Role, Side
from toolkit.progress import services as progress_services
from toolkit.progress.models import PublicationStatus, PublicProgress
from toolkit.reminders.models import OutboxEntry, OutboxKind
from toolkit.rounds.models import Round, RoundStatus

from .context import DemoContext

# (days ago, kind, side, recipients, subject); a round's name replaces {round}.
OUTBOX = [
    (40, OutboxKind.LINKS, Side.VCS, 14, "Your invitation to answer: {round}"),
    (33, OutboxKind.LINK_REMINDER, Side.VCS, 6, "Reminder 1 of 2: {round}"),
    (28, OutboxKind.LINK_REMINDER, Side.VCS, 3, "Reminder 2 of 2: {round}"),
    (9, OutboxKind.ACTION_DUE, "", 2, "Due soon: an action in the joint plan"),
    (7, OutboxKind.DIGEST, "", 3, "What changed this week in Eastmere's action plan"),
]


def between_load(data: dict[str, Any], ctx: DemoContext) -> None:
    area = ctx.area
    made = 0
    if not PublicProgress.objects.filter(area=area, status=PublicationStatus.PUBLISHED).exists():
        facilitators = {
            m.role: m
            for m in Membership.objects.filter(
                area=area, role__in=[Role.FACILITATOR_COUNCIL, Role.FACILITATOR_VCS]
            ).select_related("user")
        }
        council = facilitators.get(Role.FACILITATOR_COUNCIL)
        vcs = facilitators.get(Role.FACILITATOR_VCS)
        if council and vcs:
            if not PublicProgress.objects.filter(
                area=area, status=PublicationStatus.PROPOSED
            ).exists():
                progress_services.progress_propose(area, council)
            progress_services.progress_confirm(area, vcs)
            made += 1
    if not OutboxEntry.objects.filter(area=area).exists():
        round_ = (
            Round.objects.filter(area=area, status=RoundStatus.CLOSED)
            .order_by("-closed_at")
            .first()
        )
        name = round_.name if round_ else "the latest round"
        now = timezone.now()
        OutboxEntry.objects.bulk_create(
            OutboxEntry(
                area=area,
                kind=kind,
                side=side,
                recipients=recipients,
                sent_at=now - datetime.timedelta(days=days),
                subject=subject.format(round=name),
                about=name if side else "",
                round=round_ if side else None,
            )
            for days, kind, side, recipients, subject in OUTBOX
        )
        made += len(OUTBOX)
    ctx.created["open_progress_and_outbox"] += made
    ctx.note("open progress and outbox", made, 1 + len(OUTBOX))
