"""Paper in the room, for a workshop's facilitators: the printable pack, and typing in the
paper forms one at a time (pile by pile), then the other side's confirmation. Pages work
without JavaScript; a form with errors comes back with everything typed still in it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toolkit.areas.models import FACILITATOR_ROLES, Side
from toolkit.areas.permissions import area_view
from toolkit.workshops import selectors as workshop_selectors

from . import pack, selectors, services
from .forms import PaperEntryForm, PilePlanForm
from .questionnaire import paper_questionnaire

SIDE_CHOICES = [(Side.COUNCIL, "Council side"), (Side.VCS, "Voluntary and community sector side")]


def _workshop(area, workshop_id):
    workshop = workshop_selectors.workshop_for_area(area, workshop_id)
    if workshop is None:
        raise Http404("No such workshop in this area.")
    return workshop


def _pile(workshop, pile_id):
    pile = selectors.pile_for_workshop(workshop, pile_id)
    if pile is None:
        raise Http404("No such pile of paper forms.")
    return pile


def _home(area, workshop):
    return redirect("paper:home", area_code=area.gss_code, workshop_id=workshop.public_id)


@area_view(roles=FACILITATOR_ROLES)
def paper_home(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    form = PilePlanForm(request.POST or None, sides=SIDE_CHOICES)
    if request.method == "POST" and form.is_valid():
        try:
            pile = services.pile_create(
                workshop,
                side=form.cleaned_data["side"],
                count=form.cleaned_data["count"],
                membership=request.membership,
            )
        except services.PaperError as error:
            form.add_error(None, error.message)
        else:
            return redirect(
                "paper:enter",
                area_code=area.gss_code,
                workshop_id=workshop.public_id,
                pile_id=pile.public_id,
            )
    return render(
        request,
        "paper/home.html",
        {
            "workshop": workshop,
            "form": form,
            "piles": selectors.piles(workshop, request.membership),
            "tables": pack.tables_default(workshop),
            "tables_max": pack.TABLES_MAX,
            "accepting": workshop.round.is_accepting,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
def pack_download(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    data = pack.workshop_pack(
        workshop, tables=pack.tables_from(request.GET.get("tables"), workshop)
    )
    response = HttpResponse(pack.render_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pack.file_name(workshop)}"'
    return response


@area_view(roles=FACILITATOR_ROLES)
def pile_enter(request, area, workshop_id, pile_id):
    workshop = _workshop(area, workshop_id)
    pile = _pile(workshop, pile_id)
    questionnaire = paper_questionnaire(workshop.round)
    problem = services.entry_problem(pile)
    form = PaperEntryForm(
        request.POST if request.method == "POST" and not problem else None,
        questionnaire=questionnaire,
    )
    if request.method == "POST" and not problem and form.is_valid():
        try:
            services.paper_form_enter(pile, form.answers(), membership=request.membership)
        except services.PaperError as error:
            messages.error(request, error.message)
            return _home(area, workshop)
        typed = services.pile_typed(pile)
        messages.success(
            request, f"Form {typed} of {pile.forms} typed in. Put it face down on the done pile."
        )
        if typed >= pile.forms:
            return _home(area, workshop)
        return redirect(
            "paper:enter",
            area_code=area.gss_code,
            workshop_id=workshop.public_id,
            pile_id=pile.public_id,
        )
    return render(
        request,
        "paper/enter.html",
        {
            "workshop": workshop,
            "pile": pile,
            "form": form if not problem else None,
            "problem": problem,
            "typed": services.pile_typed(pile),
            "questionnaire": questionnaire,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def pile_confirm(request, area, workshop_id, pile_id):
    workshop = _workshop(area, workshop_id)
    pile = _pile(workshop, pile_id)
    try:
        counted = services.pile_confirm(pile, membership=request.membership)
    except services.PaperError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Pile confirmed: {counted} form{'s' if counted != 1 else ''} now count"
            f"{'s' if counted == 1 else ''}.",
        )
    return _home(area, workshop)
