"""Facilitator and results pages for mapping rounds, inside an area. Results pages show
nothing until the round's results are unsealed (rounds.selectors.round_results_visible), and
every figure built from too few anonymous answers is withheld (mapping.scoring)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from toolkit.areas.models import ALL_ROLES, FACILITATOR_ROLES, OrganisationKind
from toolkit.areas.permissions import area_view
from toolkit.register.models import Relationship, Scale, Status
from toolkit.rounds.selectors import round_for_area, round_results_visible

from . import charts, scoring, selectors, services
from .forms import RoundRelationshipsForm
from .respondent import RESULTS_PAGES

AXIS_LABELS = {
    "strategic": "Strategic (5) or transactional (1)",
    "proactive": "Proactive (5) or reactive (1)",
    "financial": "Financial investment",
    "time": "Time investment",
}
PERSPECTIVE_LABELS = {
    "council": "Council view",
    "vcs": "Sector view",
    "together": "Both sides together",
}


def _mapping_round(area, round_id):
    round_ = round_for_area(area, round_id)
    if round_ is None or not round_.includes_mapping:
        raise Http404("No such mapping round in this area.")
    return round_


@area_view(roles=ALL_ROLES, scope="results")
def index(request, area):
    rounds = list(selectors.mapping_rounds_for_area(area))
    for round_ in rounds:
        round_.results_visible = round_results_visible(round_)
    return render(request, "mapping/index.html", {"rounds": rounds, "pages": RESULTS_PAGES})


@area_view(roles=FACILITATOR_ROLES, scope="results")
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


def _num(value) -> str:
    """1–5 means and distances as people write them: 4, 4.6, 3.28; a dash for none."""
    return "–" if value is None else f"{value:g}"


def _pair(position) -> tuple[str, str]:
    return (_num(position.mean("strategic")), _num(position.mean("proactive")))


def _figure_text(position, axis):
    if position is None:
        return "No ratings"
    figure = position.figures.get(axis)
    if figure is None or figure.n == 0:
        return "No ratings"
    if figure.suppressed:
        return "Too few answers"
    return f"{figure.mean:g}"


def _row(item, position):
    return {
        "number": item.number,
        "relationship": item.relationship,
        "main_type": item.main_type,
        "respondents": position.respondents if position else 0,
        "values": [_figure_text(position, axis) for axis in scoring.AXES],
        "placed": bool(position and position.is_placed),
    }


def _results_context(request, round_, page, results):
    return {
        "round": round_,
        "results": results,
        "page": page,
        "pages": RESULTS_PAGES,
        "axis_labels": [AXIS_LABELS[a] for a in scoring.AXES],
        "types": list(results.vocab.types.values()),
        "scales": Scale.choices,
        "threshold": results.threshold,
        # one reverse() for the page, not one per row
        "register_url": reverse("register:list", kwargs={"area_code": round_.area.gss_code}),
    }


def _map_summary(positions, rows_total):
    placed = [p for p in positions if p and p.is_placed]
    quadrants = {}
    for p in placed:
        name = scoring.quadrant(p.mean("strategic"), p.mean("proactive"))
        quadrants[name] = quadrants.get(name, 0) + 1
    order = [
        "strategic and proactive",
        "strategic and reactive",
        "transactional and proactive",
        "transactional and reactive",
    ]
    return {
        "placed": len(placed),
        "not_placed": rows_total - len(placed),
        "quadrants": [(name, quadrants.get(name, 0)) for name in order],
    }


def _points(items, perspective):
    points = []
    for item in items:
        position = item.positions.get(perspective)
        if position and position.is_placed:
            points.append(
                charts.Point(
                    item.number,
                    position.mean("strategic"),
                    position.mean("proactive"),
                    position.mean("financial"),
                    position.mean("time"),
                )
            )
    return points


@area_view(roles=ALL_ROLES, scope="results")
def results_map(request, area, round_id):
    round_ = _mapping_round(area, round_id)
    results = selectors.mapping_results(round_, selectors.MapFilters.from_query(request.GET))
    context = _results_context(request, round_, "map", results)
    if results.visible:
        rows = [_row(i, i.together) for i in results.items]
        context |= {
            "rows": rows,
            "summary": _map_summary([i.together for i in results.items], len(rows)),
            "chart": charts.strategic_map(
                _points(results.items, scoring.TOGETHER),
                chart_id="strategic-map",
                title="Strategic map: both sides together",
                desc="Each numbered circle is a relationship, placed by how strategic (up) and "
                "how proactive (right) respondents rated it. Bigger circles have more financial "
                "investment; darker circles more time investment. The table below gives the "
                "same figures.",
            ),
            "legend": _legend(),
        }
    return render(request, "mapping/results_map.html", context)


def _legend():
    return {
        "time": [
            (charts.swatch(colour), label)
            for colour, label in zip(
                charts.TIME_COLOURS,
                ["None (1)", "Low (2)", "Moderate (3)", "Substantial (4)", "High (5)"],
                strict=True,
            )
        ],
        "no_value": charts.swatch(charts.NO_VALUE),
    }


@area_view(roles=ALL_ROLES, scope="results")
def results_perspectives(request, area, round_id):
    round_ = _mapping_round(area, round_id)
    view = request.GET.get("view", "gaps")
    if view not in {"gaps", *PERSPECTIVE_LABELS}:
        view = "gaps"
    results = selectors.mapping_results(round_, selectors.MapFilters.from_query(request.GET))
    context = _results_context(request, round_, "perspectives", results)
    context |= {"view": view, "views": [("gaps", "The gaps"), *PERSPECTIVE_LABELS.items()]}
    if results.visible:
        items = results.items
        if view == "gaps":
            council = {
                i.relationship.pk: i.positions["council"] for i in items if i.positions["council"]
            }
            vcs = {i.relationship.pk: i.positions["vcs"] for i in items if i.positions["vcs"]}
            gaps = scoring.gaps_largest_first(council, vcs)
            by_id = results.by_id
            gap_rows = []
            pairs = []
            for g in gaps:
                item = by_id[g.relationship_id]
                c, v = council[g.relationship_id], vcs[g.relationship_id]
                gap_rows.append(
                    {
                        "number": item.number,
                        "relationship": item.relationship,
                        "council": _pair(c),
                        "vcs": _pair(v),
                        "differences": [g.differences[a] for a in scoring.AXES],
                        "distance": _num(g.distance),
                        "largest": AXIS_LABELS.get(g.largest_axis, ""),
                    }
                )
                if c.is_placed and v.is_placed:
                    pairs.append(
                        charts.GapPair(
                            item.number,
                            (c.mean("strategic"), c.mean("proactive")),
                            (v.mean("strategic"), v.mean("proactive")),
                        )
                    )
            context |= {
                "gap_rows": gap_rows,
                "not_compared": len(items) - len(gap_rows),
                "chart": charts.gap_map(
                    pairs,
                    chart_id="gap-map",
                    title="Council and sector views of each relationship",
                    desc="For each numbered relationship, a blue circle shows the council's "
                    "view and a red square the sector's view, joined by a line. Longer lines "
                    "mean bigger disagreements. The table below lists them, largest first.",
                ),
                "council_swatch": charts.swatch(charts.COUNCIL_COLOUR),
                "vcs_swatch": charts.swatch(charts.VCS_COLOUR, "square"),
            }
        else:
            rows = [_row(i, i.positions[view]) for i in items]
            context |= {
                "rows": rows,
                "summary": _map_summary([i.positions[view] for i in items], len(rows)),
                "chart": charts.strategic_map(
                    _points(items, view),
                    chart_id=f"map-{view}",
                    title=f"Strategic map: {PERSPECTIVE_LABELS[view].lower()}",
                    desc="Each numbered circle is a relationship, placed by how strategic (up) "
                    "and how proactive (right) it was rated. Bigger circles have more "
                    "financial investment; darker circles more time investment. The table "
                    "below gives the same figures.",
                ),
                "legend": _legend(),
            }
    return render(request, "mapping/results_perspectives.html", context)


@area_view(roles=ALL_ROLES, scope="results")
def results_spatial(request, area, round_id):
    round_ = _mapping_round(area, round_id)
    results = selectors.mapping_results(round_, selectors.MapFilters.from_query(request.GET))
    context = _results_context(request, round_, "spatial", results)
    if results.visible:
        counts = scoring.scale_counts(
            results.ratings, threshold=results.threshold, anonymous=results.anonymous
        )
        groups = {key: [] for key in charts.RING_ORDER}
        rows = []
        for item in results.items:
            relationship = item.relationship
            main = next((t.type_slug for t in relationship.types.all() if t.is_main), "")
            groups.setdefault(relationship.scale, []).append(
                charts.Point(item.number, 0, 0, colour=charts.TYPE_COLOURS.get(main))
            )
            said = counts.get(relationship.pk, {})
            rows.append(
                {
                    "number": item.number,
                    "relationship": relationship,
                    "main_type": item.main_type,
                    "scale": relationship.get_scale_display() or "Not recorded",
                    "where": relationship.neighbourhoods or relationship.get_region_kind_display(),
                    "said": None
                    if said is None
                    else [said.get(value, 0) for value, _label in Scale.choices],
                }
            )
        context |= {
            "rows": rows,
            "ring_counts": [
                (charts.RING_LABELS[key], len(groups.get(key, []))) for key in charts.RING_ORDER
            ],
            "chart": charts.rings(
                groups,
                chart_id="rings",
                title="Relationships by scale",
                desc="Three rings: neighbourhood in the middle, then whole place, then region "
                "on the outside. Each numbered dot is a relationship in the ring of its scale, "
                "coloured by its main type. The table below lists them.",
            ),
            "type_legend": [
                (charts.swatch(charts.TYPE_COLOURS.get(t.slug, charts.NO_VALUE)), t.title)
                for t in results.vocab.types.values()
            ],
            "scale_labels": [label for _value, label in Scale.choices],
        }
    return render(request, "mapping/results_spatial.html", context)


@area_view(roles=ALL_ROLES, scope="results")
def results_network(request, area, round_id):
    round_ = _mapping_round(area, round_id)
    results = selectors.mapping_results(round_, selectors.MapFilters.from_query(request.GET))
    context = _results_context(request, round_, "network", results)
    if results.visible:
        organisations = selectors.area_organisation_kinds(area)
        parties = {
            item.relationship.pk: [p.organisation_id for p in item.relationship.parties.all()]
            for item in results.items
        }
        summary = scoring.network({pk: kind for pk, (kind, _o) in organisations.items()}, parties)

        def name(pk):
            return str(organisations[pk][1])

        ranked = sorted(organisations, key=lambda pk: (-summary.degree.get(pk, 0), name(pk)))
        nodes = [
            charts.Node(pk, name(pk), organisations[pk][0], summary.degree.get(pk, 0))
            for pk in ranked[:60]
        ]
        weights = {}
        for members in parties.values():
            members = sorted(set(members))
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    weights[(a, b)] = weights.get((a, b), 0) + 1
        vcs_total = sum(1 for kind, _o in organisations.values() if kind == OrganisationKind.VCS)
        context |= {
            "summary": summary,
            "vcs_total": vcs_total,
            "node_rows": [
                {
                    "number": n,
                    "name": node.label,
                    "kind": organisations[node.key][1].get_kind_display(),
                    "degree": node.degree,
                }
                for n, node in enumerate(nodes, start=1)
            ],
            "more_nodes": max(0, len(ranked) - len(nodes)),
            "unconnected": [name(pk) for pk in summary.unconnected_vcs],
            "departments_without": [name(pk) for pk in summary.departments_without],
            "suspects": [(name(pk), summary.degree.get(pk, 0)) for pk in summary.usual_suspects],
            "brokers": [name(pk) for pk, _b in summary.brokers],
            "chart": charts.network_chart(
                nodes,
                [(a, b, w) for (a, b), w in weights.items()],
                chart_id="network",
                title="Who works with whom",
                desc="Council and its departments are blue circles on the left, voluntary and "
                "community organisations red squares on the right; a line joins two that share "
                "a relationship. White marks have no relationships. Numbers match the table.",
            ),
            "council_swatch": charts.swatch(charts.COUNCIL_COLOUR),
            "vcs_swatch": charts.swatch(charts.VCS_COLOUR, "square"),
        }
    return render(request, "mapping/results_network.html", context)


@area_view(roles=ALL_ROLES, scope="results")
def results_compare(request, area, round_id):
    round_ = _mapping_round(area, round_id)
    results = selectors.mapping_results(round_, selectors.MapFilters.from_query(request.GET))
    context = _results_context(request, round_, "compare", results)
    previous = round_.previous_round
    context["previous"] = previous
    if results.visible and previous is not None:
        previous = round_for_area(area, previous.public_id)
        earlier = selectors.mapping_results(previous) if previous.includes_mapping else None
        context["previous_visible"] = bool(earlier and earlier.visible)
        if earlier and earlier.visible:
            before = {i.relationship.pk: i.together for i in earlier.all_items if i.together}
            after = {i.relationship.pk: i.together for i in results.items if i.together}
            moved = scoring.movements_largest_first(before, after)
            by_id = results.by_id
            context |= {
                "moves": [
                    {
                        "number": by_id[m.relationship_id].number,
                        "relationship": by_id[m.relationship_id].relationship,
                        "before": _pair(m.before),
                        "after": _pair(m.after),
                        "strategic": scoring.describe_change(
                            m.changes["strategic"], up="strategic", down="transactional"
                        ),
                        "proactive": scoring.describe_change(
                            m.changes["proactive"], up="proactive", down="reactive"
                        ),
                        "financial": scoring.describe_change(
                            m.changes["financial"], up="more", down="less"
                        ),
                        "time": scoring.describe_change(m.changes["time"], up="more", down="less"),
                        "distance": _num(m.distance),
                    }
                    for m in moved
                ],
                "new_only": [
                    i.relationship
                    for i in results.items
                    if i.relationship.pk not in before and i.together
                ],
                "earlier_only": [
                    i.relationship
                    for i in earlier.all_items
                    if i.relationship.pk not in after and i.together
                ],
            }
    return render(request, "mapping/results_compare.html", context)


@area_view(roles=ALL_ROLES, scope="results")
def results_comments(request, area, round_id):
    round_ = _mapping_round(area, round_id)
    results = selectors.mapping_results(round_, selectors.MapFilters.from_query(request.GET))
    context = _results_context(request, round_, "comments", results)
    if results.visible:
        respondents = {}
        for row in results.ratings:
            key = (row.relationship_id, row.side)
            respondents[key] = respondents.get(key, 0) + 1
        shown, withheld = scoring.comments_shown(
            selectors.comment_rows(round_),
            respondents,
            threshold=results.threshold,
            anonymous=results.anonymous,
        )
        sides = {"council": "Council", "vcs": "Sector"}
        context |= {
            "groups": [
                {
                    "item": item,
                    "comments": [
                        {"side": sides.get(side, side), "text": text, "by": by}
                        for side, text, by in shown[item.relationship.pk]
                    ],
                }
                for item in results.items
                if item.relationship.pk in shown
            ],
            "withheld": sum(1 for i in results.items if i.relationship.pk in withheld),
        }
    return render(request, "mapping/results_comments.html", context)
