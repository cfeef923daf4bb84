"""The reminders' run (the worker's task, queued daily by `manage.py send_reminders`) and a
person's choice of emails."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import EmailPreference
from .owners import action_notices_send, digests_send
from .respondents import link_addresses_purge, link_reminders_send


@dataclass(frozen=True)
class RunResult:
    addresses_deleted: int
    link_reminders: int
    action_emails: int
    digests: int


def reminders_run(today: datetime.date | None = None) -> RunResult:
    """Everything due today, each email at most once (each is claimed before it is sent): safe
    to run again, or twice at once."""
    today = today or timezone.localdate()
    return RunResult(
        addresses_deleted=link_addresses_purge(today),
        link_reminders=link_reminders_send(today),
        action_emails=action_notices_send(today),
        digests=digests_send(today),
    )


def email_preference_for(user) -> EmailPreference:
    """The person's choices; both on when they have never changed them (not saved)."""
    return EmailPreference.objects.filter(user=user).first() or EmailPreference(user=user)


def email_preference_set(user, *, action_emails: bool, weekly_digest: bool) -> EmailPreference:
    preference, _ = EmailPreference.objects.update_or_create(
        user=user, defaults={"action_emails": action_emails, "weekly_digest": weekly_digest}
    )
    return preference
