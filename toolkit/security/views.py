"""Two-factor pages (set up, recovery codes, and the code step of sign-in), keeping a session
alive, and the area's audit log and two-factor resets."""

import math
import time
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from toolkit.areas.models import FACILITATOR_ROLES, Membership
from toolkit.areas.permissions import area_view
from toolkit.core import ratelimit
from toolkit.core.client_ip import client_ip

from . import selectors, services
from .forms import CodeForm, PasswordConfirmForm, RecoveryCodeForm
from .middleware import LAST_ACTIVITY
from .models import AuditEvent, TOTPDevice

RESTART_MESSAGE = "Sign in again: the sign-in took too long or had too many wrong codes."
PASSWORD_FAILURES = "security_password_failures"  # noqa: S105 (a session key)
# The new app's secret, encrypted (crypto.py), and when the password was typed for it.
REPLACEMENT = "security_replacement_secret"
REPLACEMENT_SECONDS = 10 * 60
MAX_PASSWORD_FAILURES = 5


def _recovery_codes_page(request, codes, *, next_url, turned_on, replaced=False):
    """The new recovery codes, shown once: rendered in answer to the POST that made them (never
    kept in the session or anywhere else in plain text), and not cached."""
    return render(
        request,
        "security/recovery_codes.html",
        {"codes": codes, "next_url": next_url, "turned_on": turned_on, "replaced": replaced},
    )


def _password_failed(request) -> bool:
    """Count a wrong password typed while signed in; True (and signed out) after too many."""
    failures = request.session.get(PASSWORD_FAILURES, 0) + 1
    request.session[PASSWORD_FAILURES] = failures
    if failures < MAX_PASSWORD_FAILURES:
        return False
    logout(request)
    messages.info(request, "Sign in again: the password was wrong too many times.")
    return True


def _low_codes_message(request, left):
    if selectors.recovery_codes_low(left):
        messages.warning(
            request,
            f"You have {left} recovery code{'' if left == 1 else 's'} left. Make new ones from "
            "Two-factor sign-in in your account.",
        )


def _qr_svg(uri: str) -> str:
    try:
        import segno
    except ImportError:  # the QR code is a convenience: the key as text always works
        return ""
    return segno.make(uri, error="m").svg_inline(scale=4, title="QR code for your app")


def _setup_context(device, form):
    uri = selectors.provisioning_uri(device)
    return {
        "form": form,
        "device": device,
        "secret": selectors.grouped_secret(device),
        "uri": uri,
        "qr_svg": _qr_svg(uri),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Account-level: turn on two-factor sign-in for the signed-in person."""
    request.session.pop(REPLACEMENT, None)  # leaving a new app's set-up ends it
    existing = selectors.confirmed_device(request.user)
    if existing is not None:
        left = selectors.recovery_codes_left(request.user)
        return render(
            request,
            "security/setup_done.html",
            {"device": existing, "left": left, "low": selectors.recovery_codes_low(left)},
        )
    device = services.device_start(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.device_confirm(device, form.cleaned_data["code"])
        except services.CodeError as error:
            form.add_error("code", error.message)
        else:
            request.session[selectors.VERIFIED] = True
            return _recovery_codes_page(
                request, codes, next_url=reverse("accounts:settings"), turned_on=True
            )
    context = _setup_context(device, form)
    context["required"] = selectors.two_factor_required(request.user)
    return render(request, "security/setup.html", context)


def _restart(request):
    messages.info(request, RESTART_MESSAGE)
    return redirect("accounts:sign-in")


def _try_again_context(wait: float) -> dict:
    at = timezone.localtime() + timedelta(seconds=wait)
    return {
        "try_again_at": f"{at:%-I:%M}{at:%p}".lower(),  # GOV.UK style: 2:35pm
        "minutes": math.ceil(wait / 60),
    }


def _held(request, until):
    """429: the account's codes are held after too many wrong ones
    (services.code_failure_record)."""
    request.session.pop(selectors.PENDING, None)
    wait = max(1, math.ceil((until - timezone.now()).total_seconds()))
    response = render(
        request, "security/two_factor_held.html", _try_again_context(wait), status=429
    )
    response["Retry-After"] = str(wait)
    return response


def _rate_limited(request, wait: int):
    """429: too many wrong codes from this client address, whatever the account."""
    response = render(
        request, "security/two_factor_rate_limited.html", _try_again_context(wait), status=429
    )
    response["Retry-After"] = str(wait)
    return response


def _code_step(request, *, form_class, template, check, after=None):
    """The code step of sign-in, shared by the app's code and a recovery code. `check(user,
    device, code)` raises CodeError for a wrong code, else returns what `after(request,
    result)` needs once signed in. Wrong codes count per pending sign-in (5, then the password
    again), per account in the database (services.code_failure_record) and per client address."""
    user = selectors.pending_sign_in_user(request)
    if user is None:
        return _restart(request)
    device = selectors.confirmed_device(user)
    if device is None:
        return redirect("security:sign-in-setup")
    held = selectors.codes_held_until(user)
    if held is not None:
        return _held(request, held)
    form = form_class(request.POST or None)
    if request.method == "POST":
        rate = selectors.two_factor_rate()
        address = client_ip(request)
        wait = ratelimit.exceeded(
            services.RATE_SCOPE, address, limit=rate.limit, window=rate.window
        )
        if wait is not None:
            return _rate_limited(request, wait)
    if request.method == "POST" and form.is_valid():
        try:
            result = check(user, device, form.cleaned_data["code"])
        except services.CodeError as error:
            form.add_error("code", error.message)
            restart = services.pending_sign_in_failure_record(request, user)
            held = services.code_failure_record(user)
            if held is not None:
                return _held(request, held)
            wait = ratelimit.hit(services.RATE_SCOPE, address, limit=rate.limit, window=rate.window)
            if wait is not None:
                return _rate_limited(request, wait)
            if restart:
                return _restart(request)
        else:
            services.code_failures_clear(user)
            next_url = services.pending_sign_in_complete(request, user)
            if after is not None:
                after(request, result)
            return redirect(next_url)
    return render(request, template, {"form": form})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """Second step of sign-in: the code from the app. The person is not signed in yet."""
    return _code_step(
        request,
        form_class=CodeForm,
        template="security/sign_in_code.html",
        check=lambda user, device, code: services.code_verify(device, code),
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_recovery(request):
    """Second step of sign-in with a recovery code instead of the app's code. Wrong codes
    count towards the same limits as wrong security codes."""
    return _code_step(
        request,
        form_class=RecoveryCodeForm,
        template="security/sign_in_recovery.html",
        check=lambda user, device, code: services.recovery_code_use(user, code),
        after=_low_codes_message,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_setup(request):
    """Second step of sign-in for someone who must use two-factor sign-in but has not set it
    up: set it up now, then they are signed in."""
    user = selectors.pending_sign_in_user(request)
    if user is None:
        return _restart(request)
    if selectors.confirmed_device(user) is not None:
        return redirect("security:sign-in-code")
    device = services.device_start(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.device_confirm(device, form.cleaned_data["code"])
        except services.CodeError as error:
            form.add_error("code", error.message)
            if services.pending_sign_in_failure_record(request, user):
                return _restart(request)
        else:
            next_url = services.pending_sign_in_complete(request, user)
            return _recovery_codes_page(request, codes, next_url=next_url, turned_on=True)
    context = _setup_context(device, form)
    context["required"] = True
    return render(request, "security/setup.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Account-level: make new recovery codes (the old ones stop working), after typing the
    password again. Five wrong passwords sign the person out."""
    request.session.pop(REPLACEMENT, None)
    if selectors.confirmed_device(request.user) is None:
        return redirect("security:setup")
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            request.session.pop(PASSWORD_FAILURES, None)
            codes = services.recovery_codes_replace(request.user)
            return _recovery_codes_page(
                request, codes, next_url=reverse("security:setup"), turned_on=False
            )
        if "password" in form.errors and _password_failed(request):
            return redirect("accounts:sign-in")
    left = selectors.recovery_codes_left(request.user)
    return render(
        request,
        "security/recovery_codes_new.html",
        {"form": form, "left": left, "low": selectors.recovery_codes_low(left)},
    )


def _replacement_secret(request) -> str | None:
    """The new app's encrypted secret, while it is less than REPLACEMENT_SECONDS since the
    password was typed for it: after that (someone else at a signed-in browser), the password
    is asked for again."""
    stored = request.session.get(REPLACEMENT)
    if stored is None:
        return None
    if not isinstance(stored, dict) or time.time() - stored.get("at", 0) > REPLACEMENT_SECONDS:
        request.session.pop(REPLACEMENT, None)
        return None
    return stored.get("secret")


@never_cache
@require_http_methods(["GET", "POST"])
def replace_app(request):
    """Account-level: set up a new authenticator app in place of the current one (a lost or
    new phone, after signing in with a recovery code), once the password is typed again. The
    current app keeps working until a code from the new one is entered."""
    if selectors.confirmed_device(request.user) is None:
        request.session.pop(REPLACEMENT, None)
        return redirect("security:setup")
    encrypted = _replacement_secret(request)
    if encrypted is None:
        form = PasswordConfirmForm(request.POST or None, user=request.user)
        if request.method == "POST":
            if form.is_valid():
                request.session.pop(PASSWORD_FAILURES, None)
                request.session[REPLACEMENT] = {
                    "secret": services.device_replacement_start().encrypted_secret,
                    "at": time.time(),
                }
                return redirect("security:replace-app")
            if "password" in form.errors and _password_failed(request):
                return redirect("accounts:sign-in")
        return render(request, "security/replace_app_password.html", {"form": form})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.device_replace(request.user, encrypted, form.cleaned_data["code"])
        except services.CodeError as error:
            if error.reason == "reset":
                request.session.pop(REPLACEMENT, None)
                messages.info(request, error.message)
                return redirect("security:setup")
            form.add_error("code", error.message)
        else:
            request.session.pop(REPLACEMENT, None)
            return _recovery_codes_page(
                request, codes, next_url=reverse("security:setup"), turned_on=False, replaced=True
            )
    context = _setup_context(TOTPDevice(user=request.user, encrypted_secret=encrypted), form)
    context["replacing"] = True
    return render(request, "security/setup.html", context)


@require_POST
def keep_alive(request):
    """'Stay signed in' in the timeout warning. Scripts get 204; without scripts the form
    posts here and comes back to the page."""
    request.session[LAST_ACTIVITY] = time.time()
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return redirect(next_url)


@area_view(roles=FACILITATOR_ROLES)
def audit_log(request, area):
    events = AuditEvent.objects.for_area(area).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "security/audit_log.html", {"page": page})


def _members_with_two_factor(area):
    with_device = TOTPDevice.objects.filter(confirmed_at__isnull=False).values("user_id")
    return (
        Membership.objects.active()
        .filter(area=area, user_id__in=with_device)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


@area_view(roles=FACILITATOR_ROLES)
def two_factor_members(request, area):
    """The area's members who use two-factor sign-in, each with a way to reset it."""
    members = list(_members_with_two_factor(area))
    blocks = selectors.reset_blocks(by=request.user, user_ids=[m.user_id for m in members])
    for member in members:
        member.refusal = selectors.reset_refusal_for(
            by=request.user, user=member.user, blocks=blocks
        )
    return render(request, "security/two_factor_members.html", {"members": members})


@area_view(roles=FACILITATOR_ROLES)
@require_http_methods(["GET", "POST"])
def two_factor_reset(request, area, member_id):
    """Confirm, then reset a member's two-factor sign-in (audit-logged)."""
    membership = _members_with_two_factor(area).filter(public_id=member_id).first()
    if membership is None:
        raise Http404("No such member with two-factor sign-in in this area.")
    refusal = selectors.two_factor_reset_refusal(by=request.user, membership=membership)
    if request.method == "POST" and refusal is None:
        services.two_factor_reset(by=request.user, membership=membership, request=request)
        messages.success(
            request,
            f"Two-factor sign-in has been reset for {membership.user.email}. They can sign in "
            "with their password and set up their authenticator app again.",
        )
        return redirect("audit:two-factor", area_code=area.gss_code)
    return render(
        request,
        "security/two_factor_reset.html",
        {
            "member": membership,
            "refusal": refusal,
            "two_factor_required": selectors.two_factor_required(membership.user),
        },
        status=403 if request.method == "POST" else 200,
    )
