"""Personal links sent to an address, and up to two reminders before the round closes.

The address is kept only while it can still be needed: with a closing date to remind before,
while the link is unused and not withdrawn and the round open. It is deleted when the
respondent sends their answers (`link_address_forget`, inside the submitting transaction) and
at every run for links withdrawn or rounds closed. So nothing kept says who has answered, and
facilitators see only how many of a side's emailed links are still unanswered, and only where
the side was sent enough links that the count cannot point at one person (the round's
threshold, docs/adr/0020)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from toolkit.areas.models import Side
from toolkit.core.sending_limits import sending_check
from toolkit.disclosure.rules import effective_threshold
from toolkit.rounds import services as round_services
from toolkit.rounds.models import LinkKind, Round, RoundStatus

from .models import LinkAddress, OutboxEntry, OutboxKind
from .sending import outbox_record, send_one

# Days before the closing date on which the first and the second reminder are due.
REMINDER_DAYS_BEFORE = (7, 2)
MAX_ADDRESSES = 200
LINK_LABEL = "Sent by email"


class AddressError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def addresses_parse(text: str) -> list[str]:
    """One address a line (or separated by commas or spaces), each once, checked."""
    found, bad = [], []
    for word in text.replace(",", " ").replace(";", " ").split():
        address = word.strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            bad.append(word)
            continue
        if address not in found:
            found.append(address)
    if bad:
        raise AddressError(
            f"{len(bad)} of the addresses {'is' if len(bad) == 1 else 'are'} not an email "
            "address. Check each line has one address, like name@example.org."
        )
    if not found:
        raise AddressError("Enter at least one email address.")
    if len(found) > MAX_ADDRESSES:
        raise AddressError(f"Enter at most {MAX_ADDRESSES} addresses at a time.")
    return found


@dataclass(frozen=True)
class LinksSent:
    sent: int
    failed: int
    reminders: bool  # whether reminders will follow (the round has a closing date)


def personal_links_email(
    round_: Round, *, side: str, addresses: list[str], membership, request=None
) -> LinksSent:
    """Make one personal link for each address and email it there. Each link is its own
    transaction and each email is sent outside any (docs/adr/0014). A link whose email the
    mail server refuses is withdrawn at once, so no link is left that nobody received."""
    if round_.status == RoundStatus.CLOSED:
        raise AddressError("This round has closed, so no more links can be sent.")
    if side not in Side.values:
        raise AddressError("Choose a side.")
    # All or none: SendingLimited says so before any link is made.
    sending_check("personal-links", area=round_.area, sender=membership.user, count=len(addresses))
    reminders = round_.closes_on is not None
    subject = f"Your invitation to answer: {round_.name}"
    sent = failed = 0
    for address in addresses:
        created = round_services.respondent_link_create(
            round_=round_,
            side=side,
            kind=LinkKind.PERSONAL,
            label=LINK_LABEL,
            created_by=membership.user,
            made_by_side=membership.side or "",
        )
        context = {"round": round_, "area": round_.area, "url": created.url_for(request)}
        if send_one(to=address, subject=subject, template="personal_link", context=context):
            sent += 1
            if reminders:
                LinkAddress.objects.create(
                    link=created.link, email=address, last_sent_on=timezone.localdate()
                )
        else:
            failed += 1
            round_services.respondent_link_revoke(created.link)
    outbox_record(
        round_.area,
        kind=OutboxKind.LINKS,
        subject=subject,
        sent=sent,
        failed=failed,
        about=round_.name,
        side=side,
        round_=round_,
    )
    return LinksSent(sent, failed, reminders)


def link_address_forget(sender=None, *, link_id: int, **kwargs) -> None:
    """The link has been used: its address goes (rounds.signals.personal_link_used)."""
    LinkAddress.objects.filter(link_id=link_id).delete()


def link_addresses_purge(today: datetime.date) -> int:
    """Addresses no longer needed: the link used or withdrawn, the round not open or past its
    closing date. (After the last reminder the address itself is blanked at once.)"""
    deleted, _ = LinkAddress.objects.filter(
        Q(link__used=True)
        | Q(link__revoked_at__isnull=False)
        | ~Q(link__round__status=RoundStatus.OPEN)
        | Q(link__round__closes_on__isnull=True)
        | Q(link__round__closes_on__lt=today)
    ).delete()
    return deleted


def _reminder_due(address: LinkAddress, today: datetime.date) -> bool:
    number = address.reminders_sent  # 0 for the first reminder
    if number >= len(REMINDER_DAYS_BEFORE) or address.last_sent_on >= today:
        return False
    closes_on = address.link.round.closes_on
    return closes_on - datetime.timedelta(days=REMINDER_DAYS_BEFORE[number]) <= today <= closes_on


def _claim(address: LinkAddress, today: datetime.date) -> bool:
    """Take this reminder for this run: only one run can move the count on, so a reminder is
    never sent twice, even by two workers at once."""
    return bool(
        LinkAddress.objects.filter(
            pk=address.pk,
            reminders_sent=address.reminders_sent,
            last_sent_on=address.last_sent_on,
        ).update(reminders_sent=address.reminders_sent + 1, last_sent_on=today)
    )


def _address_blank_after_last(address: LinkAddress) -> None:
    """The last reminder is sent: the address is no longer needed. The row stays, without it,
    until the link is used or the round closes, only to be counted as unanswered."""
    if address.reminders_sent + 1 >= len(REMINDER_DAYS_BEFORE):
        LinkAddress.objects.filter(pk=address.pk).update(email="")


def link_reminders_send(today: datetime.date) -> int:
    """Send every reminder due today. Returns how many were sent."""
    waiting = (
        LinkAddress.objects.select_related("link__round__area")
        .filter(
            link__used=False,
            link__revoked_at__isnull=True,
            link__round__status=RoundStatus.OPEN,
            link__round__closes_on__gte=today,
            reminders_sent__lt=len(REMINDER_DAYS_BEFORE),
            last_sent_on__lt=today,
        )
        .exclude(email="")
    )
    batches: dict[tuple, list[int]] = {}
    for address in waiting:
        if not _reminder_due(address, today):
            continue
        number = address.reminders_sent + 1
        round_ = address.link.round
        if not _claim(address, today):
            continue
        subject = f"Reminder: {round_.name} closes on {round_.closes_on:%-d %B %Y}"
        context = {"round": round_, "area": round_.area, "number": number}
        ok = send_one(to=address.email, subject=subject, template="link_reminder", context=context)
        _address_blank_after_last(address)
        batch = batches.setdefault((round_, address.link.side, number), [0, 0])
        batch[0 if ok else 1] += 1
    for (round_, side, number), (sent, failed) in batches.items():
        with transaction.atomic():
            outbox_record(
                round_.area,
                kind=OutboxKind.LINK_REMINDER,
                subject=f"Reminder {number} of {len(REMINDER_DAYS_BEFORE)}: {round_.name}",
                sent=sent,
                failed=failed,
                about=round_.name,
                side=side,
                round_=round_,
            )
    return sum(sent for sent, _failed in batches.values())


@dataclass(frozen=True)
class Unanswered:
    side: str
    side_label: str
    emailed: int  # links sent by email to this side (the outbox's count)
    unanswered: int | None  # None: too few links were emailed for the count to be shown
    threshold: int


def unanswered_by_side(round_: Round) -> list[Unanswered]:
    """For each side, how many personal links sent by email have not been answered yet, as
    counts only; shown where the side was sent at least the round's threshold of links (two
    queries)."""
    threshold = effective_threshold(round_.area.suppression_threshold)
    emailed = dict(
        OutboxEntry.objects.filter(round=round_, kind=OutboxKind.LINKS)
        .values_list("side")
        .annotate(n=Sum("recipients"))
    )
    waiting = dict(
        LinkAddress.objects.filter(
            link__round=round_, link__used=False, link__revoked_at__isnull=True
        )
        .values_list("link__side")
        .annotate(n=Count("pk"))
    )
    rows = []
    for side, label in Side.choices:
        total = emailed.get(side, 0)
        shown = total >= threshold and round_.closes_on is not None
        unanswered = min(waiting.get(side, 0), total) if shown else None
        rows.append(Unanswered(side, label, total, unanswered, threshold))
    return rows
