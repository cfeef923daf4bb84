"""Two-factor pages (set up, and the code step of sign-in), keeping a session alive, and
the area's audit log."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from toolkit.areas.models import FACILITATOR_ROLES
from toolkit.areas.permissions import area_view

from . import services
from .forms import CodeForm
from .middleware import LAST_ACTIVITY
from .models import AuditEvent

RESTART_MESSAGE = "Sign in again: the sign-in took too long or had too many wrong codes."


def _qr_svg(uri: str) -> str:
    try:
        import segno
    except ImportError:  # the QR code is a convenience: the key as text always works
        return ""
    return segno.make(uri, error="m").svg_inline(scale=4, title="QR code for your app")


def _setup_context(device, form):
    uri = services.provisioning_uri(device)
    return {
        "form": form,
        "device": device,
        "secret": services.grouped_secret(device),
        "uri": uri,
        "qr_svg": _qr_svg(uri),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Account-level: turn on two-factor sign-in for the signed-in person."""
    existing = services.confirmed_device(request.user)
    if existing is not None:
        return render(request, "security/setup_done.html", {"device": existing})
    device = services.device_start(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.device_confirm(device, form.cleaned_data["code"])
        except services.CodeError as error:
            form.add_error("code", error.message)
        else:
            request.session[services.VERIFIED] = True
            messages.success(request, "Two-factor sign-in is on for your account.")
            return redirect("accounts:settings")
    context = _setup_context(device, form)
    context["required"] = services.two_factor_required(request.user)
    return render(request, "security/setup.html", context)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """Second step of sign-in: the code from the app. The person is not signed in yet."""
    user = services.pending_user(request)
    if user is None:
        messages.info(request, RESTART_MESSAGE)
        return redirect("accounts:sign-in")
    device = services.confirmed_device(user)
    if device is None:
        return redirect("security:sign-in-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.code_verify(device, form.cleaned_data["code"])
        except services.CodeError as error:
            form.add_error("code", error.message)
            if services.pending_failed(request, user):
                messages.info(request, RESTART_MESSAGE)
                return redirect("accounts:sign-in")
        else:
            return redirect(services.pending_complete(request, user))
    return render(request, "security/sign_in_code.html", {"form": form})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_setup(request):
    """Second step of sign-in for someone who must use two-factor sign-in but has not set it
    up: set it up now, then they are signed in."""
    user = services.pending_user(request)
    if user is None:
        messages.info(request, RESTART_MESSAGE)
        return redirect("accounts:sign-in")
    if services.confirmed_device(user) is not None:
        return redirect("security:sign-in-code")
    device = services.device_start(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.device_confirm(device, form.cleaned_data["code"])
        except services.CodeError as error:
            form.add_error("code", error.message)
            if services.pending_failed(request, user):
                messages.info(request, RESTART_MESSAGE)
                return redirect("accounts:sign-in")
        else:
            messages.success(request, "Two-factor sign-in is on for your account.")
            return redirect(services.pending_complete(request, user))
    context = _setup_context(device, form)
    context["required"] = True
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
