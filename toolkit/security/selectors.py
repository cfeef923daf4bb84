"""Reading the state of two-factor sign-in: whether a person needs it, their app and recovery
codes, who a facilitator may reset, and the pending sign-in between password and code. The
changes are in ``services``."""

import time
from datetime import datetime

import pyotp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from toolkit.areas.models import FACILITATOR_ROLES, Membership
from toolkit.core import ratelimit

from .models import RecoveryCode, TOTPDevice

ISSUER = "Council-VCS toolkit"
PENDING = "security_pending_sign_in"
VERIFIED = "security_two_factor_verified"
PENDING_SECONDS = 5 * 60
RECOVERY_CODES_LOW = 3
REFUSED_ELSEWHERE = "elsewhere"
REFUSED_FACILITATOR = "facilitator"


def two_factor_required(user) -> bool:
    """Facilitators and national analysts must use two-factor sign-in when the setting is on."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", False):
        return False
    if getattr(user, "is_national_analyst", False):
        return True
    return Membership.objects.active().filter(user=user, role__in=FACILITATOR_ROLES).exists()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.email, issuer_name=ISSUER)


def grouped_secret(device: TOTPDevice) -> str:
    """The secret in groups of four, easier to type into an app."""
    return " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))


def recovery_code_display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def recovery_codes_low(left: int) -> bool:
    return left <= RECOVERY_CODES_LOW


def reset_blocks(*, by, user_ids) -> dict[int, str]:
    """For the given users, in one query: those `by` may not reset because they are also a
    member of an area `by` does not facilitate (REFUSED_ELSEWHERE), or hold a facilitator
    role anywhere (REFUSED_FACILITATOR). Users who are neither are left out."""
    facilitated = Membership.objects.active().filter(user=by, role__in=FACILITATOR_ROLES)
    rows = (
        Membership.objects.active()
        .filter(user_id__in=user_ids)
        .annotate(facilitated=Exists(facilitated.filter(area_id=OuterRef("area_id"))))
        .filter(Q(role__in=FACILITATOR_ROLES) | Q(facilitated=False))
        .values_list("user_id", "facilitated")
    )
    blocks: dict[int, str] = {}
    for user_id, in_facilitated_area in rows:
        if not in_facilitated_area:
            blocks[user_id] = REFUSED_ELSEWHERE
        else:
            blocks.setdefault(user_id, REFUSED_FACILITATOR)
    return blocks


def reset_refusal_for(*, by, user, blocks: dict[int, str]) -> str | None:
    """Why `by` (a facilitator of the member's area) may not reset `user`'s two-factor sign-in,
    or None when they may; `blocks` from reset_blocks. Two-factor sign-in belongs to the
    account, not the area: so the person must have no role anywhere the facilitator does not
    facilitate, must not be a facilitator (a co-facilitator could otherwise take over an
    account whose password they had phished), a national analyst or a service administrator.
    Those go to the service team."""
    if user.pk == by.pk:
        return "You cannot reset your own two-factor sign-in. Use a recovery code to sign in."
    if user.is_staff or user.is_superuser or getattr(user, "is_national_analyst", False):
        return "Only the service team can reset two-factor sign-in for this account."
    block = blocks.get(user.pk)
    if block == REFUSED_ELSEWHERE:
        return (
            "This person is also a member of an area you do not facilitate. Ask the service "
            "team to reset their two-factor sign-in."
        )
    if block == REFUSED_FACILITATOR:
        return (
            "This person is a facilitator. Only the service team can reset a facilitator's "
            "two-factor sign-in: ask them to contact the service team."
        )
    return None


def two_factor_reset_refusal(*, by, membership: Membership) -> str | None:
    """reset_refusal_for one member (the members page decides for all of them at once)."""
    user = membership.user
    return reset_refusal_for(by=by, user=user, blocks=reset_blocks(by=by, user_ids=[user.pk]))


def sign_in_needs_second_step(user) -> bool:
    return confirmed_device(user) is not None or two_factor_required(user)


def pending_sign_in_user(request):
    """The user between password and code, or None when there is none or it is stale."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if time.time() - pending.get("started", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first()


def codes_held_until(user) -> datetime | None:
    """When the account's codes may be tried again, if too many wrong ones are holding them."""
    return (
        TOTPDevice.objects.filter(user=user, codes_held_until__gt=timezone.now())
        .values_list("codes_held_until", flat=True)
        .first()
    )


def two_factor_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting("TWO_FACTOR_RATE_LIMIT", "30/300")
