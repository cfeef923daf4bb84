"""The outbox (facilitators), sending personal links by email (facilitators), and a person's
choice of emails (their account)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from toolkit.areas.models import FACILITATOR_ROLES
from toolkit.areas.permissions import area_view
from toolkit.core.sending_limits import SendingLimited
from toolkit.rounds.models import RoundStatus
from toolkit.rounds.selectors import round_for_area

from . import respondents, selectors, services
from .forms import EmailPreferenceForm, LinkEmailForm


@area_view(roles=FACILITATOR_ROLES)
def outbox(request, area):
    open_rounds = [
        (round_, respondents.unanswered_by_side(round_))
        for round_ in area.rounds.filter(status=RoundStatus.OPEN).select_related("area")
    ]
    return render(
        request,
        "reminders/outbox.html",
        {
            "area": area,
            "entries": selectors.outbox_for_area(area),
            "open_rounds": open_rounds,
            "reminder_days": respondents.REMINDER_DAYS_BEFORE,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@require_http_methods(["GET", "POST"])
def link_emails(request, area, round_id):
    round_ = round_for_area(area, round_id)
    if round_ is None:
        raise Http404("No such round in this area.")
    form = LinkEmailForm(request.POST or None)
    retry_after = None
    if request.method == "POST" and round_.status != RoundStatus.CLOSED and form.is_valid():
        try:
            result = respondents.personal_links_email(
                round_,
                side=form.cleaned_data["side"],
                addresses=form.cleaned_data["addresses"],
                membership=request.membership,
                request=request,
            )
        except respondents.AddressError as error:
            form.add_error(None, error.message)
        except SendingLimited as limited:
            form.add_error(None, limited.message)
            retry_after = limited.wait
        else:
            words = f"{result.sent} personal link{'s' if result.sent != 1 else ''} sent by email."
            if result.failed:
                words += f" {result.failed} could not be sent and were withdrawn."
            messages.success(request, words)
            return redirect("reminders:outbox", area_code=area.gss_code)
    response = render(
        request,
        "reminders/link_emails.html",
        {
            "area": area,
            "round": round_,
            "form": form,
            "reminder_days": respondents.REMINDER_DAYS_BEFORE,
        },
        status=429 if retry_after else 200,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = EmailPreferenceForm(
        request.POST or None, instance=services.email_preference_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.email_preference_set(
            request.user,
            action_emails=form.cleaned_data["action_emails"],
            weekly_digest=form.cleaned_data["weekly_digest"],
        )
        messages.success(request, "Your email choices have been saved.")
        return redirect("accounts:settings")
    return render(request, "reminders/preferences.html", {"form": form})
