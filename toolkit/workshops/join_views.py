"""Joining a workshop by phone: the code on the wall (typed, or read from the QR code), the
side you are on, and – in a named round – your name; then the round's own questions, through
the workshop's shared link for your side (rounds' respondent pages, which work without
JavaScript). Wrong codes are limited per client address, so codes cannot be guessed."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from toolkit.accounts.views import rate_limited
from toolkit.core import ratelimit
from toolkit.core.client_ip import client_ip
from toolkit.rounds.sections import round_size, sections_for_round

from . import selectors, services
from .forms import JoinCodeForm, JoinSideForm

WRONG_CODE_SCOPE = "workshop-join-code"
NOT_FOUND = (
    "There is no workshop taking place with that code. Check the code on the screen and try again."
)


def join_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting("JOIN_CODE_RATE_LIMIT", settings.JOIN_CODE_RATE_LIMIT)


def _too_many(request) -> int | None:
    rate = join_rate()
    return ratelimit.exceeded(
        WRONG_CODE_SCOPE, client_ip(request), limit=rate.limit, window=rate.window
    )


def _count_wrong(request) -> None:
    rate = join_rate()
    ratelimit.hit(WRONG_CODE_SCOPE, client_ip(request), limit=rate.limit, window=rate.window)


def _find(request, typed: str):
    """The live workshop for what was typed, counting a wrong code against the address."""
    workshop = selectors.live_workshop_for_code(services.join_code_normalise(typed))
    if workshop is None:
        _count_wrong(request)
    return workshop


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def enter(request):
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = _too_many(request)
        if wait is not None:
            return rate_limited(request, wait, "workshops/join/rate_limited.html")
        workshop = _find(request, form.cleaned_data["code"])
        if workshop is not None:
            return redirect("join:code", code=workshop.join_code)
        form.add_error("code", NOT_FOUND)
    return render(request, "workshops/join/enter.html", {"form": form})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def choose_side(request, code):
    wait = _too_many(request)
    if wait is not None:
        return rate_limited(request, wait, "workshops/join/rate_limited.html")
    workshop = _find(request, code)
    if workshop is None:
        form = JoinCodeForm(initial={"code": code[:20]})
        return render(
            request, "workshops/join/enter.html", {"form": form, "not_found": NOT_FOUND}, status=404
        )
    round_ = workshop.round
    request.area = workshop.area  # for the demo notice
    form = JoinSideForm(request.POST or None, named=not round_.is_anonymous)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            started = services.workshop_join(
                workshop,
                data["side"],
                respondent_name=data.get("respondent_name", ""),
                organisation=data.get("organisation", ""),
            )
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            return redirect("respond:task-list", token=started.token)
    return render(
        request,
        "workshops/join/side.html",
        {
            "workshop": workshop,
            "round": round_,
            "form": form,
            "sections": sections_for_round(round_),
            "size": round_size(round_),
        },
    )
