"""Changing two-factor sign-in with an authenticator app (TOTP, RFC 6238): setting up and
replacing the app, checking and counting codes, recovery codes, a facilitator's reset, and the
pending sign-in between the password and the code (the session holds the user's id, not a
login). What is read without changing anything is in ``selectors``."""

import logging
import secrets
import time
from datetime import datetime, timedelta

import pyotp
from django.conf import settings
from django.contrib.auth import login
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from toolkit.areas.models import Membership
from toolkit.core.email import email_send
from toolkit.core.links import absolute_url

from .audit import Action, audit_record
from .models import RecoveryCode, TOTPDevice
from .selectors import (
    PENDING,
    VERIFIED,
    recovery_code_display,
    recovery_codes_left,
    two_factor_required,
    two_factor_reset_refusal,
)

MAX_CODE_ATTEMPTS = 5  # per pending sign-in: then the password again
# Per account (in the database): TWO_FACTOR_FAILURE_LIMIT wrong codes within FAILURE_WINDOW
# hold every code for HOLD. Per client address (in the cache): TWO_FACTOR_RATE_LIMIT.
FAILURE_WINDOW = timedelta(minutes=15)
HOLD = timedelta(minutes=15)
RATE_SCOPE = "two-factor-failure"

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 12
# Lower-case letters and digits without the ones easily misread (0/o, 1/l/i): ~59 bits a code.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class CodeError(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def device_start(user) -> TOTPDevice:
    """The person's device: a new unconfirmed secret the first time, else the one they have."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def _normalise(code: str) -> str:
    code = "".join((code or "").split()).replace("-", "")
    if not code:
        raise CodeError("required", "Enter the 6-digit code from your authenticator app")
    if not (code.isdigit() and len(code) == 6):
        raise CodeError("format", "The code must be 6 digits, like 123456")
    return code


def _matched_step(secret: str, code: str, *, at: float | None = None) -> int:
    code = _normalise(code)
    totp = pyotp.TOTP(secret)
    now_step = int((time.time() if at is None else at) // totp.interval)
    matched = None
    for step in (now_step - 1, now_step, now_step + 1):
        if constant_time_compare(totp.generate_otp(step), code):
            matched = step
    if matched is None:
        raise CodeError(
            "wrong",
            "The code is not correct. Enter the latest 6-digit code from your authenticator app",
        )
    return matched


def code_verify(device: TOTPDevice, code: str, *, at: float | None = None) -> int:
    """The time step the code belongs to, or CodeError. Accepts the step before and after
    now (clock drift); each step is usable once, so a code seen over a shoulder or replayed
    from a captured request is refused."""
    matched = _matched_step(device.secret, code, at=at)
    # Conditional update: two requests racing with the same code cannot both succeed.
    used = TOTPDevice.objects.filter(pk=device.pk).filter(
        Q(last_used_step__isnull=True) | Q(last_used_step__lt=matched)
    )
    if not used.update(last_used_step=matched):
        raise CodeError(
            "replayed",
            "That code has already been used. Wait for your app to show a new code, then enter it",
        )
    device.last_used_step = matched
    return matched


def device_confirm(device: TOTPDevice, code: str) -> list[str]:
    """Turn two-factor sign-in on with a code from the app; returns the new recovery codes,
    to be shown once."""
    with transaction.atomic():
        code_verify(device, code)
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
        codes = _recovery_codes_write(device.user)
    audit_record(Action.TWO_FACTOR_ON, actor=device.user)
    return codes


def device_replacement_start() -> TOTPDevice:
    """A new secret for someone replacing their app (lost or changed phone), not saved: their
    current app keeps working until a code from the new one is entered. The caller keeps its
    `encrypted_secret` in the session."""
    return TOTPDevice(secret=pyotp.random_base32())


def device_replace(user, encrypted_secret: str, code: str) -> list[str]:
    """Switch the person's confirmed device to the new secret once a code from it is right;
    returns new recovery codes (the old ones stop working). CodeError("reset") when they no
    longer have a confirmed device (a facilitator reset it since the password step)."""
    candidate = TOTPDevice(user=user, encrypted_secret=encrypted_secret)
    matched = _matched_step(candidate.secret, code)
    with transaction.atomic():
        switched = TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).update(
            encrypted_secret=encrypted_secret,
            last_used_step=matched,
            confirmed_at=timezone.now(),
        )
        if not switched:
            raise CodeError(
                "reset",
                "Two-factor sign-in was reset for your account while you were setting up the new "
                "app. Set it up again",
            )
        codes = _recovery_codes_write(user)
    audit_record(Action.TWO_FACTOR_ON, actor=user, area=None, target="New authenticator app")
    return codes


# Recovery codes ---------------------------------------------------------------------------


RECOVERY_DIGEST_PURPOSE = "toolkit.security.recovery-code"


def _recovery_digests(user, code: str) -> list[str]:
    """The code's digest with SECRET_KEY (the first: the one stored) and each of
    SECRET_KEY_FALLBACKS, so that codes still work after SECRET_KEY is rotated. Keyed, so a
    copy of the database alone cannot be searched for codes; the user's id goes in too, so
    one digest cannot be tried against everyone's codes at once."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    value = f"{user.pk}:{code}"
    return [
        salted_hmac(RECOVERY_DIGEST_PURPOSE, value, secret=key, algorithm="sha256").hexdigest()
        for key in keys
    ]


def _recovery_codes_write(user) -> list[str]:
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=_recovery_digests(user, code)[0]) for code in codes
    )
    return [recovery_code_display(code) for code in codes]


def recovery_codes_replace(user) -> list[str]:
    """Replace the person's recovery codes (used or not) with new ones; returns them, to be
    shown once. Only their digests are stored."""
    with transaction.atomic():
        codes = _recovery_codes_write(user)
    audit_record(Action.RECOVERY_CODES_NEW, actor=user, area=None)
    return codes


def _recovery_normalise(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").lower() if ch.isalnum())
    if not cleaned:
        raise CodeError("required", "Enter one of your recovery codes")
    if len(cleaned) != RECOVERY_CODE_LENGTH:
        raise CodeError("format", "A recovery code has 12 letters and numbers, like abcd-efgh-jkmn")
    return cleaned


def recovery_code_use(user, code: str) -> int:
    """Spend one recovery code; returns how many are left, or raises CodeError. The code is
    marked used by a conditional update, so two requests racing with it cannot both pass."""
    digests = _recovery_digests(user, _recovery_normalise(code))
    codes = RecoveryCode.objects.filter(user=user, digest__in=digests)
    if not codes.filter(used_at__isnull=True).update(used_at=timezone.now()):
        if codes.exists():
            raise CodeError(
                "replayed",
                "That recovery code has already been used. Enter one you have not used",
            )
        raise CodeError("wrong", "The recovery code is not correct. Check it and enter it again")
    left = recovery_codes_left(user)
    audit_record(
        Action.RECOVERY_CODE_USED,
        actor=user,
        area=None,
        target=f"{left} recovery code{'' if left == 1 else 's'} left",
    )
    return left


# Reset by a facilitator -------------------------------------------------------------------


class ResetRefused(Exception):
    pass


def two_factor_reset(*, by, membership: Membership, request=None) -> None:
    """Remove the member's authenticator app and recovery codes (they lost their phone and
    codes). They sign in with their password next time and, where it is required, set up
    a new app straight away."""
    refusal = two_factor_reset_refusal(by=by, membership=membership)
    if refusal:
        raise ResetRefused(refusal)
    user = membership.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
    audit_record(Action.TWO_FACTOR_RESET, actor=by, area=membership.area, target=user.email)
    _reset_email(by=by, membership=membership, request=request)


def _reset_email(*, by, membership: Membership, request=None) -> None:
    """Tell the member, so that a reset they did not ask for does not go unnoticed. The reset
    has happened whatever the mail server says: a failure is logged, not raised."""
    user = membership.user
    context = {
        "user": user,
        "by": by,
        "area": membership.area,
        "required": two_factor_required(user),
        "at": timezone.localtime(),
        "sign_in": absolute_url(reverse("accounts:sign-in"), request),
    }
    try:
        email_send(
            to=user.email,
            subject=f"Your two-factor sign-in has been reset on the {settings.SERVICE_NAME}",
            template_name="security/email/two_factor_reset.txt",
            context=context,
        )
    except OSError:  # smtplib.SMTPException is an OSError
        logger.warning("Could not email %s about their two-factor reset", user.pk, exc_info=True)


# The pending sign-in ----------------------------------------------------------------------


def pending_sign_in_start(request, user, backend: str, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "started": time.time(),
        "failures": 0,
    }


def pending_sign_in_failure_record(request, user) -> bool:
    """Count a wrong code; True when there have been too many and the sign-in must restart."""
    audit_record(Action.TWO_FACTOR_FAILED, actor=user)
    pending = request.session.get(PENDING) or {}
    pending["failures"] = pending.get("failures", 0) + 1
    if pending["failures"] >= MAX_CODE_ATTEMPTS:
        request.session.pop(PENDING, None)
        return True
    request.session[PENDING] = pending
    return False


def code_failure_record(user) -> datetime | None:
    """Count a wrong code (app or recovery code) against the account, in the database; after
    TWO_FACTOR_FAILURE_LIMIT within FAILURE_WINDOW, hold its codes for HOLD (and record it in
    the audit log). Returns when the hold ends if this wrong code started one."""
    limit = getattr(settings, "TWO_FACTOR_FAILURE_LIMIT", 10) or 10
    now = timezone.now()
    held = None
    with transaction.atomic():
        # Locked for the count, so that guesses sent in parallel are all counted.
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return None
        if device.failures_started_at is None or device.failures_started_at <= now - FAILURE_WINDOW:
            device.failed_codes, device.failures_started_at = 0, now
        device.failed_codes += 1
        if device.failed_codes >= limit:
            held = device.codes_held_until = now + HOLD
            device.failed_codes, device.failures_started_at = 0, None
        device.save(update_fields=["failed_codes", "failures_started_at", "codes_held_until"])
    if held is not None:
        audit_record(
            Action.TWO_FACTOR_HELD,
            actor=user,
            area=None,
            target=f"{limit} wrong codes: none accepted until {timezone.localtime(held):%H:%M}",
        )
    return held


def code_failures_clear(user) -> None:
    """A right code: the count of wrong ones starts again."""
    TOTPDevice.objects.filter(user=user, failed_codes__gt=0).update(
        failed_codes=0, failures_started_at=None
    )


def pending_sign_in_complete(request, user) -> str:
    """Sign the pending user in; the URL to go to next."""
    pending = request.session.pop(PENDING)
    login(request, user, backend=pending["backend"])
    request.session[VERIFIED] = True
    return pending["next"]
