"""How many emails to addresses that someone typed the service may send for now: invitations
and respondents' personal links, each counted per sender and per area. A stolen or careless
account cannot mail hundreds of strangers from the service. One rule for every such email;
the limits are settings ("emails/seconds") so an area with a large sector can ask for more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from . import ratelimit


@dataclass(frozen=True)
class Limit:
    scope: str
    setting: str
    default: str
    per_sender: bool  # counted per sender, else per area


# What each kind of email is called in the message, and its limits.
KINDS = {
    "invitations": (
        ("invitation", "invitations"),
        (
            Limit("invitations-by-person", "INVITATION_RATE_LIMIT", "20/3600", True),
            Limit("invitations-in-area", "INVITATION_AREA_RATE_LIMIT", "60/3600", False),
        ),
    ),
    "personal-links": (
        ("personal link", "personal links"),
        (
            Limit("link-emails-by-person", "LINK_EMAIL_RATE_LIMIT", "300/3600", True),
            Limit("link-emails-in-area", "LINK_EMAIL_AREA_RATE_LIMIT", "600/3600", False),
        ),
    ),
}


class SendingLimited(Exception):
    """Too many emails of a kind for now, by this sender or in this area; `message` says until
    when, in words, and `wait` in seconds (for a Retry-After header)."""

    def __init__(self, message: str, wait: int):
        super().__init__(message)
        self.message = message
        self.wait = wait


def sending_check(kind: str, *, area, sender, count: int = 1) -> None:
    """Count `count` emails of `kind` against the sender's and the area's limits, or raise
    SendingLimited, counting nothing, if they would go over either: all or none are sent."""
    (one, many), limits = KINDS[kind]
    counted = []
    for limit in limits:
        rate = ratelimit.rate_setting(limit.setting, limit.default)
        key = str(sender.pk if limit.per_sender else area.pk)
        wait = ratelimit.exceeded(
            limit.scope, key, limit=rate.limit, window=rate.window, count=count
        )
        if wait is not None:
            raise SendingLimited(_refusal(limit, rate, count, one, many, wait), wait)
        counted.append((limit.scope, key, rate))
    for scope, key, rate in counted:
        ratelimit.hit(scope, key, limit=rate.limit, window=rate.window, count=count)


def _refusal(limit: Limit, rate, count: int, one: str, many: str, wait: int) -> str:
    per = _duration(rate.window)
    noun = one if rate.limit == 1 else many
    if count == 1:
        who = "You have" if limit.per_sender else "This area has"
        said = f"{who} sent {rate.limit} {noun} in {per}, as many as the service allows."
        return f"{said} Try again after {clock_time(wait)}."
    whose = "you" if limit.per_sender else "this area"
    return (
        f"Sending {count} {many} would take {whose} over the {rate.limit} {noun} the service "
        f"allows in {per}. Send fewer at once, or try again after {clock_time(wait)}."
    )


def clock_time(seconds_from_now: int) -> str:
    """The time in GOV.UK style: 2:35pm, 3pm, midday, midnight."""
    at = timezone.localtime() + timedelta(seconds=seconds_from_now)
    if at.minute == 0 and at.hour in (0, 12):
        return "midnight" if at.hour == 0 else "midday"
    clock = f"{at:%-I}" if at.minute == 0 else f"{at:%-I:%M}"
    return f"{clock}{at:%p}".lower()


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "an hour" if hours == 1 else f"{hours} hours"
    minutes = max(1, seconds // 60)
    return "a minute" if minutes == 1 else f"{minutes} minutes"
