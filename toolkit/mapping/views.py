"""Facilitator and results pages for mapping rounds, inside an area. Results pages show
nothing until the round's results are unsealed (rounds.selectors.round_results_visible); every
figure they show was decided by toolkit.disclosure (mapping.scoring.round_scores) and is worded
by mapping.presenters, which the reports, downloads and API use too."""

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from toolkit.areas.models import ALL_ROLES, FACILITATOR_ROLES
from toolkit.areas.permissions import area_view
from toolkit.areas.scopes import GrantScope
from toolkit.register.models import Relationship, Scale, Status
from toolkit.rounds.selectors import response_progress, round_for_area, round_results_visible

from . import charts, presenters, scoring, selectors, services, targets
from .forms import RoundRelationshipsForm
from .presenters import PERSPECTIVE_LABELS
from .respondent import RESULTS_PAGES


def _mapping_round(area, round_id):
    round_ = round_for_area(area, round_id)
    if round_ is None or not round_.includes_mapping:
        raise Http404("No such mapping round in this area.")
    return round_


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
def index(request, area):
    rounds = list(selectors.mapping_rounds_for_area(area))
    for round_ in rounds:
        round_.results_visible = round_results_visible(round_)
    return render(request, "mapping/index.html", {"rounds": rounds, "pages": RESULTS_PAGES})


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.RESULTS)
def round_relationships(request, area, round_id):
    round_ = _mapping_round(area, round_id)
    relationships = list(
        Relationship.objects.filter(area=area)
        .order_by("title", "id")
        .only("id", "public_id", "title", "status", "area_id")
    )
    covered = selectors.covered_ids(round_)
    initial = [
        str(r.public_id)
        for r in relationships
        if (r.pk in covered) or (not covered and r.status == Status.ACTIVE)
    ]
    form = RoundRelationshipsForm(
        request.POST if request.method == "POST" else None,
        initial={"relationships": initial},
        relationships=relationships,
    )
    closed = round_.status == "closed"
    if request.method == "POST" and not closed and form.is_valid():
        services.round_relationships_set(round_, form.chosen())
        messages.success(request, f"{len(form.chosen())} relationships chosen for {round_.name}.")
        return redirect("rounds:detail", area_code=area.gss_code, round_id=round_.public_id)
    return render(
        request,
        "mapping/round_relationships.html",
        {"round": round_, "form": form, "closed": closed, "covered_count": len(covered)},
    )


# --- results ------------------------------------------------------------------------------


def results_view(page: str):
    """Resolve the round (a mapping round of this area) and its results with the filters
    asked for; while sealed, render the page's template with only the sealed notice."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, area, round_id):
            round_ = _mapping_round(area, round_id)
            results = selectors.mapping_results(
                round_, selectors.MapFilters.from_query(request.GET)
            )
            context = {
                "round": round_,
                "results": results,
                "page": page,
                "pages": RESULTS_PAGES,
                "axis_labels": [presenters.AXIS_LABELS[a] for a in scoring.AXES],
                "types": list(results.vocab.types.values()),
                "scales": Scale.choices,
                "threshold": results.threshold,
                # one reverse() for the page, not one per row
                "register_url": reverse("register:list", kwargs={"area_code": area.gss_code}),
            }
            if results.visible:
                context = view(request, area, results, context)
            else:
                context["progress"] = response_progress(round_, results.counts, request.membership)
            return render(request, f"mapping/results_{page}.html", context)

        return wrapped

    return decorator


MAP_DESCRIPTION = (
    "Each numbered circle is a relationship, placed by how strategic (up) and how proactive "
    "(right) respondents rated it. Bigger circles have more financial investment; darker "
    "circles more time investment. The table below gives the same figures."
)


TARGETS_DESCRIPTION = (
    " A green ring is a target agreed at a workshop, with an arrow to it from where both sides "
    "together put the relationship now; the targets table below lists them."
)
MAP_ROWS_PER_PAGE = 50


def _rows_paged(request, items, rows_for) -> dict:
    """A results table of every listed relationship, a page at a time, filters kept in its
    links: only the page's rows are worded (`rows_for(items)`), however many are listed."""
    params = request.GET.copy()
    params.pop("page", None)
    rows_page = Paginator(items, MAP_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows_page.object_list = rows_for(list(rows_page.object_list))
    return {"rows_page": rows_page, "querystring": params.urlencode()}


def _map_context(request, items, perspective, *, chart_id, title, map_targets=None):
    """The map of every relationship, and its table of figures a page at a time."""
    arrows = targets.target_arrows(items, map_targets) if map_targets else []
    return _rows_paged(request, items, lambda page: presenters.map_rows(page, perspective)) | {
        "summary": presenters.map_summary(items, perspective),
        "chart": charts.strategic_map(
            presenters.map_points(items, perspective),
            chart_id=chart_id,
            title=title,
            desc=MAP_DESCRIPTION + (TARGETS_DESCRIPTION if arrows else ""),
            targets=arrows,
        ),
        "legend": presenters.map_legend(),
        "target_rows": targets.target_rows(items, map_targets) if map_targets else [],
    }


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@results_view("map")
def results_map(request, area, results, context):
    return context | _map_context(
        request,
        results.items,
        scoring.TOGETHER,
        chart_id="strategic-map",
        title="Strategic map: both sides together",
        map_targets=targets.standing_targets(results.round, results.items),
    )


def _page_spreads(results, rows_page):
    """Each side's spread of ratings for the relationships of the table's page shown: the
    figures the workshop room shows beside a relationship (ADR 18), worded by the same
    function."""
    by_id = results.by_id
    items = [by_id[row.relationship.pk] for row in rows_page.object_list]
    return presenters.spread_rows(items, results.threshold)


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@results_view("perspectives")
def results_perspectives(request, area, results, context):
    view = request.GET.get("view", "gaps")
    if view not in {"gaps", *PERSPECTIVE_LABELS}:
        view = "gaps"
    context |= {"view": view, "views": [("gaps", "The gaps"), *PERSPECTIVE_LABELS.items()]}
    if view != "gaps":
        context |= _map_context(
            request,
            results.items,
            view,
            chart_id=f"map-{view}",
            title=f"Strategic map: {PERSPECTIVE_LABELS[view].lower()}",
        )
        return context | {"spread_rows": _page_spreads(results, context["rows_page"])}
    rows, pairs = presenters.gap_rows(results.items)
    context |= _rows_paged(request, rows, lambda page: page)
    return (
        context
        | {"spread_rows": _page_spreads(results, context["rows_page"])}
        | {
            "gap_rows": rows,
            "not_compared": len(results.items) - len(rows),
            "chart": charts.gap_map(
                pairs,
                chart_id="gap-map",
                title="Council and sector views of each relationship",
                desc="For each numbered relationship, a blue circle shows the council's view and a "
                "red square the sector's view, joined by a line. Longer lines mean bigger "
                "disagreements. The table below lists them, largest first.",
            ),
            "council_swatch": charts.swatch(charts.COUNCIL_COLOUR),
            "vcs_swatch": charts.swatch(charts.VCS_COLOUR, "square"),
        }
    )


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@results_view("spatial")
def results_spatial(request, area, results, context):
    groups = presenters.scale_groups(results.items)
    context |= _rows_paged(request, results.items, presenters.scale_rows)
    return context | {
        "ring_counts": [
            (charts.RING_LABELS[key], len(groups.get(key, []))) for key in charts.RING_ORDER
        ],
        "chart": charts.rings(
            groups,
            chart_id="rings",
            title="Relationships by scale",
            desc="Three rings: neighbourhood in the middle, then whole place, then region on "
            "the outside. Each numbered dot is a relationship in the ring of its scale, "
            "coloured by its main type. The table below lists them.",
        ),
        "type_legend": [
            (charts.swatch(charts.TYPE_COLOURS.get(t.slug, charts.NO_VALUE)), t.title)
            for t in results.vocab.types.values()
        ],
        "scale_labels": [label for _value, label in Scale.choices],
    }


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@results_view("network")
def results_network(request, area, results, context):
    organisations = selectors.area_organisation_kinds(area)
    return context | presenters.network_context(results.items, organisations)


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@results_view("compare")
def results_compare(request, area, results, context):
    previous = results.round.previous_round
    context["previous"] = previous
    if previous is None:
        return context
    previous = round_for_area(area, previous.public_id)
    earlier = selectors.mapping_results(previous) if previous.includes_mapping else None
    context["previous_visible"] = bool(earlier and earlier.visible)
    if not context["previous_visible"]:
        return context
    return (
        context
        | presenters.movement_rows(results, earlier)
        | {"progress_rows": targets.progress_rows(results, earlier, targets.targets_for(previous))}
    )


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
@results_view("comments")
def results_comments(request, area, results, context):
    groups, withheld = presenters.comment_groups(
        results, selectors.shared_comment_rows(results.round)
    )
    return context | _rows_paged(request, groups, lambda page: page) | {"withheld": withheld}
