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

from toolkit.actions import selectors as action_selectors
from toolkit.actions.models import GrantScope
from toolkit.actions.selectors import scopes_for
from toolkit.actions.services import (
    ActionData,
    EditConflict,
    action_create,
    action_update,
    action_update_add,
)
from toolkit.areas.models import (
    ALL_ROLES,
    CONTRIBUTOR_ROLES,
    FACILITATOR_ROLES,
    Membership,
    Organisation,
)
from toolkit.areas.permissions import membership_for
from toolkit.areas.selectors import memberships_for_user, organisations_for_area
from toolkit.assessment.selectors import round_profile, round_ticks
from toolkit.evidence.models import ImportRun
from toolkit.framework import selectors as framework_selectors
from toolkit.mapping import scoring as map_scoring
from toolkit.mapping.selectors import mapping_results
from toolkit.register.models import Relationship, RelationshipChange
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
from .etags import etag_for, if_match_check, version_etag
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
suppressed exactly as on the results pages), joint action plan (actions with their progress
updates) and the import ledger; create and change relationships and actions, and add
progress updates to actions.

* **Authentication**: a personal access token from *Your account → API tokens*, sent as
  `Authorization: Bearer <token>`. Every request sees only the areas of the token's owner,
  with their role there. Read-only tokens cannot write.
* **Rate limit**: too many requests in a short time get `429` with `Retry-After`.
* **Changes**: relationships and actions carry an `ETag`; send it in `If-Match` when you
  change one. Without `If-Match` (or with `*`) you get `428`; if someone changed it since
  you read it, `412`. Adding a progress update to an action needs no `If-Match` (it adds, it
  does not overwrite) but gives the action a new `ETag`.
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
# Creating a resource or adding a progress update takes no If-Match (nothing to be stale
# against); changing one needs it.
APPEND_ERRORS = READ_ERRORS


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
    response={201: s.RelationshipOut, **APPEND_ERRORS},
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
            membership.area, data, user=request.auth.user, source=RelationshipChange.Source.API
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
                source=RelationshipChange.Source.API,
            )
        except RelationshipInvalid as error:
            raise _invalid(error) from None
    relationship = relationship_for_area(membership.area, relationship_id)
    return _with_etag(response, _relationship_repr(relationship))


# --- the joint action plan ----------------------------------------------------------------


def _owner_ids(area, actions) -> dict[int, UUID]:
    """The owners' memberships of the area (one query for any number of actions)."""
    users = {a.council_owner_id for a in actions} | {a.vcs_owner_id for a in actions}
    users.discard(None)
    if not users:
        return {}
    return dict(
        Membership.objects.filter(area=area, user_id__in=users).values_list("user_id", "public_id")
    )


def _owner_repr(user, memberships: dict[int, UUID]) -> dict | None:
    if user is None:
        return None
    return {"membership_id": memberships.get(user.pk), "name": str(user)}


def _action_repr(a, memberships: dict[int, UUID]) -> dict:
    return {
        "id": a.public_id,
        "title": a.title,
        "what_will_change": a.what_will_change,
        "why": a.why,
        "element_slug": a.element_slug,
        "barrier_slug": a.barrier_slug,
        "practice_slug": a.practice_slug,
        "relationship": (
            {"id": a.relationship.public_id, "title": a.relationship.title}
            if a.relationship_id
            else None
        ),
        "answers_gap": a.answers_gap,
        "council_owner": _owner_repr(a.council_owner, memberships),
        "vcs_owner": _owner_repr(a.vcs_owner, memberships),
        "due_on": a.due_on,
        "status": a.status,
        "progress": a.progress,
        "source": a.source,
        "version": a.version,
        "content_version": a.content_version.version if a.content_version_id else None,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "updates": [
            {
                "id": u.public_id,
                "written_on": u.written_on,
                "note": u.note,
                "status": u.status,
                "progress": u.progress,
                "author": str(u.author) if u.author_id else "",
                "created_at": u.created_at,
            }
            for u in a.updates.all()
        ],
    }


def _action_etag(action) -> str:
    return version_etag(action.public_id, action.version)


def _action_or_404(area, action_id):
    action = action_selectors.action_for_area(area, action_id)
    if action is None:
        raise ProblemError(404, "There is no action with this id in the area.", kind="not-found")
    return action


def _one_action(response: HttpResponse, area, action_id) -> dict:
    """The action as it is saved now, with its ETag header."""
    action = _action_or_404(area, action_id)
    response["ETag"] = _action_etag(action)
    return _action_repr(action, _owner_ids(area, [action]))


def _plan_repr(plan) -> dict | None:
    if plan is None:
        return None
    return {
        "status": plan.status,
        "council_agreed_at": plan.council_agreed_at,
        "vcs_agreed_at": plan.vcs_agreed_at,
        "agreed_at": plan.agreed_at,
    }


def _action_errors(errors: list[dict]) -> ProblemError:
    return ProblemError(
        422,
        "The action breaks the plan's rules. See errors for each field.",
        kind="validation",
        title="Your request has errors",
        errors=errors,
    )


def _action_data(area, payload: s.ActionIn, current=None) -> ActionData:
    """The service's ActionData from a request, checked as the action form checks it: key
    elements and barriers of the framework's current version (or the action's own, unchanged),
    a relationship of the area, and owners who are members on the matching side."""
    errors = []
    version = framework_selectors.current_version()
    for field, choices in (
        ("element_slug", framework_selectors.elements(version) if version else None),
        ("barrier_slug", framework_selectors.barriers(version) if version else None),
    ):
        value = getattr(payload, field)
        if not value or (current is not None and value == getattr(current, field)):
            continue
        if choices is None or not choices.filter(slug=value).exists():
            kind = "key element" if field == "element_slug" else "barrier"
            errors.append({"field": field, "message": f"Use the slug of a {kind} in the framework"})
    relationship = None
    if payload.relationship_id is not None:
        relationship = Relationship.objects.filter(
            area=area, public_id=payload.relationship_id
        ).first()
        if relationship is None:
            errors.append(
                {"field": "relationship_id", "message": "Use a relationship id from this area"}
            )
    owners = {}
    wanted = {"council": payload.council_owner_id, "vcs": payload.vcs_owner_id}
    if any(wanted.values()):
        choices = action_selectors.owner_choices(area)
        for side, membership_id in wanted.items():
            if membership_id is None:
                continue
            found = next((m for m in choices[side] if m.public_id == membership_id), None)
            if found is None:
                label = "council" if side == "council" else "VCS"
                errors.append(
                    {
                        "field": f"{side}_owner_id",
                        "message": f"Use the membership id of a {label}-side member of this area",
                    }
                )
            else:
                owners[side] = found.user
    if not payload.title.strip():
        errors.append({"field": "title", "message": "Enter what the action is"})
    if errors:
        raise _action_errors(errors)
    return ActionData(
        title=payload.title.strip(),
        what_will_change=payload.what_will_change.strip(),
        why=payload.why.strip(),
        element_slug=payload.element_slug,
        barrier_slug=payload.barrier_slug,
        practice_slug=current.practice_slug if current is not None else "",
        relationship=relationship,
        answers_gap=payload.answers_gap,
        council_owner=owners.get("council"),
        vcs_owner=owners.get("vcs"),
        due_on=payload.due_on,
        status=payload.status,
        progress=payload.progress,
    )


def _plan_editor(request, gss_code):
    """As the action form: facilitators add and change actions."""
    _require_write(request)
    return _membership(request, gss_code, roles=FACILITATOR_ROLES)


def _stale(current) -> ProblemError:
    return ProblemError(
        412,
        "The action has changed since you read it (its ETag is different). GET it again, "
        "apply your change to the current version and send it with the new ETag.",
        kind="stale",
        headers={"ETag": _action_etag(current)},
    )


STATUS_Q = Query(None, description="An action status, or `open` for those not done or dropped.")
ELEMENT_Q = Query("", max_length=80, description="Actions answering this key element (slug).")
BARRIER_Q = Query("", max_length=80, description="Actions answering this barrier (slug).")
RELATIONSHIP_Q = Query(None, description="Actions answering this relationship (its id).")
OWNER_Q = Query(None, description="Actions with this member (membership id) as an owner.")


@api.get(
    "/areas/{gss_code}/actions",
    response={200: s.ActionPage, **READ_ERRORS},
    tags=["Action plan"],
    operation_id="actions_list",
    summary="List the action plan",
    url_name="actions",
)
def actions_list(
    request,
    gss_code: str,
    status: s.ActionStatusFilterValue | None = STATUS_Q,
    element: str = ELEMENT_Q,
    barrier: str = BARRIER_Q,
    relationship: UUID | None = RELATIONSHIP_Q,
    owner: UUID | None = OWNER_Q,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """The joint action plan: its state (draft or agreed) and its actions, each with its
    progress updates, in the plan page's order (due date, then when added)."""
    membership = _membership(request, gss_code, scope=GrantScope.PLAN)
    area = membership.area
    owner_user = None
    if owner is not None:
        owner_user = (
            Membership.objects.filter(area=area, public_id=owner)
            .values_list("user_id", flat=True)
            .first()
        ) or -1  # an unknown member owns nothing
    actions = action_selectors.filter_actions(
        action_selectors.actions_for_area(area),
        status=status if status != "open" else "",
        open_only=status == "open",
        element=element.replace("\x00", ""),
        barrier=barrier.replace("\x00", ""),
        relationship=relationship,
        owner=owner_user,
    )
    result = _page(actions, page, page_size)
    memberships = _owner_ids(area, result["results"])
    result["results"] = [_action_repr(a, memberships) for a in result["results"]]
    result["plan"] = _plan_repr(action_selectors.plan_for_area(area))
    return result


@api.get(
    "/areas/{gss_code}/actions/{action_id}",
    response={200: s.ActionOut, **READ_ERRORS},
    tags=["Action plan"],
    operation_id="action_get",
    summary="Get an action",
    url_name="action",
    openapi_extra={"x-etag": True},
)
def action_get(request, response: HttpResponse, gss_code: str, action_id: UUID):
    """One action with its progress updates. Its `ETag` header is what you send in
    `If-Match` to change it."""
    membership = _membership(request, gss_code, scope=GrantScope.PLAN)
    return _one_action(response, membership.area, action_id)


@api.post(
    "/areas/{gss_code}/actions",
    response={201: s.ActionOut, **APPEND_ERRORS},
    tags=["Action plan"],
    operation_id="action_create",
    summary="Add an action",
    url_name="action-create",
    openapi_extra={"x-etag": True},
)
def action_create_endpoint(request, response: HttpResponse, gss_code: str, payload: s.ActionIn):
    """Add an action to the plan (a read and write token, and a facilitator's role)."""
    membership = _plan_editor(request, gss_code)
    data = _action_data(membership.area, payload)
    created = action_create(membership.area, data, user=request.auth.user)
    response["Location"] = reverse(
        "api:action", kwargs={"gss_code": gss_code, "action_id": created.public_id}
    )
    return Status(201, _one_action(response, membership.area, created.public_id))


@api.put(
    "/areas/{gss_code}/actions/{action_id}",
    response={200: s.ActionOut, **WRITE_ERRORS},
    tags=["Action plan"],
    operation_id="action_update",
    summary="Change an action",
    url_name="action-update",
    openapi_extra={"x-etag": True},
)
def action_update_endpoint(
    request,
    response: HttpResponse,
    gss_code: str,
    action_id: UUID,
    payload: s.ActionIn,
    if_match: str | None = Header(None, alias="If-Match", description="The ETag you read."),
):
    """Replace an action (a facilitator's role). Needs `If-Match` with the ETag you last
    read: `428` without it, `412` if the action has changed since, even by a progress update.
    `practice_slug` is kept as it is."""
    membership = _plan_editor(request, gss_code)
    action = _action_or_404(membership.area, action_id)
    if_match_check(if_match, _action_etag(action))
    data = _action_data(membership.area, payload, current=action)
    try:
        # The service saves only over the version the ETag named, so a writer who got in
        # after the check above still gets 412 rather than being overwritten.
        action_update(action, data, expected_version=action.version, user=request.auth.user)
    except EditConflict as conflict:
        raise _stale(conflict.current) from None
    return _one_action(response, membership.area, action_id)


@api.post(
    "/areas/{gss_code}/actions/{action_id}/updates",
    response={201: s.ActionOut, **APPEND_ERRORS},
    tags=["Action plan"],
    operation_id="action_update_add",
    summary="Add a progress update to an action",
    url_name="action-update-add",
    openapi_extra={"x-etag": True},
)
def action_update_add_endpoint(
    request, response: HttpResponse, gss_code: str, action_id: UUID, payload: s.ActionUpdateIn
):
    """Add a progress update, dated today, which also sets the action's status and progress
    (facilitators and the action's owners). No `If-Match`: an update adds to the history and
    overwrites no one's text. Answers with the action, whose version and `ETag` move on, so
    an edit started before the update gets `412`."""
    _require_write(request)
    membership = _membership(request, gss_code, roles=CONTRIBUTOR_ROLES)
    action = _action_or_404(membership.area, action_id)
    if not action_selectors.may_add_update(membership, action):
        raise ProblemError(
            403,
            "Only facilitators and the action's owners can add progress updates.",
            kind="forbidden",
        )
    if not payload.note.strip():
        raise _action_errors([{"field": "note", "message": "Enter what has happened"}])
    action_update_add(
        action,
        note=payload.note.strip(),
        status=payload.status,
        progress=payload.progress,
        user=request.auth.user,
    )
    response["Content-Location"] = reverse(
        "api:action", kwargs={"gss_code": gss_code, "action_id": action.public_id}
    )
    return Status(201, _one_action(response, membership.area, action_id))


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
