"""Rounds and their results, sealed and suppressed exactly as on the results pages."""

from uuid import UUID

from ninja import Router

from toolkit.areas.scopes import GrantScope
from toolkit.assessment.selectors import round_results as assessment_results
from toolkit.mapping.presenters import api_positions
from toolkit.mapping.selectors import mapping_results
from toolkit.rounds.selectors import (
    response_counts,
    response_progress,
    round_for_area,
    round_results_visible,
    round_threshold,
    rounds_for_area,
)

from .. import schemas as s
from ..access import area_membership
from ..paging import PAGE, PAGE_SIZE, page_of
from ..problems import ProblemError
from ..schemas import READ_ERRORS

router = Router(tags=["Rounds"])


def _round_repr(r, membership) -> dict:
    counts = response_counts(r)
    return {
        "id": r.public_id,
        "name": r.name,
        "status": r.status,
        "opened_on": r.opened_on,
        "closes_on": r.closes_on,
        "includes_mapping": r.includes_mapping,
        "assessment": r.assessment,
        "identity": r.identity,
        "previous_round_id": r.previous_round.public_id if r.previous_round_id else None,
        "responses": _respondents(response_progress(r, counts, membership)),
        "results_visible": round_results_visible(r, counts),
    }


def _round_or_404(area, round_id):
    round_ = round_for_area(area, round_id)
    if round_ is None:
        raise ProblemError(404, "There is no round with this id in the area.", kind="not-found")
    return round_


@router.get(
    "/areas/{gss_code}/rounds",
    response={200: s.RoundPage, **READ_ERRORS},
    operation_id="rounds_list",
    url_name="rounds",
)
def rounds_list(request, gss_code: str, page: int = PAGE, page_size: int = PAGE_SIZE):
    """The area's rounds, newest first, with sent responses per side (exact for facilitators;
    for others a side under the area's threshold reads 'fewer than N')."""
    membership = area_membership(request, gss_code)
    rounds = rounds_for_area(membership.area).select_related("area").order_by("-created_at", "-id")
    return page_of(rounds, page, page_size, lambda rows: [_round_repr(r, membership) for r in rows])


@router.get(
    "/areas/{gss_code}/rounds/{round_id}",
    response={200: s.RoundOut, **READ_ERRORS},
    operation_id="round_get",
    url_name="round",
)
def round_get(request, gss_code: str, round_id: UUID):
    membership = area_membership(request, gss_code)
    return _round_repr(_round_or_404(membership.area, round_id), membership)


def _figure(f) -> dict:
    return {
        "n": f.n,
        "respondents": f.count.text,
        "suppressed": f.withheld,
        "note": f.note,
        "mean": float(f.mean) if f.mean is not None else None,
        "median": float(f.median) if f.median is not None else None,
        "distribution": list(f.distribution) if f.distribution is not None else None,
        "dont_know": f.dont_know,
    }


def _profile_row(row) -> dict:
    return {
        "slug": row.slug,
        "title": row.title,
        "principle": row.principle_slug,
        "council": _figure(row.council),
        "vcs": _figure(row.vcs),
        "together": _figure(row.together),
    }


def _tick(t) -> dict:
    return {
        "slug": t.slug,
        "title": t.title,
        "council": t.council.value,
        "vcs": t.vcs.value,
        "together": t.together.value,
    }


def _group_view(view) -> dict:
    """One side's results by one question, as the round's disclosure decision allows."""
    # A view not shown does not even say which groups respondents are in.
    groups = [g for g, _label in view.groups] if view.shown else []
    counts = view.respondents or []
    rows = []
    for row in view.rows if view.shown else ():
        figures = row.figures or [None] * len(groups)
        rows.append(
            {
                "level": row.level,
                "slug": row.slug,
                "title": row.title,
                "shown": row.figures is not None,
                "note": row.note,
                "figures": [
                    {
                        "group": g,
                        "respondents": f.count.value if f else None,
                        "mean": f.mean if f else None,
                    }
                    for g, f in zip(groups, figures, strict=True)
                ],
            }
        )
    return {
        "side": view.side,
        "question": view.question.key,
        "shown": view.shown,
        "note": view.note,
        "groups": [
            {"group": g, "respondents": c.value if c else None}
            for g, c in zip(groups, counts, strict=True)
        ],
        "rows": rows,
    }


NOT_SHOWN = {"council": None, "vcs": None, "council_text": "", "vcs_text": ""}


def _respondents(by_side) -> dict:
    """Respondents per side as the round's disclosure decision allows them to be printed."""
    return {
        "council": by_side["council"].value,
        "vcs": by_side["vcs"].value,
        "council_text": by_side["council"].text,
        "vcs_text": by_side["vcs"].text,
    }


@router.get(
    "/areas/{gss_code}/rounds/{round_id}/results",
    response={200: s.RoundResultsOut, **READ_ERRORS},
    operation_id="round_results",
    url_name="round-results",
)
def round_results(request, gss_code: str, round_id: UUID):
    """The round's results as the results pages show them: nothing while sealed, and each
    withheld figure (from too few respondents, or one that would let a withheld figure be
    worked out) with `suppressed: true` and null values."""
    membership = area_membership(request, gss_code, scope=GrantScope.RESULTS)
    round_ = _round_or_404(membership.area, round_id)
    counts = response_counts(round_)
    visible = round_results_visible(round_, counts)
    result = {
        "round_id": round_.public_id,
        "visible": visible,
        "threshold": round_threshold(round_),
        "respondents": NOT_SHOWN,
        "principles": [],
        "elements": [],
        "barriers": [],
        "pressures": [],
        "map": [],
    }
    if not visible:
        return result
    if round_.has_assessment:
        results = assessment_results(round_, counts)
        result["respondents"] = _respondents(results.profile.respondents)
        result["principles"] = [_profile_row(r) for r in results.profile.principles]
        result["elements"] = [_profile_row(r) for r in results.profile.elements]
        result["barriers"] = [_tick(t) for t in results.barriers.items]
        result["pressures"] = [_tick(t) for t in results.pressures.items]
        result["by_group"] = [_group_view(v) for v in results.by_group]
    if round_.includes_mapping:
        mapping = mapping_results(round_)
        if not round_.has_assessment and mapping.responses:
            result["respondents"] = _respondents(mapping.responses)
        result["map"] = api_positions(mapping)
    return result


@router.get(
    "/areas/{gss_code}/rounds/{round_id}/barriers",
    response={200: s.BarriersOut, **READ_ERRORS},
    operation_id="round_barriers",
    url_name="round-barriers",
)
def round_barriers(request, gss_code: str, round_id: UUID):
    """How many respondents on each side named each barrier, as the results pages show them
    (null where withheld)."""
    membership = area_membership(request, gss_code, scope=GrantScope.RESULTS)
    round_ = _round_or_404(membership.area, round_id)
    counts = response_counts(round_)
    visible = round_results_visible(round_, counts) and round_.has_assessment
    result = {
        "round_id": round_.public_id,
        "visible": visible,
        "threshold": round_threshold(round_),
        "respondents": NOT_SHOWN,
        "barriers": [],
    }
    if visible:
        barriers = assessment_results(round_, counts).barriers
        result["respondents"] = _respondents(barriers.base)
        result["barriers"] = [_tick(t) for t in barriers.items]
    return result
