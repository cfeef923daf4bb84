"""Two-factor sign-in with an authenticator app (TOTP, RFC 6238), and the pending sign-in
between the password and the code: the session holds the user's id, not a login."""

import time

import pyotp
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from toolkit.areas.models import FACILITATOR_ROLES, Membership

from .audit import Action, audit_record
from .models import TOTPDevice

ISSUER = "Council-VCS toolkit"
PENDING = "security_pending_sign_in"
VERIFIED = "security_two_factor_verified"
PENDING_SECONDS = 5 * 60
MAX_CODE_ATTEMPTS = 5


class CodeError(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def two_factor_required(user) -> bool:
    """Facilitators and national analysts must use two-factor sign-in when the setting is on."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", False):
        return False
    if getattr(user, "is_national_analyst", False):
        return True
    return Membership.objects.active().filter(user=user, role__in=FACILITATOR_ROLES).exists()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def device_start(user) -> TOTPDevice:
    """The person's device: a new unconfirmed secret the first time, else the one they have."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.email, issuer_name=ISSUER)


def grouped_secret(device: TOTPDevice) -> str:
    """The secret in groups of four, easier to type into an app."""
    return " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))


def _normalise(code: str) -> str:
    code = "".join((code or "").split()).replace("-", "")
    if not code:
        raise CodeError("required", "Enter the 6-digit code from your authenticator app")
    if not (code.isdigit() and len(code) == 6):
        raise CodeError("format", "The code must be 6 digits, like 123456")
    return code


def code_verify(device: TOTPDevice, code: str, *, at: float | None = None) -> int:
    """The time step the code belongs to, or CodeError. Accepts the step before and after
    now (clock drift); each step is usable once, so a code seen over a shoulder or replayed
    from a captured request is refused."""
    code = _normalise(code)
    totp = pyotp.TOTP(device.secret)
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


def device_confirm(device: TOTPDevice, code: str) -> TOTPDevice:
    with transaction.atomic():
        code_verify(device, code)
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
    audit_record(Action.TWO_FACTOR_ON, actor=device.user)
    return device


# The pending sign-in ----------------------------------------------------------------------


def sign_in_needs_second_step(user) -> bool:
    return confirmed_device(user) is not None or two_factor_required(user)


def pending_start(request, user, backend: str, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "started": time.time(),
        "failures": 0,
    }


def pending_user(request):
    """The user between password and code, or None when there is none or it is stale."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if time.time() - pending.get("started", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first()


def pending_failed(request, user) -> bool:
    """Count a wrong code; True when there have been too many and the sign-in must restart."""
    audit_record(Action.TWO_FACTOR_FAILED, actor=user)
    pending = request.session.get(PENDING) or {}
    pending["failures"] = pending.get("failures", 0) + 1
    if pending["failures"] >= MAX_CODE_ATTEMPTS:
        request.session.pop(PENDING, None)
        return True
    request.session[PENDING] = pending
    return False


def pending_complete(request, user) -> str:
    """Sign the pending user in; the URL to go to next."""
    pending = request.session.pop(PENDING)
    login(request, user, backend=pending["backend"])
    request.session[VERIFIED] = True
    return pending["next"]
