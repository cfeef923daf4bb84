"""Two-factor sign-in with an authenticator app (TOTP, RFC 6238), and the pending sign-in
between the password and the code: the session holds the user's id, not a login."""

import secrets
import time

import pyotp
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from toolkit.accounts.models import token_hash
from toolkit.areas.models import FACILITATOR_ROLES, Membership

from .audit import Action, audit_record
from .models import RecoveryCode, TOTPDevice

ISSUER = "Council-VCS toolkit"
PENDING = "security_pending_sign_in"
VERIFIED = "security_two_factor_verified"
PENDING_SECONDS = 5 * 60
MAX_CODE_ATTEMPTS = 5

RECOVERY_CODE_COUNT = 10
RECOVERY_CODES_LOW = 3
RECOVERY_CODE_LENGTH = 12
# Lower-case letters and digits without the ones easily misread (0/o, 1/l/i): ~59 bits a code.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


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
        codes = _recovery_codes_replace(device.user)
    audit_record(Action.TWO_FACTOR_ON, actor=device.user)
    return codes


def replacement_start() -> TOTPDevice:
    """A new secret for someone replacing their app (lost or changed phone), not saved: their
    current app keeps working until a code from the new one is entered. The caller keeps its
    `encrypted_secret` in the session."""
    return TOTPDevice(secret=pyotp.random_base32())


def device_replace(user, encrypted_secret: str, code: str) -> list[str]:
    """Switch the person's confirmed device to the new secret once a code from it is right;
    returns new recovery codes (the old ones stop working)."""
    candidate = TOTPDevice(user=user, encrypted_secret=encrypted_secret)
    matched = _matched_step(candidate.secret, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).update(
            encrypted_secret=encrypted_secret,
            last_used_step=matched,
            confirmed_at=timezone.now(),
        )
        codes = _recovery_codes_replace(user)
    audit_record(Action.TWO_FACTOR_ON, actor=user, area=None, target="New authenticator app")
    return codes


# Recovery codes ---------------------------------------------------------------------------


def _recovery_digest(user, code: str) -> str:
    # The user's id goes into the digest, so that one digest cannot be tried against
    # everyone's codes at once.
    return token_hash(f"{user.pk}:{code}")


def recovery_code_display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _recovery_codes_replace(user) -> list[str]:
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=_recovery_digest(user, code)) for code in codes
    )
    return [recovery_code_display(code) for code in codes]


def recovery_codes_new(user) -> list[str]:
    """Replace the person's recovery codes (used or not) with new ones; returns them, to be
    shown once. Only their digests are stored."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
    audit_record(Action.RECOVERY_CODES_NEW, actor=user, area=None)
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def recovery_codes_low(left: int) -> bool:
    return left <= RECOVERY_CODES_LOW


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
    digest = _recovery_digest(user, _recovery_normalise(code))
    codes = RecoveryCode.objects.filter(user=user, digest=digest)
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


def two_factor_reset_refusal(*, by, membership: Membership) -> str | None:
    """Why `by` (a facilitator of the membership's area) may not reset this member's
    two-factor sign-in, or None when they may. Two-factor sign-in belongs to the account,
    not the area: so the person must have no role anywhere the facilitator does not
    facilitate, and must not be a national analyst or a service administrator."""
    user = membership.user
    if user.pk == by.pk:
        return "You cannot reset your own two-factor sign-in. Use a recovery code to sign in."
    if user.is_staff or user.is_superuser or getattr(user, "is_national_analyst", False):
        return "Only the service team can reset two-factor sign-in for this account."
    facilitated = Membership.objects.active().filter(user=by, role__in=FACILITATOR_ROLES)
    elsewhere = (
        Membership.objects.active()
        .filter(user=user)
        .exclude(area_id__in=facilitated.values("area_id"))
    )
    if elsewhere.exists():
        return (
            "This person is also a member of an area you do not facilitate. Ask the service "
            "team to reset their two-factor sign-in."
        )
    return None


def two_factor_reset(*, by, membership: Membership) -> None:
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
