"""The joint action plan: actions with their progress updates, read and changed under the
same rules as the plan's pages."""

from uuid import UUID

from django.http import HttpResponse
from django.urls import reverse
from ninja import Header, Query, Router, Status

from toolkit.actions import selectors as action_selectors
from toolkit.actions.services import (
    ActionData,
    EditConflict,
    action_create,
    action_problems,
    action_update,
    action_update_add,
)
from toolkit.areas.models import CONTRIBUTOR_ROLES, FACILITATOR_ROLES, Membership
from toolkit.areas.scopes import GrantScope
from toolkit.register.models import Relationship

from .. import action_schemas as a
from ..access import area_membership, require_write
from ..etags import if_match_check, version_etag
from ..paging import PAGE, PAGE_SIZE, page_of
from ..problems import ProblemError, invalid_request
from ..schemas import APPEND_ERRORS, READ_ERRORS, WRITE_ERRORS

router = Router(tags=["Action plan"])


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


def _actions_repr(area, actions) -> list[dict]:
    memberships = _owner_ids(area, actions)
    return [_action_repr(a, memberships) for a in actions]


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
    return _actions_repr(area, [action])[0]


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
    return invalid_request("The action breaks the plan's rules. See errors for each field.", errors)


# The action's rules are the form's (`action_problems`); this is only how an API client is
# told about each field, by its name in the request and in terms of ids and slugs.
REQUEST_FIELDS = {
    "element_slug": ("element_slug", "Use the slug of a key element in the framework"),
    "barrier_slug": ("barrier_slug", "Use the slug of a barrier in the framework"),
    "relationship": ("relationship_id", "Use a relationship id from this area"),
    "council_owner": (
        "council_owner_id",
        "Use the membership id of a council-side member of this area",
    ),
    "vcs_owner": ("vcs_owner_id", "Use the membership id of a VCS-side member of this area"),
    "title": ("title", "Enter what the action is"),
}


def _action_data(area, payload: a.ActionIn, current=None) -> ActionData:
    """The service's ActionData from a request: the ids found in the area, then the action
    form's rules (`action_problems`). Every field's problem is reported at once."""
    unknown = []
    relationship = None
    if payload.relationship_id is not None:
        relationship = Relationship.objects.filter(
            area=area, public_id=payload.relationship_id
        ).first()
        if relationship is None:
            unknown.append("relationship")
    wanted = {"council_owner": payload.council_owner_id, "vcs_owner": payload.vcs_owner_id}
    members = {
        m.public_id: m.user
        for m in Membership.objects.filter(
            area=area, public_id__in=[i for i in wanted.values() if i is not None]
        ).select_related("user")
    }
    owners = {}
    for name, membership_id in wanted.items():
        if membership_id is not None:
            owners[name] = members.get(membership_id)
            if owners[name] is None:
                unknown.append(name)
    data = ActionData(
        title=payload.title.strip(),
        what_will_change=payload.what_will_change.strip(),
        why=payload.why.strip(),
        element_slug=payload.element_slug,
        barrier_slug=payload.barrier_slug,
        practice_slug=current.practice_slug if current is not None else "",
        relationship=relationship,
        answers_gap=payload.answers_gap,
        council_owner=owners.get("council_owner"),
        vcs_owner=owners.get("vcs_owner"),
        due_on=payload.due_on,
        status=payload.status,
        progress=payload.progress,
    )
    broken = set(unknown) | {name for name, _ in action_problems(area, data, current=current)}
    if broken:
        raise _action_errors(
            [
                {"field": field, "message": message}
                for name, (field, message) in REQUEST_FIELDS.items()
                if name in broken
            ]
        )
    return data


def _plan_editor(request, gss_code):
    """As the action form: facilitators add and change actions."""
    require_write(request)
    return area_membership(request, gss_code, roles=FACILITATOR_ROLES)


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


@router.get(
    "/areas/{gss_code}/actions",
    response={200: a.ActionPage, **READ_ERRORS},
    operation_id="actions_list",
    summary="List the action plan",
    url_name="actions",
)
def actions_list(
    request,
    gss_code: str,
    status: a.ActionStatusFilterValue | None = STATUS_Q,
    element: str = ELEMENT_Q,
    barrier: str = BARRIER_Q,
    relationship: UUID | None = RELATIONSHIP_Q,
    owner: UUID | None = OWNER_Q,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """The joint action plan: its state (draft or agreed) and its actions, each with its
    progress updates, in the plan page's order (due date, then when added)."""
    membership = area_membership(request, gss_code, scope=GrantScope.PLAN)
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
    result = page_of(actions, page, page_size, lambda rows: _actions_repr(area, rows))
    result["plan"] = _plan_repr(action_selectors.plan_for_area(area))
    return result


@router.get(
    "/areas/{gss_code}/actions/{action_id}",
    response={200: a.ActionOut, **READ_ERRORS},
    operation_id="action_get",
    summary="Get an action",
    url_name="action",
    openapi_extra={"x-etag": True},
)
def action_get(request, response: HttpResponse, gss_code: str, action_id: UUID):
    """One action with its progress updates. Its `ETag` header is what you send in
    `If-Match` to change it."""
    membership = area_membership(request, gss_code, scope=GrantScope.PLAN)
    return _one_action(response, membership.area, action_id)


@router.post(
    "/areas/{gss_code}/actions",
    response={201: a.ActionOut, **APPEND_ERRORS},
    operation_id="action_create",
    summary="Add an action",
    url_name="action-create",
    openapi_extra={"x-etag": True},
)
def action_create_endpoint(request, response: HttpResponse, gss_code: str, payload: a.ActionIn):
    """Add an action to the plan (a read and write token, and a facilitator's role)."""
    membership = _plan_editor(request, gss_code)
    data = _action_data(membership.area, payload)
    created = action_create(membership.area, data, user=request.auth.user)
    response["Location"] = reverse(
        "api:action", kwargs={"gss_code": gss_code, "action_id": created.public_id}
    )
    return Status(201, _one_action(response, membership.area, created.public_id))


@router.put(
    "/areas/{gss_code}/actions/{action_id}",
    response={200: a.ActionOut, **WRITE_ERRORS},
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
    payload: a.ActionIn,
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


@router.post(
    "/areas/{gss_code}/actions/{action_id}/updates",
    response={201: a.ActionOut, **APPEND_ERRORS},
    operation_id="action_update_add",
    summary="Add a progress update to an action",
    url_name="action-update-add",
    openapi_extra={"x-etag": True},
)
def action_update_add_endpoint(
    request, response: HttpResponse, gss_code: str, action_id: UUID, payload: a.ActionUpdateIn
):
    """Add a progress update, dated today, which also sets the action's status and progress
    (facilitators and the action's owners). No `If-Match`: an update adds to the history and
    overwrites no one's text. Answers with the action, whose version and `ETag` move on, so
    an edit started before the update gets `412`."""
    require_write(request)
    membership = area_membership(request, gss_code, roles=CONTRIBUTOR_ROLES)
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
