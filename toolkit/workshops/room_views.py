"""The workshop in the room: the projector (for the wall), the presenter's screen (for the
facilitator's laptop), moving through the agenda, revealing figures, and the small JSON both
poll for live counts. What the wall shows is read through selectors.room_results (the round's
results pages' own figures) and worded by presenters."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
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
        "state": selectors.room_state(workshop, items),
        "join_url": absolute_url(join_path, request),
        "join_url_short": absolute_url(join_path, request).split("://", 1)[-1].rstrip("/"),
        "qr": charts.join_qr(absolute_url(code_path, request)) if code_path else "",
        "is_facilitator": request.membership.is_facilitator,
        "keys_help": KEYS_HELP,
        "hackney": presenters.HACKNEY,
        "live_url": reverse("workshops:live", args=[area.gss_code, workshop.public_id]),
        "room_keys": ROOM_KEYS,
    }


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@never_cache
def projector(request, area, workshop_id):
    workshop = _workshop(area, workshop_id)
    return render(request, "workshops/projector.html", _room_context(request, area, workshop))


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
    printed, and the wall's state (a change means: fetch the page again)."""
    workshop = _workshop(area, workshop_id)
    items = selectors.agenda(workshop)
    return JsonResponse(
        {
            "state": selectors.room_state(workshop, items),
            "counts": {c.side: c.count.text for c in selectors.counted_responses(workshop)},
            "position": min(workshop.position, len(items)),
            "items": len(items),
        }
    )
