"""Session timeout after inactivity, and the request context for the audit log."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from .audit import Action, audit_record, current_request

LAST_ACTIVITY = "security_last_activity"
# Write the activity time at most this often, so that reading pages does not write the
# session on every request.
TOUCH_EVERY = 60

TIMED_OUT_MESSAGE = (
    "You were signed out because you had not done anything for {minutes} minutes. "
    "Sign in again to carry on."
)


def idle_seconds() -> int:
    return int(getattr(settings, "SESSION_IDLE_TIMEOUT", settings.SESSION_COOKIE_AGE))


class SessionTimeoutMiddleware:
    """Signs a person out after SESSION_IDLE_TIMEOUT seconds without a request, and says so on
    the next page (the sign-in page, for pages that need it). Works without JavaScript; the
    timeout warning in frontend/js only warns beforehand. Goes after AuthenticationMiddleware
    and before LoginRequiredMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > idle_seconds():
                user = request.user
                request._security_timed_out = True
                logout(request)
                audit_record(Action.TIMED_OUT, actor=user, area=None)
                messages.info(
                    request, TIMED_OUT_MESSAGE.format(minutes=max(1, idle_seconds() // 60))
                )
            elif last is None or now - last >= TOUCH_EVERY:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


class AuditMiddleware:
    """Makes the request available to audit_record (actor, and the area resolved by
    area_view), and records every file downloaded from an area (exports)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            area = getattr(request, "area", None)
            disposition = response.get("Content-Disposition", "")
            if (
                area is not None
                and response.status_code == 200
                and disposition.startswith("attachment")
            ):
                filename = disposition.partition("filename=")[2].strip('"') or request.path
                audit_record(Action.EXPORTED, area=area, target=filename)
            return response
        finally:
            current_request.reset(token)


class TwoFactorRequiredMiddleware:
    """With TWO_FACTOR_REQUIRED on, someone who must use two-factor sign-in but is signed in
    without it (a new facilitator's account, made from an invitation) is sent to set it up
    before anything else. Whether it is required is checked again every few minutes, so that
    a new facilitator role takes effect without a query on every request."""

    RECHECK_SECONDS = 300
    NOT_REQUIRED_UNTIL = "security_two_factor_not_required_until"
    ALLOWED = {"security:setup", "security:keep-alive", "accounts:sign-out"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect
        from django.urls import resolve
        from django.urls.exceptions import Resolver404

        from . import selectors

        if (
            getattr(settings, "TWO_FACTOR_REQUIRED", False)
            and request.user.is_authenticated
            and not request.session.get(selectors.VERIFIED)
            and request.session.get(self.NOT_REQUIRED_UNTIL, 0) < time.time()
        ):
            if not selectors.two_factor_required(request.user):
                request.session[self.NOT_REQUIRED_UNTIL] = time.time() + self.RECHECK_SECONDS
            else:
                try:
                    match = resolve(request.path_info)
                    name = f"{match.namespace}:{match.url_name}"
                except Resolver404:
                    name = ""
                if name not in self.ALLOWED:
                    if selectors.confirmed_device(request.user) is not None:
                        logout(request)
                        messages.info(request, "Sign in again with your security code.")
                        return redirect(settings.LOGIN_URL)
                    return redirect("security:setup")
        return self.get_response(request)
