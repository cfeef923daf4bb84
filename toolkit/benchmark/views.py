from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toolkit.areas.models import FACILITATOR_ROLES
from toolkit.areas.permissions import area_view

from . import groups, selectors, services, tasks


def _analyst_only(request):
    if not request.user.is_national_analyst:
        raise PermissionDenied


def national(request):
    """The national picture, for national analysts: aggregates only, no area named."""
    _analyst_only(request)
    group = request.GET.get("kind", selectors.ALL)
    if group not in dict(selectors.group_choices()):
        group = selectors.ALL
    stored = selectors.stored_area_records()
    # Queued now or already queued: either way, newer figures are on their way.
    tasks.benchmark_refresh_queue(stored.stale_area_ids)
    refreshing = bool(stored.stale_area_ids)
    benchmark = selectors.national_benchmark(group, stored.records)
    return render(
        request,
        "benchmark/national.html",
        {
            "benchmark": benchmark,
            "worked_out_at": stored.oldest,
            "refreshing": refreshing,
            "groups": selectors.group_choices(),
            "sides": [(s, selectors.SIDE_LABELS[s]) for s in selectors.SIDES],
        },
    )


@area_view()
def area_page(request, area):
    """Whether the area takes part, and where it sits against the national picture."""
    participation = selectors.participation_for(area)
    position = comparisons = None
    if participation:
        stored = selectors.stored_area_records().records
        own = selectors.area_record(area)
        position = selectors.area_position(area, stored, own)
        comparisons = groups.comparison_groups(area, stored, own)
    return render(
        request,
        "benchmark/area.html",
        {
            "participation": participation,
            "position": position,
            "comparisons": comparisons,
            "no_nearest_neighbours": groups.NO_NEAREST_NEIGHBOURS,
            "side_labels": selectors.SIDE_LABELS,
            "can_change": request.membership.role in FACILITATOR_ROLES,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def opt_in(request, area):
    services.benchmark_opt_in(area, user=request.user)
    messages.success(request, f"{area.name} now takes part in the national benchmark.")
    return redirect("benchmark-area:index", area_code=area.gss_code)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def opt_out(request, area):
    services.benchmark_opt_out(area)
    messages.success(request, f"{area.name} no longer takes part in the national benchmark.")
    return redirect("benchmark-area:index", area_code=area.gss_code)
