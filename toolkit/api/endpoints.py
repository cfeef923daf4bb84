"""The versioned JSON API (/api/v1/). Thin: every endpoint finds the caller's membership of
the area through the token's user, checks role and token scope, then calls the same
selectors and services as the pages, so sealing, suppression and the register's rules are
never re-implemented here."""

import logging
import math
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Header, NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError

from toolkit.actions.models import GrantScope
from toolkit.actions.selectors import scopes_for
from toolkit.areas.models import ALL_ROLES, FACILITATOR_ROLES, Organisation
from toolkit.areas.permissions import membership_for
from toolkit.areas.selectors import memberships_for_user, organisations_for_area
from toolkit.assessment.selectors import round_profile, round_ticks
from toolkit.evidence.models import ImportRun
from toolkit.mapping import scoring as map_scoring
from toolkit.mapping.selectors import mapping_results
from toolkit.register.models import RelationshipChange
from toolkit.register.selectors import (
    RegisterFilters,
    relationship_for_area,
    relationships_for_area,
)
from toolkit.register.services import (
    QualityAnswer,
    RelationshipData,
    RelationshipInvalid,
    can_edit_register,
    relationship_create,
    relationship_update,
)
from toolkit.rounds.selectors import (
    response_counts,
    round_for_area,
    round_results_visible,
    round_threshold,
    rounds_for_area,
)

from . import schemas as s
from .auth import TokenAuth
from .etags import etag_for, if_match_check
from .problems import (
    PROBLEM_CONTENT_TYPE,
    ProblemError,
    problem_response,
    validation_problem,
)

logger = logging.getLogger(__name__)


class ToolkitAPI(NinjaAPI):
    """NinjaAPI whose error responses are documented as application/problem+json, and whose
    views are marked as not needing a session sign-in (the bearer token is the sign-in)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
                    if int(status) == 429:
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait before trying again.",
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        }
                    if str(status) in ("200", "201") and operation.get("x-etag"):
                        response["headers"] = {
                            "ETag": {
                                "description": "Send it back in If-Match to change the resource.",
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        }
                operation.pop("x-etag", None)
        return schema

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            # LoginRequiredMiddleware: the API signs in by bearer token, not by session.
            pattern.callback.login_required = False
        return patterns, app_name, namespace


DESCRIPTION = """
Read an area's organisations, relationship register, rounds with their results (sealed and
suppressed exactly as on the results pages), and the import ledger; create and change
relationships.

* **Authentication**: a personal access token from *Your account → API tokens*, sent as
  `Authorization: Bearer <token>`. Every request sees only the areas of the token's owner,
  with their role there. Read-only tokens cannot write.
* **Rate limit**: too many requests in a short time get `429` with `Retry-After`.
* **Changes**: responses carry an `ETag`; send it in `If-Match` when you change a resource.
  Without `If-Match` you get `428`; if someone changed it since you read it, `412`.
* **Pages**: lists take `page` and `page_size` (at most 200) and keep a stable order.
* **Errors**: RFC 9457 problem details (`application/problem+json`), with `errors` listing
  each invalid field.
"""

api = ToolkitAPI(
    title="Council–VCS relationships toolkit API",
    version="1",
    description=DESCRIPTION.strip(),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
    openapi_extra={"info": {"license": {"name": "Open Government Licence v3.0"}}},
)

READ_ERRORS = {401: s.Problem, 403: s.Problem, 404: s.Problem, 422: s.Problem, 429: s.Problem}
WRITE_ERRORS = {**READ_ERRORS, 412: s.Problem, 428: s.Problem}


# --- errors -------------------------------------------------------------------------------


@api.exception_handler(ProblemError)
def _problem(request, exc):
    return problem_response(request, exc)


@api.exception_handler(ValidationError)
def _validation(request, exc):
    return problem_response(request, validation_problem(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem_response(
        request,
        ProblemError(
            401,
            "Send a valid personal access token as 'Authorization: Bearer <token>'. Tokens "
            "that have expired or been revoked no longer work.",
            kind="unauthenticated",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        ),
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem_response(request, ProblemError(exc.status_code, str(exc)))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(request, ProblemError(404, "There is nothing here.", kind="not-found"))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem_response(request, ProblemError(403, "Your role does not allow this."))


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error on %s", request.path)
    return problem_response(
        request, ProblemError(500, "Something went wrong on our side. It has been logged.")
    )


# --- access -------------------------------------------------------------------------------


def _membership(request, gss_code: str, *, roles=ALL_ROLES, scope: str | None = None):
    """The token user's membership of the area, or 404 (existence is not revealed); 403 when
    the role, or a peer reviewer's grant, does not cover this resource."""
    membership = membership_for(request.auth.user, gss_code)
    if membership is None:
        raise ProblemError(404, "You are not a member of an area with this code.", kind="not-found")
    if membership.role not in roles:
        raise ProblemError(403, "Your role in this area does not allow this.", kind="forbidden")
    if scope is not None and scope not in scopes_for(membership):
        raise ProblemError(
            403, "Your review access does not include this part of the area.", kind="forbidden"
        )
    return membership


def _require_write(request):
    if not request.auth.can_write:
        raise ProblemError(
            403,
            "This token is read only. Make a read and write token to change data.",
            kind="read-only-token",
        )


def _page(items, page: int, page_size: int) -> dict:
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": max(1, math.ceil(count / page_size)),
        "results": list(items[start : start + page_size]),
    }


PAGE = Query(1, ge=1, le=100000, description="Page number, from 1.")
PAGE_SIZE = Query(50, ge=1, le=200, description="Items per page (at most 200).")
TYPE_Q = Query("", max_length=80, description="A type slug from the typology.")
DEPARTMENT_Q = Query(None, description="A department's organisation id.")
SCALE_Q = Query(None, description="`none` for relationships with no scale recorded.")
JUDGEMENT_Q = Query(None, description="`none` for relationships not yet judged.")
ORGANISATION_Q = Query(None, description="Any party's organisation id.")


# --- areas --------------------------------------------------------------------------------


def _area_repr(membership) -> dict:
    return {
        "gss_code": membership.area.gss_code,
        "name": membership.area.name,
        "is_demo": membership.area.is_demo,
        "role": membership.role,
        "side": membership.side,
    }


@api.get(
    "/areas",
    response={200: list[s.AreaOut], **READ_ERRORS},
    tags=["Areas"],
    operation_id="areas_list",
    url_name="areas",
)
def areas_list(request):
    """The areas you belong to, with your role in each."""
    return [_area_repr(m) for m in memberships_for_user(request.auth.user)]


@api.get(
    "/areas/{gss_code}",
    response={200: s.AreaOut, **READ_ERRORS},
    tags=["Areas"],
    operation_id="area_get",
    url_name="area",
)
def area_get(request, gss_code: str):
    """One area you belong to."""
    return _area_repr(_membership(request, gss_code))


# --- organisations ------------------------------------------------------------------------


def _organisation_repr(o: Organisation) -> dict:
    return {
        "id": o.public_id,
        "kind": o.kind,
        "name": o.name,
        "parent_id": o.parent.public_id if o.parent_id else None,
        "org_id": o.org_id,
        "vcs_type": o.vcs_type,
        "is_marginalised_led": o.is_marginalised_led,
        "website": o.website,
        "neighbourhoods": o.neighbourhoods,
    }


@api.get(
    "/areas/{gss_code}/organisations",
    response={200: s.OrganisationPage, **READ_ERRORS},
    tags=["Organisations"],
    operation_id="organisations_list",
    url_name="organisations",
)
def organisations_list(
    request,
    gss_code: str,
    kind: s.OrganisationKindValue | None = None,
    q: str = Query("", max_length=100, description="Part of a name or org-id."),
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """The area's councils, departments and VCS organisations, by kind then name."""
    membership = _membership(request, gss_code, scope=GrantScope.REGISTER)
    organisations = organisations_for_area(membership.area, kind=kind, query=q.replace("\x00", ""))
    result = _page(organisations.order_by("kind", "name", "id"), page, page_size)
    result["results"] = [_organisation_repr(o) for o in result["results"]]
    return result


# --- relationships ------------------------------------------------------------------------


def _relationship_repr(r) -> dict:
    types = list(r.types.all())
    return {
        "id": r.public_id,
        "reference": r.reference,
        "title": r.title,
        "description": r.description,
        "status": r.status,
        "started_on": r.started_on,
        "judgement": r.judgement,
        "judgement_reasoning": r.judgement_reasoning,
        "scale": r.scale,
        "neighbourhoods": r.neighbourhoods,
        "region_kind": r.region_kind,
        "structures": list(r.structures),
        "meeting_frequency": r.meeting_frequency,
        "notes": r.notes,
        "main_type": next((t.type_slug for t in types if t.is_main), ""),
        "types": [t.type_slug for t in types],
        "parties": [
            {
                "organisation_id": p.organisation.public_id,
                "name": p.organisation.name,
                "side": p.side,
            }
            for p in r.parties.all()
        ],
        "qualities": [
            {"slug": q.quality_slug, "present": q.present, "evidence": q.evidence}
            for q in r.qualities.all()
        ],
        "content_version": r.content_version.version,
        "updated_at": r.updated_at,
    }


def _relationship_or_404(area, relationship_id):
    relationship = relationship_for_area(area, relationship_id)
    if relationship is None:
        raise ProblemError(
            404, "There is no relationship with this id in the area.", kind="not-found"
        )
    return relationship


def _with_etag(response: HttpResponse, representation: dict) -> dict:
    response["ETag"] = etag_for(representation)
    return representation


@api.get(
    "/areas/{gss_code}/relationships",
    response={200: s.RelationshipPage, **READ_ERRORS},
    tags=["Relationships"],
    operation_id="relationships_list",
    url_name="relationships",
)
def relationships_list(
    request,
    gss_code: str,
    type: str = TYPE_Q,
    department: UUID | None = DEPARTMENT_Q,
    scale: s.ScaleFilterValue | None = SCALE_Q,
    judgement: s.JudgementFilterValue | None = JUDGEMENT_Q,
    organisation: UUID | None = ORGANISATION_Q,
    sort: s.SortValue = "title",
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """The register, with the same filters and sorts as the register page (ties broken by
    creation order, so pages are stable)."""
    membership = _membership(request, gss_code, scope=GrantScope.REGISTER)
    filters = RegisterFilters.from_query(
        {
            "type": type,
            "department": str(department or ""),
            "scale": scale or "",
            "judgement": judgement or "",
            "organisation": str(organisation or ""),
            "sort": sort,
        }
    )
    relationships = relationships_for_area(membership.area, filters).select_related(
        "content_version"
    )
    result = _page(relationships, page, page_size)
    result["results"] = [_relationship_repr(r) for r in result["results"]]
    return result


@api.get(
    "/areas/{gss_code}/relationships/{relationship_id}",
    response={200: s.RelationshipOut, **READ_ERRORS},
    tags=["Relationships"],
    operation_id="relationship_get",
    url_name="relationship",
    openapi_extra={"x-etag": True},
)
def relationship_get(request, response: HttpResponse, gss_code: str, relationship_id: UUID):
    """One relationship. Its `ETag` header is what you send in `If-Match` to change it."""
    membership = _membership(request, gss_code, scope=GrantScope.REGISTER)
    relationship = _relationship_or_404(membership.area, relationship_id)
    return _with_etag(response, _relationship_repr(relationship))


def _relationship_data(area, payload: s.RelationshipIn) -> RelationshipData:
    wanted = list(dict.fromkeys(payload.parties))
    parties = list(Organisation.objects.filter(area=area, public_id__in=wanted))
    if len(parties) != len(wanted):
        raise ProblemError(
            422,
            "Some parties are not organisations of this area.",
            kind="validation",
            title="Your request has errors",
            errors=[{"field": "parties", "message": "Use organisation ids from this area"}],
        )
    return RelationshipData(
        title=payload.title,
        parties=parties,
        main_type=payload.main_type,
        types=list(payload.types),
        description=payload.description,
        started_on=payload.started_on,
        status=payload.status,
        notes=payload.notes,
        judgement=payload.judgement,
        judgement_reasoning=payload.judgement_reasoning,
        scale=payload.scale,
        neighbourhoods=payload.neighbourhoods,
        region_kind=payload.region_kind,
        structures=list(payload.structures),
        meeting_frequency=payload.meeting_frequency,
        qualities={
            slug: QualityAnswer(q.present, q.evidence) for slug, q in payload.qualities.items()
        },
    )


def _invalid(error: RelationshipInvalid) -> ProblemError:
    return ProblemError(
        422,
        "The relationship breaks the register's rules. See errors for each field.",
        kind="validation",
        title="Your request has errors",
        errors=[{"field": field, "message": message} for field, message in error.problems],
    )


def _editor(request, gss_code):
    _require_write(request)
    membership = _membership(request, gss_code, scope=GrantScope.REGISTER)
    if not can_edit_register(membership):
        raise ProblemError(403, "Your role does not allow changing the register.", kind="forbidden")
    return membership


@api.post(
    "/areas/{gss_code}/relationships",
    response={201: s.RelationshipOut, **WRITE_ERRORS},
    tags=["Relationships"],
    operation_id="relationship_create",
    url_name="relationship-create",
    openapi_extra={"x-etag": True},
)
def relationship_create_endpoint(
    request, response: HttpResponse, gss_code: str, payload: s.RelationshipIn
):
    """Add a relationship to the register (a read and write token, and a role that may
    change the register)."""
    membership = _editor(request, gss_code)
    data = _relationship_data(membership.area, payload)
    try:
        created = relationship_create(
            membership.area, data, user=request.auth.user, source=RelationshipChange.Source.FORM
        )
    except RelationshipInvalid as error:
        raise _invalid(error) from None
    relationship = relationship_for_area(membership.area, created.public_id)
    response["Location"] = reverse(
        "api:relationship", kwargs={"gss_code": gss_code, "relationship_id": created.public_id}
    )
    return Status(201, _with_etag(response, _relationship_repr(relationship)))


@api.put(
    "/areas/{gss_code}/relationships/{relationship_id}",
    response={200: s.RelationshipOut, **WRITE_ERRORS},
    tags=["Relationships"],
    operation_id="relationship_update",
    url_name="relationship-update",
    openapi_extra={"x-etag": True},
)
def relationship_update_endpoint(
    request,
    response: HttpResponse,
    gss_code: str,
    relationship_id: UUID,
    payload: s.RelationshipIn,
    if_match: str | None = Header(None, alias="If-Match", description="The ETag you read."),
):
    """Replace a relationship. Needs `If-Match` with the ETag you last read: `428` without
    it, `412` if the relationship has changed since."""
    membership = _editor(request, gss_code)
    with transaction.atomic():
        relationship = _relationship_or_404(membership.area, relationship_id)
        type(relationship).objects.select_for_update().filter(pk=relationship.pk).first()
        relationship = relationship_for_area(membership.area, relationship_id)
        if_match_check(if_match, etag_for(_relationship_repr(relationship)))
        data = _relationship_data(membership.area, payload)
        try:
            relationship_update(
                relationship,
                data,
                user=request.auth.user,
                source=RelationshipChange.Source.FORM,
            )
        except RelationshipInvalid as error:
            raise _invalid(error) from None
    relationship = relationship_for_area(membership.area, relationship_id)
    return _with_etag(response, _relationship_repr(relationship))


# --- rounds and results -------------------------------------------------------------------


def _round_repr(r) -> dict:
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
        "responses": {"council": counts.council, "vcs": counts.vcs},
        "results_visible": round_results_visible(r, counts),
    }


def _round_or_404(area, round_id):
    round_ = round_for_area(area, round_id)
    if round_ is None:
        raise ProblemError(404, "There is no round with this id in the area.", kind="not-found")
    return round_


@api.get(
    "/areas/{gss_code}/rounds",
    response={200: s.RoundPage, **READ_ERRORS},
    tags=["Rounds"],
    operation_id="rounds_list",
    url_name="rounds",
)
def rounds_list(request, gss_code: str, page: int = PAGE, page_size: int = PAGE_SIZE):
    """The area's rounds, newest first, with sent responses per side."""
    membership = _membership(request, gss_code)
    rounds = rounds_for_area(membership.area).select_related("area").order_by("-created_at", "-id")
    result = _page(rounds, page, page_size)
    result["results"] = [_round_repr(r) for r in result["results"]]
    return result


@api.get(
    "/areas/{gss_code}/rounds/{round_id}",
    response={200: s.RoundOut, **READ_ERRORS},
    tags=["Rounds"],
    operation_id="round_get",
    url_name="round",
)
def round_get(request, gss_code: str, round_id: UUID):
    membership = _membership(request, gss_code)
    return _round_repr(_round_or_404(membership.area, round_id))


def _figure(f) -> dict:
    return {
        "n": f.n,
        "suppressed": f.suppressed,
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
        "council": t.council,
        "vcs": t.vcs,
        "together": t.together,
    }


def _axes(position) -> dict | None:
    if position is None:
        return None
    return {axis: position.mean(axis) for axis in map_scoring.AXES}


@api.get(
    "/areas/{gss_code}/rounds/{round_id}/results",
    response={200: s.RoundResultsOut, **READ_ERRORS},
    tags=["Rounds"],
    operation_id="round_results",
    url_name="round-results",
)
def round_results(request, gss_code: str, round_id: UUID):
    """The round's results as the results pages show them: nothing while sealed, and each
    figure from too few respondents suppressed (`suppressed: true`, values null)."""
    membership = _membership(request, gss_code, scope=GrantScope.RESULTS)
    round_ = _round_or_404(membership.area, round_id)
    counts = response_counts(round_)
    visible = round_results_visible(round_, counts)
    result = {
        "round_id": round_.public_id,
        "visible": visible,
        "threshold": round_threshold(round_),
        "respondents": {"council": counts.council, "vcs": counts.vcs},
        "principles": [],
        "elements": [],
        "barriers": [],
        "map": [],
    }
    if not visible:
        return result
    if round_.has_assessment:
        profile = round_profile(round_, counts)
        result["principles"] = [_profile_row(r) for r in profile.principles]
        result["elements"] = [_profile_row(r) for r in profile.elements]
        result["barriers"] = [_tick(t) for t in round_ticks(round_).barriers]
    if round_.includes_mapping:
        for item in mapping_results(round_).all_items:
            result["map"].append(
                {
                    "relationship_id": item.relationship.public_id,
                    "title": item.relationship.title,
                    **{p: _axes(item.positions.get(p)) for p in ("council", "vcs", "together")},
                }
            )
    return result


@api.get(
    "/areas/{gss_code}/rounds/{round_id}/barriers",
    response={200: s.BarriersOut, **READ_ERRORS},
    tags=["Rounds"],
    operation_id="round_barriers",
    url_name="round-barriers",
)
def round_barriers(request, gss_code: str, round_id: UUID):
    """How many respondents on each side named each barrier (suppressed per side below the
    area's threshold)."""
    membership = _membership(request, gss_code, scope=GrantScope.RESULTS)
    round_ = _round_or_404(membership.area, round_id)
    counts = response_counts(round_)
    visible = round_results_visible(round_, counts) and round_.has_assessment
    result = {
        "round_id": round_.public_id,
        "visible": visible,
        "threshold": round_threshold(round_),
        "respondents": {"council": 0, "vcs": 0},
        "barriers": [],
    }
    if visible:
        ticks = round_ticks(round_)
        result["respondents"] = {
            side: ticks.barrier_base.get(side, 0) if ticks.barrier_base_shown.get(side) else 0
            for side in ("council", "vcs")
        }
        result["barriers"] = [_tick(t) for t in ticks.barriers]
    return result


# --- import ledger ------------------------------------------------------------------------


def _import_repr(run: ImportRun) -> dict:
    return {
        "id": run.public_id,
        "kind": run.kind,
        "file_name": run.file_name,
        "file_sha256": run.file_sha256,
        "file_format": run.file_format,
        "status": run.status,
        "dry_run": run.dry_run,
        "via": run.via,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "rows_read": run.rows_read,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "skipped": run.skipped,
        "message": run.message,
    }


@api.get(
    "/areas/{gss_code}/imports",
    response={200: s.ImportRunPage, **READ_ERRORS},
    tags=["Evidence"],
    operation_id="imports_list",
    url_name="imports",
)
def imports_list(request, gss_code: str, page: int = PAGE, page_size: int = PAGE_SIZE):
    """The import ledger: one entry per file per run, newest first (facilitators)."""
    membership = _membership(request, gss_code, roles=FACILITATOR_ROLES)
    runs = ImportRun.objects.filter(area=membership.area).order_by("-created_at", "-id")
    result = _page(runs, page, page_size)
    result["results"] = [_import_repr(r) for r in result["results"]]
    return result
