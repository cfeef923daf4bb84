"""The respondent's question pages for the principles assessment: one statement per page, then
the barriers and the pressures. Answers are saved on every Continue; "Save and come back later"
saves what is valid and shows the resume link."""

from django.http import Http404
from django.shortcuts import redirect, render

from toolkit.rounds.respondent import respondent_view

from . import services
from .forms import DONT_KNOW, AgreementForm, TickForm
from .models import NONE, OTHER
from .questions import agreement_scale, barriers_for_version, pressures_for_version
from .questions import questions_for_round as _questions
from .respondent import answer_to, barrier_slugs, pressure_slugs

LATER = "later"


def _later(request) -> bool:
    return request.POST.get("action") == LATER


@respondent_view
def question(request, response, number):
    questions = _questions(response.round)
    if not 1 <= number <= len(questions):
        raise Http404("No such question.")
    q = questions[number - 1]
    version = response.round.content_version
    scale = list(reversed(agreement_scale(version)))  # strongly agree first
    if request.method == "POST":
        form = AgreementForm(request.POST, scale=scale)
        if form.is_valid():
            services.element_answer_save(
                response,
                q,
                value=form.cleaned_value(),
                comment=form.cleaned_data["comment"],
                share=form.cleaned_data["share_comment"],
            )
            if _later(request):
                return redirect("respond:saved", token=response.token)
            if number < len(questions):
                return redirect(
                    "respond:assessment:question", token=response.token, number=number + 1
                )
            return redirect("respond:task-list", token=response.token)
        if _later(request):
            return redirect("respond:saved", token=response.token)
    else:
        initial = {}
        existing = answer_to(response, q.statement_id)
        if existing is not None:
            initial = {
                "value": DONT_KNOW if existing.value is None else str(existing.value),
                "comment": existing.comment,
                "share_comment": existing.share_comment,
            }
        form = AgreementForm(initial=initial, scale=scale)
    return render(
        request,
        "assessment/respond/question.html",
        {
            "response": response,
            "round": response.round,
            "question": q,
            "total": len(questions),
            "form": form,
            "version": version,
        },
    )


def _tick_page(request, response, *, kind):
    version = response.round.content_version
    if kind == "barriers":
        items = barriers_for_version(version)
        current = barrier_slugs(response)
        allow_other = True
        message = "Select the barriers you see, or select None of these"
    else:
        items = pressures_for_version(version)
        current = dict.fromkeys(pressure_slugs(response))
        allow_other = False
        message = "Select the pressures affecting the relationship, or select None of these"
    choices = [(item.slug, item.title) for item in items]
    if request.method == "POST":
        form = TickForm(
            request.POST, choices=choices, allow_other=allow_other, required_message=message
        )
        if form.is_valid():
            data = form.cleaned_data
            if kind == "barriers":
                services.barriers_save(
                    response, data["items"], other_text=data["other_text"], share=data["share_text"]
                )
            else:
                services.pressures_save(response, data["items"])
            if _later(request):
                return redirect("respond:saved", token=response.token)
            if kind == "barriers":
                return redirect("respond:assessment:pressures", token=response.token)
            return redirect("respond:task-list", token=response.token)
        if _later(request):
            return redirect("respond:saved", token=response.token)
    else:
        initial = {"items": list(current)}
        other = current.get(OTHER) if kind == "barriers" else None
        if other is not None:
            initial["other_text"] = other.other_text
            initial["share_text"] = other.share_text
        form = TickForm(
            initial=initial, choices=choices, allow_other=allow_other, required_message=message
        )
    selected = set(form["items"].value() or [])
    return render(
        request,
        f"assessment/respond/{kind}.html",
        {
            "response": response,
            "round": response.round,
            "form": form,
            "items": items,
            "selected": selected,
            "none": NONE,
            "other": OTHER,
        },
    )


@respondent_view
def barriers(request, response):
    return _tick_page(request, response, kind="barriers")


@respondent_view
def pressures(request, response):
    return _tick_page(request, response, kind="pressures")
