"""The workshop in the room: the projector (for the wall), the presenter's screen (for the
facilitator's laptop), moving through the agenda, revealing figures, and the small JSON both
poll for live counts. What the wall shows is read through selectors.room_results (the round's
results pages' own figures) and worded by presenters."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from toolkit.areas.models import ALL_ROLES, FACILITATOR_ROLES
from toolkit.areas.permissions import area_view
from toolkit.areas.scopes import GrantScope
from toolkit.core.links import absolute_url

from . import charts, presenters, selectors, services
from .forms import ItemRecordForm
from .views import ROOM_PAGES, _workshop

ROOM_KEYS = [
    ("previous", "workshops:step"),
    ("next", "workshops:step"),
    ("reveal", "workshops:reveal"),
]
KEYS_HELP = (
    "Right arrow or Page Down: next item. Left arrow or Page Up: previous item. "
    "R: reveal the figures."
)


# --- in the room ------------------------------------------------------------------------------


def _room_context(request, area, workshop):
    items = selectors.agenda(workshop)
    position = min(workshop.position, len(items))
    current = items[position - 1] if position else None
    results = selectors.room_results(workshop)
    join_path = reverse("join:enter")
    code_path = reverse("join:code", args=[workshop.join_code]) if workshop.join_code else ""
    return {
        "workshop": workshop,
        "items": items,
        "position": position,
        "current": current,
        "next_item": items[position] if position < len(items) else None,
        "view": presenters.item_view(current, results, chart=True) if current else None,
        "results_visible": results.visible,
        "counts": selectors.counted_responses(workshop),
        "join_url": absolute_url(join_path, request),
        "join_url_short": absolute_url(join_path, request).split("://", 1)[-1].rstrip("/"),
        "qr": charts.join_qr(absolute_url(code_path, request)) if code_path else "",
        "is_facilitator": request.membership.is_facilitator,
        "keys_help": KEYS_HELP,
        "hackney": presenters.HACKNEY,
        "live_url": reverse("workshops:live", args=[area.gss_code, workshop.public_id]),
        "room_keys": ROOM_KEYS,
    }


@dataclass(frozen=True)
class Stage:
    """What the wall shows now, drawn once: its HTML (the same template the page includes),
    the page's title, and a version that changes exactly when either does. The version is a
    digest of what is on the wall, so it says no more than the wall itself."""

    html: str
    title: str
    version: str


# The views that follow the wall live, and the fragment each swaps in: the projector's stage,
# and the presenter's column of what is on the wall (its figures, next up, the agenda).
STAGES = {"wall": "workshops/_stage.html", "presenter": "workshops/_presenter_stage.html"}


def _stage(request, context, view: str = "wall") -> Stage:
    html = render_to_string(STAGES[view], context, request)
    current, workshop = context["current"], context["workshop"]
    if view == "wall":
        shown = current.title if current else "Join"
        title = f"{shown} – {workshop.title} – projector – {settings.SERVICE_NAME}"
    else:
        title = ""  # the presenter's page keeps its own title
    version = hashlib.sha256(f"{view}\n{title}\n{html}".encode()).hexdigest()[:16]
    return Stage(html, title, version)


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@never_cache
def projector(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    context = _room_context(request, area, workshop)
    context["stage"] = _stage(request, context)
    return render(request, "workshops/projector.html", context)


@area_view(roles=FACILITATOR_ROLES)
@never_cache
def presenter(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    context = _room_context(request, area, workshop)
    context["links_waiting"] = [
        link
        for link in (workshop.council_link, workshop.vcs_link)
        if link is not None and link.revoked_at is None and not link.is_confirmed
    ]
    current = context["current"]
    if current is not None:
        context["form"] = ItemRecordForm(
            kind=current.kind,
            initial={
                "said": current.said,
                "agreed": current.agreed,
                "target_strategic": current.target_strategic,
                "target_proactive": current.target_proactive,
                "target_band": current.target_band,
            },
        )
    context["stage"] = _stage(request, context, "presenter")
    return render(request, "workshops/presenter.html", context)


def _back(request, area, workshop):
    page = ROOM_PAGES.get(request.POST.get("back", ""), "workshops:presenter")
    return redirect(page, area_code=area.gss_code, workshop_id=workshop.public_id)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def step(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    services.workshop_step(workshop, request.POST.get("to", ""))
    return _back(request, area, workshop)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def reveal(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    try:
        services.workshop_reveal(workshop)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    return _back(request, area, workshop)


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@require_GET
@never_cache
def live(request, area, workshop_id):
    """The small JSON the projector and presenter poll: counts per side as they may be
    printed. A view that follows the wall sends the version of the stage it shows
    (`?stage=`, and `?view=presenter` for the presenter's, facilitators only); it gets the
    stage's version now and, when that differs, the stage itself, drawn as the page draws it
    (so from the round's results pages' own figures), to swap in."""
    workshop = _workshop(area, workshop_id)
    shown = request.GET.get("stage")
    view = request.GET.get("view", "wall")
    if view not in STAGES:
        return JsonResponse({"error": "unknown view"}, status=400)
    if view == "presenter" and not request.membership.is_facilitator:
        return JsonResponse({"error": "facilitators only"}, status=403)
    # A poll with a stage draws it, and its context already holds the agenda and the counts:
    # read them once (a poll without one needs only these two).
    if shown is not None:
        context = _room_context(request, area, workshop)
        items, counts = context["items"], context["counts"]
    else:
        items, counts = selectors.agenda(workshop), selectors.counted_responses(workshop)
    data = {
        "counts": {c.side: c.count.text for c in counts},
        "position": min(workshop.position, len(items)),
        "items": len(items),
    }
    if shown is not None:
        stage = _stage(request, context, view)
        data["stage"] = {"version": stage.version}
        if stage.version != shown:
            data["stage"] |= {"html": stage.html, "title": stage.title}
    return JsonResponse(data)
