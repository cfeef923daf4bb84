"""Results of the principles self-assessment, for the members of an area. Every page (and the
download) is sealed until the round's results are visible; while sealed, facilitators see only
how many responses each side has sent."""

import csv
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toolkit.areas.models import FACILITATOR_ROLES
from toolkit.areas.permissions import area_view
from toolkit.areas.scopes import GrantScope
from toolkit.rounds import selectors as round_selectors

from . import charts, comparisons, scoring, selectors, services

PAGES = [
    ("profile", "Profile"),
    ("gaps", "Gaps between the sides"),
    ("barriers", "Barriers and pressures"),
    ("comments", "Comments"),
    ("trend", "Change over time"),
    ("groups", "By group"),
]


def results_view(page: str):
    """Resolve the round (an assessment round of this area), then apply sealing."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, area, round_id, *args, **kwargs):
            round_ = round_selectors.round_for_area(area, round_id)
            if round_ is None or not round_.has_assessment:
                raise Http404("No such assessment round in this area.")
            counts = round_selectors.response_counts(round_)
            context = {
                "round": round_,
                "counts": counts,
                "threshold": round_selectors.round_threshold(round_),
                "page": page,
                "pages": [p for p in PAGES if _page_applies(p[0], round_)],
            }
            if not round_selectors.round_results_visible(round_, counts):
                if page == "csv":
                    raise Http404("Results are sealed.")
                context["progress"] = round_selectors.response_progress(
                    round_, counts, request.membership
                )
                return render(request, "assessment/sealed.html", context)
            return view(request, area, round_, counts, context, *args, **kwargs)

        return wrapped

    return decorator


def _page_applies(page: str, round_) -> bool:
    if page == "trend":
        return bool(round_.previous_round_id)
    if page == "groups":
        return bool(round_.group_questions)
    return True


@area_view(scope=GrantScope.RESULTS)
def index(request, area):
    rounds = [r for r in round_selectors.rounds_for_area(area) if r.has_assessment]
    visible = {
        r.pk: round_selectors.round_results_visible(r, round_selectors.response_counts(r))
        for r in rounds
    }
    return render(
        request,
        "assessment/index.html",
        {"rounds": [(r, visible[r.pk]) for r in rounds]},
    )


@area_view(scope=GrantScope.RESULTS)
@results_view("profile")
def profile(request, area, round_, counts, context):
    result = selectors.round_profile(round_, counts)
    strengths, weaknesses = comparisons.highest_and_lowest(result.elements)
    description = charts.chart_description(result.elements)
    context.update(
        profile=result,
        strengths=strengths,
        weaknesses=weaknesses,
        elements_alike=comparisons.one_mean(result.elements),
        chart_summary=description,
        chart=charts.mean_chart(
            result.elements,
            chart_id="elements-chart",
            title="Mean agreement with each key element, council and VCS",
            description=description,
        ),
    )
    return render(request, "assessment/profile.html", context)


@area_view(scope=GrantScope.RESULTS)
@results_view("gaps")
def gaps(request, area, round_, counts, context):
    result = selectors.round_profile(round_, counts)
    context.update(
        element_gaps=comparisons.agreement_gaps(result.elements),
        principle_gaps=comparisons.agreement_gaps(result.principles),
        profile=result,
    )
    return render(request, "assessment/gaps.html", context)


@area_view(scope=GrantScope.RESULTS)
@results_view("barriers")
def barriers(request, area, round_, counts, context):
    results = selectors.round_results(round_, counts)
    context.update(barriers=results.barriers, pressures=results.pressures)
    return render(request, "assessment/barriers.html", context)


@area_view(scope=GrantScope.RESULTS)
@results_view("comments")
def comments(request, area, round_, counts, context):
    is_facilitator = request.membership.is_facilitator
    results = selectors.round_results(round_, counts)
    context["comments"] = selectors.round_comments(round_, results, include_hidden=is_facilitator)
    context["is_facilitator"] = is_facilitator
    return render(request, "assessment/comments.html", context)


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.RESULTS)
@require_POST
@results_view("comments")
def comment_hide(request, area, round_, counts, context, comment_id):
    if not services.comment_hide(round_, comment_id):
        raise Http404("No such comment.")
    messages.success(request, "Comment hidden. Only facilitators can now see it.")
    return redirect("assessment:comments", area_code=area.gss_code, round_id=round_.public_id)


@area_view(scope=GrantScope.RESULTS)
@results_view("trend")
def trend(request, area, round_, counts, context):
    result = selectors.round_profile(round_, counts)
    context["trend"] = selectors.round_trend(round_, result)
    return render(request, "assessment/trend.html", context)


@area_view(scope=GrantScope.RESULTS)
@results_view("csv")
def profile_csv(request, area, round_, counts, context):
    """The profile as CSV: a withheld figure's cells are blank, with the reason in a column."""
    result = selectors.round_profile(round_, counts)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="principles-profile-{round_.public_id}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        ["level", "id", "title", "side", "respondents", "mean", "median", "band"]
        + [f"answered {point}" for point in scoring.SCALE]
        + ["don't know", "note"]
    )
    for level, row, view, summary in comparisons.profile_lines(result):
        if summary.withheld:
            writer.writerow(
                [level, row.slug, row.title, view, summary.count.text]
                + [""] * 9
                + [f"not shown: {summary.note}"]
            )
            continue
        writer.writerow(
            [level, row.slug, row.title, view, summary.n]
            + [summary.mean or "", summary.median or "", summary.band or ""]
            + list(summary.distribution)
            + [summary.dont_know, ""]
        )
    return response


@area_view(scope=GrantScope.RESULTS)
@results_view("groups")
def groups(request, area, round_, counts, context):
    """Each side's results by the questions the round asked at the start, where every group
    passes the rules (by_group)."""
    if not round_.group_questions:
        raise Http404("This round asked no questions about who respondents are.")
    context["views"] = selectors.round_results(round_, counts).by_group
    return render(request, "assessment/groups.html", context)


@area_view(scope=GrantScope.RESULTS)
@results_view("csv")
def groups_csv(request, area, round_, counts, context):
    """The results by group as CSV: one line per side, question, item and group; a view or a
    row not shown has no figures, with the reason in the note column."""
    if not round_.group_questions:
        raise Http404("This round asked no questions about who respondents are.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="principles-by-group-{round_.public_id}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        ["side", "question", "group", "level", "id", "title", "respondents", "mean", "band"]
        + ["note"]
    )
    for line in comparisons.group_lines(selectors.round_results(round_, counts).by_group):
        writer.writerow(line)
    return response
