"""Sending one email of the reminders and recording a batch in the outbox. No address is ever
logged or recorded: the outbox keeps what was sent, when and to how many."""

import logging

from django.utils import timezone

from toolkit.core.email import email_send

from .models import OutboxEntry

logger = logging.getLogger(__name__)

TEMPLATES = "reminders/email/"


def send_one(*, to: str, subject: str, template: str, context: dict) -> bool:
    """Send one email as text and HTML (reminders/email/<template>.txt and .html). Returns
    whether the mail server took it; a failure is logged without the address."""
    try:
        email_send(
            to=to,
            subject=subject,
            template_name=f"{TEMPLATES}{template}.txt",
            html_template_name=f"{TEMPLATES}{template}.html",
            context={**context, "subject": subject},
        )
    except OSError:
        logger.warning("A %s email could not be sent", template)
        return False
    return True


def outbox_record(
    area,
    *,
    kind: str,
    subject: str,
    sent: int,
    failed: int = 0,
    about: str = "",
    side: str = "",
    round_=None,
) -> OutboxEntry | None:
    if not sent and not failed:
        return None
    return OutboxEntry.objects.create(
        area=area,
        kind=kind,
        sent_at=timezone.now(),
        subject=subject[:200],
        about=about[:200],
        side=side,
        round=round_,
        recipients=sent,
        failed=failed,
    )
