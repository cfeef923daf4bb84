import math
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from toolkit.areas.selectors import memberships_for_user
from toolkit.core import ratelimit
from toolkit.core.client_ip import client_ip
from toolkit.security import selectors as two_factor_selectors
from toolkit.security import services as two_factor

from . import services
from .forms import AccountCreateForm, AccountDetailsForm, ResetRequestForm, SignInForm
from .models import User

SIGN_IN_SCOPE = "sign-in-failure"
RESET_REQUEST_SCOPE = "reset-request-address"
RESET_EMAIL_SCOPE = "reset-request-email"


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Failed sign-ins per client address, whatever the account: django-axes locks one
        # account after failures from one address; this stops one address trying many. Only
        # failures count, so a workshop signing in together from one network is not stopped;
        # once an address has used them up, every post gets 429 before its password is checked.
        rate = sign_in_rate()
        address = client_ip(request)
        wait = ratelimit.exceeded(SIGN_IN_SCOPE, address, limit=rate.limit, window=rate.window)
        if wait is not None:
            return sign_in_rate_limited(request, wait)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        rate = sign_in_rate()
        address = client_ip(self.request)
        wait = ratelimit.hit(SIGN_IN_SCOPE, address, limit=rate.limit, window=rate.window)
        if wait is not None:
            return sign_in_rate_limited(self.request, wait)
        return super().form_invalid(form)

    def form_valid(self, form):
        # Password right: someone with two-factor sign-in (or who must have it) is not signed
        # in yet, but sent to enter (or set up) their security code.
        user = form.get_user()
        if two_factor_selectors.sign_in_needs_second_step(user):
            two_factor.pending_sign_in_start(
                self.request, user, backend=user.backend, next_url=self.get_success_url()
            )
            return redirect("security:sign-in-code")
        return super().form_valid(form)


def sign_in_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting("SIGN_IN_RATE_LIMIT", "30/300")


def rate_limited(request, wait: int, template_name: str):
    """429 with when to try again: a time, and roughly how long that is."""
    at = timezone.localtime() + timedelta(seconds=wait)
    response = render(
        request,
        template_name,
        {
            "try_again_at": f"{at:%-I:%M}{at:%p}".lower(),  # GOV.UK style: 2:35pm
            "minutes": math.ceil(wait / 60),
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def sign_in_rate_limited(request, wait: int):
    return rate_limited(request, wait, "accounts/sign_in_rate_limited.html")


class SignOutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """Reset emails are limited per client address (a 429 page) and per email address (quietly:
    the usual "check your email" page, which says nothing about whether an account exists), so
    the form cannot be used to flood someone's inbox."""

    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        rate = ratelimit.rate_setting("PASSWORD_RESET_RATE_LIMIT", "10/3600")
        address = client_ip(self.request)
        wait = ratelimit.hit(RESET_REQUEST_SCOPE, address, limit=rate.limit, window=rate.window)
        if wait is not None:
            return password_reset_rate_limited(self.request, wait)
        per_email = ratelimit.rate_setting("PASSWORD_RESET_EMAIL_RATE_LIMIT", "3/3600")
        # The counter's key is a keyed digest: cache keys are no place for email addresses,
        # and an unkeyed hash of one can be reversed by hashing a list of addresses.
        email = form.cleaned_data["email"].strip().lower()
        email_key = salted_hmac("reset-request-email", email, algorithm="sha256").hexdigest()
        if ratelimit.hit(
            RESET_EMAIL_SCOPE, email_key, limit=per_email.limit, window=per_email.window
        ):
            return redirect(self.get_success_url())
        return super().form_valid(form)


def password_reset_rate_limited(request, wait: int):
    return rate_limited(request, wait, "accounts/password_reset_rate_limited.html")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def axes_username(request, credentials) -> str:
    """Count failures per account whatever the capitals typed."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


@login_not_required
def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=429)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationError as error:
        status = 404 if error.reason == "unknown" else 410
        return render(request, "accounts/invitation_invalid.html", {"error": error}, status=status)

    existing_user = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "existing_user": existing_user}

    if existing_user is not None:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
        if request.user.pk != existing_user.pk:
            error = services.InvitationError(
                "wrong_user",
                f"This invitation is for {invitation.email}, but you are signed in as "
                f"{request.user.email}. Sign out, then open the link again.",
            )
            return render(request, "accounts/invitation_invalid.html", {"error": error}, status=403)
        if request.method == "POST":
            try:
                membership = services.invitation_accept(token=token, user=request.user)
            except services.InvitationError as error:
                return invitation_conflict(request, error)
            messages.success(request, f"You have joined {membership.area.name}.")
            return redirect("areas:dashboard", area_code=membership.area.gss_code)
        return render(request, "accounts/invitation_join.html", context)

    form = AccountCreateForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except services.InvitationError as error:
            return invitation_conflict(request, error)
        login(request, membership.user, backend="toolkit.accounts.backends.EmailBackend")
        messages.success(
            request, f"Your account is ready and you have joined {membership.area.name}."
        )
        return redirect("areas:dashboard", area_code=membership.area.gss_code)
    if not form.is_bound:
        form.initial["full_name"] = invitation.full_name
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


def invitation_conflict(request, error):
    """Another request used the link (or made the account) between this page's check and
    its save, as a double click does: say so, never a server error."""
    return render(request, "accounts/invitation_invalid.html", {"error": error}, status=409)


def account_settings(request):
    form = AccountDetailsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details have been saved.")
        return redirect("accounts:settings")
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "memberships": memberships_for_user(request.user)},
    )
