"""Workshop pages inside an area: the list, planning one, letting people join, its agenda, each
item's notes and target, an agreed point made into an action, and the record afterwards. The
room itself (projector, presenter, stepping, revealing, live counts) is in room_views.py.
Every figure shown is read through selectors.room_results (the round's results pages' own)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from toolkit.actions.selectors import owner_choices
from toolkit.areas.models import ALL_ROLES, FACILITATOR_ROLES
from toolkit.areas.permissions import area_view, member_scopes
from toolkit.areas.scopes import GrantScope
from toolkit.rounds.models import Round

from . import presenters, record, selectors, services, targets
from .forms import AddItemForm, ItemActionForm, ItemRecordForm, WorkshopForm
from .models import ItemKind, WorkshopStatus

# The pages of the room a form may return to.
ROOM_PAGES = {"projector": "workshops:projector", "presenter": "workshops:presenter"}


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _workshop(area, workshop_id):
    workshop = selectors.workshop_for_area(area, workshop_id)
    if workshop is None:
        raise Http404("No such workshop in this area.")
    return workshop


def _item(workshop, item_id):
    item = selectors.agenda_item(workshop, item_id)
    if item is None:
        raise Http404("No such item on this workshop's agenda.")
    return item


def _detail(area, workshop):
    return redirect("workshops:detail", area_code=area.gss_code, workshop_id=workshop.public_id)


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
def workshop_list(request, area):
    return render(
        request,
        "workshops/list.html",
        {
            "workshops": list(selectors.workshops_for_area(area)),
            "is_facilitator": request.membership.is_facilitator,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
def workshop_create(request, area):
    initial = {"facilitator": request.membership.pk, "held_on": timezone.localdate()}
    chosen = Round.objects.filter(area=area, public_id=_uuid(request.GET.get("round"))).first()
    if chosen is not None:
        initial["round"] = chosen.pk
    form = WorkshopForm(request.POST or None, area=area, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.workshop_create(
                area=area,
                round_=data["round"],
                title=data["title"],
                held_on=data["held_on"],
                facilitator=data["facilitator"].user,
                council_people=data["council_people"],
                vcs_people=data["vcs_people"],
                created_by=request.user,
            )
        except services.WorkshopError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{workshop.title} planned. Build its agenda next.")
            return _detail(area, workshop)
    return render(request, "workshops/form.html", {"form": form})


def _add_forms(workshop):
    choices = selectors.add_choices(workshop)
    found = []
    for kind, options, label in (
        (ItemKind.RELATIONSHIP, choices.relationships, "Add a relationship"),
        (ItemKind.ELEMENT, choices.elements, "Add a key element"),
        (ItemKind.BARRIER, choices.barriers, "Add a barrier"),
    ):
        if options:
            found.append(AddItemForm(kind=kind, choices=options, label=label))
    return choices, found


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
def workshop_detail(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    membership = request.membership
    items = selectors.agenda(workshop)
    results = selectors.room_results(workshop)
    next_round_name, outcomes = targets.outcomes(workshop, items, results)
    context = {
        "workshop": workshop,
        "items": items,
        "is_facilitator": membership.is_facilitator,
        "counts": selectors.counted_responses(workshop),
        "results_visible": results.visible,
        "next_round_name": next_round_name,
        "outcomes": outcomes,
    }
    if membership.is_facilitator:
        context |= {
            "add_forms": _add_forms(workshop)[1],
            "links": [link for link in (workshop.council_link, workshop.vcs_link) if link],
            "may_confirm": bool(services.workshop_links_awaiting(workshop, membership)),
        }
    return render(request, "workshops/detail.html", context)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def agenda_build(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    results = selectors.room_results(workshop)
    if not results.visible:
        messages.error(
            request,
            "The round's results are sealed, so they cannot suggest items yet. Add items by "
            "hand, or build the agenda once both sides have answered.",
        )
        return _detail(area, workshop)
    added = services.agenda_build(workshop, results)
    if added:
        messages.success(
            request, f"{added} item{'s' if added != 1 else ''} added from the results."
        )
    else:
        messages.success(request, "Everything the results put forward is already on the agenda.")
    return _detail(area, workshop)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def agenda_add(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    choices, _forms = _add_forms(workshop)
    # Each kind's form is prefixed by its kind (the page shows one per kind): the kind is the
    # one whose prefixed hidden field came back.
    kind = next((k for k in ItemKind.values if request.POST.get(f"{k}-kind") == k), "")
    options = {
        ItemKind.RELATIONSHIP: choices.relationships,
        ItemKind.ELEMENT: choices.elements,
        ItemKind.BARRIER: choices.barriers,
    }.get(kind, [])
    form = AddItemForm(request.POST, kind=kind, choices=options, label="Add to the agenda")
    if form.is_valid():
        try:
            item = services.agenda_item_add(
                workshop, kind=kind, value=form.cleaned_data["value"], choices=choices
            )
        except services.WorkshopError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{item.title}” added to the agenda.")
    else:
        messages.error(request, "Choose what to add to the agenda from the list.")
    return _detail(area, workshop)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def item_move(request, area, workshop_id, item_id):
    workshop = _workshop(area, workshop_id)
    services.agenda_item_move(_item(workshop, item_id), request.POST.get("direction", ""))
    return redirect(
        reverse("workshops:detail", args=[area.gss_code, workshop.public_id]) + "#agenda"
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def item_remove(request, area, workshop_id, item_id):
    workshop = _workshop(area, workshop_id)
    item = _item(workshop, item_id)
    try:
        services.agenda_item_remove(item)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{item.title}” taken off the agenda.")
    return _detail(area, workshop)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def joining_open(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    try:
        services.workshop_joining_open(workshop, membership=request.membership)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"People can join with the code {workshop.join_code_display}. A facilitator of the "
            "other side must confirm the workshop's links before answers count.",
        )
    return _detail(area, workshop)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def links_confirm(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    try:
        confirmed = services.workshop_links_confirm(workshop, membership=request.membership)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{confirmed} link{'s' if confirmed != 1 else ''} confirmed: answers through "
            f"{'them' if confirmed != 1 else 'it'} now count.",
        )
    return _detail(area, workshop)


@area_view(roles=FACILITATOR_ROLES)
@require_http_methods(["GET", "POST"])
def workshop_finish(request, area, workshop_id):
    """GET: what finishing will do, with a warning button (it cannot be undone). POST: finish."""
    workshop = _workshop(area, workshop_id)
    if request.method == "GET":
        if workshop.status != WorkshopStatus.LIVE:
            return _detail(area, workshop)
        return render(request, "workshops/finish.html", {"workshop": workshop})
    services.workshop_finish(workshop)
    messages.success(
        request,
        f"{workshop.title} has finished: its code no longer works. Download its record below.",
    )
    return _detail(area, workshop)


# --- the conversation ---------------------------------------------------------------------


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
def item_detail(request, area, workshop_id, item_id):
    workshop = _workshop(area, workshop_id)
    item = _item(workshop, item_id)
    is_facilitator = request.membership.is_facilitator
    back = request.POST.get("back") or request.GET.get("back", "")
    form = None
    if is_facilitator:
        form = ItemRecordForm(
            request.POST if request.method == "POST" else None,
            kind=item.kind,
            initial={
                "said": item.said,
                "agreed": item.agreed,
                "target_strategic": item.target_strategic,
                "target_proactive": item.target_proactive,
                "target_band": item.target_band,
            },
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_record(
                item,
                services.ItemRecord(
                    said=data.get("said", ""),
                    agreed=data.get("agreed", ""),
                    target_strategic=data.get("target_strategic"),
                    target_proactive=data.get("target_proactive"),
                    target_band=data.get("target_band", ""),
                ),
            )
        except services.WorkshopError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Notes on “{item.title}” saved.")
            if back in ROOM_PAGES:
                return redirect(
                    ROOM_PAGES[back], area_code=area.gss_code, workshop_id=workshop.public_id
                )
            return redirect(
                "workshops:item",
                area_code=area.gss_code,
                workshop_id=workshop.public_id,
                item_id=item.public_id,
            )
    results = selectors.room_results(workshop)
    return render(
        request,
        "workshops/item.html",
        {
            "workshop": workshop,
            "item": item,
            "view": presenters.item_view(item, results, chart=True),
            "form": form,
            "back": back if back in ROOM_PAGES else "",
            "actions": list(item.actions.select_related("council_owner", "vcs_owner")),
            "show_actions": GrantScope.PLAN in member_scopes(request.membership),
            "is_facilitator": is_facilitator,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
def item_action(request, area, workshop_id, item_id):
    workshop = _workshop(area, workshop_id)
    item = _item(workshop, item_id)
    owners = owner_choices(area)
    first_line = next((line for line in item.agreed.splitlines() if line.strip()), "")
    form = ItemActionForm(request.POST or None, owners=owners, initial={"title": first_line[:200]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.agenda_item_action_create(
                item,
                title=data["title"],
                council_owner=data["council_owner"].user,
                vcs_owner=data["vcs_owner"].user,
                due_on=data["due_on"],
                user=request.user,
                results=selectors.room_results(workshop),
            )
        except services.WorkshopError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"“{action.title}” added to the action plan.")
            return redirect("actions:action", area_code=area.gss_code, action_id=action.public_id)
    return render(
        request, "workshops/item_action.html", {"workshop": workshop, "item": item, "form": form}
    )


# --- afterwards ---------------------------------------------------------------------------


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
def record_download(request, area, workshop_id, fmt):
    workshop = _workshop(area, workshop_id)
    data = record.workshop_record(workshop, scopes=member_scopes(request.membership))
    if fmt == "pdf":
        content, content_type = record.render_pdf(data), "application/pdf"
    else:
        content = record.render_docx(data)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{record.file_name(workshop, fmt)}"'
    return response
