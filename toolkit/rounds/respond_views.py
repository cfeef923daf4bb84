"""Public pages for respondents: the invite-link landing page, the task list, "save and come
back later", check your answers, and the confirmation. Every page works without JavaScript."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from toolkit.core.links import absolute_url

from . import services
from .forms import GroupsForm, RespondentNameForm
from .groups import groups_set, questions_for
from .models import Identity, Round, RoundStatus
from .respondent import respondent_link_invalid, respondent_view
from .sections import COMPLETED, round_size, section_states, sections_for_round


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def start(request, token):
    try:
        link = services.respondent_link_for_token(token)
    except services.RoundError as error:
        return respondent_link_invalid(request, error.reason, error.message)
    round_ = link.round
    request.area = round_.area
    named = round_.identity == Identity.NAMED
    form = RespondentNameForm(request.POST or None) if named else None
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            started = services.response_start_from_link(
                token,
                respondent_name=data.get("respondent_name", ""),
                organisation=data.get("organisation", ""),
            )
        except services.RoundError as error:
            return respondent_link_invalid(request, error.reason, error.message)
        return redirect("respond:task-list", token=started.token)
    context = {
        "round": round_,
        "side": link.get_side_display(),
        "link": link,
        "sections": sections_for_round(round_),
        "size": round_size(round_),
    }
    if form is not None:
        context["form"] = form
    return render(request, "rounds/respond/start.html", context)


def _resume_url(request, response) -> str:
    return absolute_url(reverse("respond:task-list", args=[response.token]), request)


@respondent_view
def task_list(request, response):
    states = section_states(response)
    return render(
        request,
        "rounds/respond/task_list.html",
        {
            "response": response,
            "round": response.round,
            "states": states,
            "completed": sum(1 for s in states if s.status == COMPLETED),
            "all_complete": bool(states) and all(s.is_complete for s in states),
        },
    )


@respondent_view
def saved(request, response):
    context = {"response": response, "round": response.round}
    if response.member is None:
        context["resume_url"] = _resume_url(request, response)
        # A personal link's in-progress response points at its link (cut on sending), and
        # opening the personal link again resumes it; a shared link starts new answers.
        context["personal_link"] = response.link_id is not None
    else:
        context["member_url"] = reverse(
            "rounds:respond",
            kwargs={
                "area_code": response.round.area.gss_code,
                "round_id": response.round.public_id,
            },
        )
    return render(request, "rounds/respond/saved.html", context)


@respondent_view
def check(request, response):
    states = section_states(response)
    if not (states and all(s.is_complete for s in states)):
        return redirect("respond:task-list", token=response.token)
    groups = [
        (state.section, state.section.summary(response) if state.section.summary else [])
        for state in states
    ]
    return render(
        request,
        "rounds/respond/check.html",
        {"response": response, "round": response.round, "groups": groups},
    )


@login_not_required
@never_cache
@require_POST
def submit(request, token):
    """Send the answers. A second click (or a second tab) finds the response already sent and
    shows the same confirmation: one response, however many submissions."""
    response = services.response_resume(token)
    if response is None:
        round_ = Round.objects.filter(public_id=request.POST.get("round") or None).first()
        if round_ is not None and round_.status == RoundStatus.OPEN:
            return redirect("respond:sent", round_id=round_.public_id)
        return respondent_link_invalid(request, "resume")
    return respondent_view(_submit)(request, token)


def _submit(request, response):
    try:
        sent = services.response_submit(response, member=response.member)
    except services.RoundError as error:
        if error.reason == "incomplete":
            return redirect("respond:task-list", token=response.token)
        return respondent_link_invalid(request, error.reason, error.message)
    return redirect("respond:sent", round_id=sent.round.public_id)


@login_not_required
@never_cache
def sent(request, round_id):
    round_ = get_object_or_404(Round.objects.select_related("area"), public_id=round_id)
    request.area = round_.area
    return render(
        request,
        "rounds/respond/sent.html",
        {"round": round_},
    )


@respondent_view
@require_http_methods(["GET", "POST"])
def about_you(request, response):
    """The round's optional questions about who the respondent is (rounds.groups)."""
    questions = questions_for(response.round, response.side)
    form = GroupsForm(
        request.POST if request.method == "POST" else None,
        initial=response.groups or {},
        questions=questions,
    )
    if request.method == "POST" and form.is_valid():
        groups_set(response, form.cleaned_data)
        return redirect("respond:task-list", token=response.token)
    return render(
        request,
        "rounds/respond/about_you.html",
        {"response": response, "round": response.round, "form": form, "questions": questions},
    )
