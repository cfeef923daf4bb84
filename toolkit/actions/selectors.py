"""Reading the action plan, suggestions, review grants and findings. Figures come only from
the assessment's own selectors and scoring (with sealing and suppression applied there)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from toolkit.areas.models import ROLE_SIDES, Membership, Role, Side
from toolkit.areas.scopes import ALL_SCOPES, GrantScope

from .models import (
    GRANT_EVENT_KINDS,
    OPEN_STATUSES,
    PLAN_EVENT_KINDS,
    Action,
    ActionStatus,
    ActionUpdate,
    Finding,
    Plan,
    PlanEvent,
    ReviewGrant,
)

# --- who may see what ---------------------------------------------------------------------


def live_grants(area) -> QuerySet[ReviewGrant]:
    return ReviewGrant.objects.filter(
        area=area, revoked_at__isnull=True, ends_on__gte=timezone.localdate()
    )


def reviewer_grant(membership: Membership) -> ReviewGrant | None:
    """The live grant of a peer reviewer's membership: not withdrawn, and not past its end
    date (the membership's own end date is checked by area_view)."""
    if membership.role != Role.PEER_REVIEWER:
        return None
    return live_grants(membership.area).filter(email__iexact=membership.user.email).first()


def scopes_for(membership: Membership) -> frozenset[str]:
    """The parts of the area a member may read: everything for the area's own members; for
    a peer reviewer exactly what a live grant gives, and nothing without one."""
    if membership.role != Role.PEER_REVIEWER:
        return ALL_SCOPES
    grant = reviewer_grant(membership)
    return frozenset(grant.scopes) & ALL_SCOPES if grant else frozenset()


# --- the plan -----------------------------------------------------------------------------


def plan_for_area(area) -> Plan | None:
    return (
        Plan.objects.filter(area=area).select_related("council_agreed_by", "vcs_agreed_by").first()
    )


def actions_for_area(area) -> QuerySet[Action]:
    return (
        Action.objects.filter(area=area)
        .select_related("council_owner", "vcs_owner", "relationship", "content_version")
        .prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("author"))
        )
        .order_by("due_on", "created_at", "id")
    )


def action_for_area(area, public_id) -> Action | None:
    return (
        actions_for_area(area)
        .select_related("workshop_item__workshop")
        .filter(public_id=public_id)
        .first()
    )


def filter_actions(
    actions: QuerySet[Action],
    *,
    status: str = "",
    open_only: bool = False,
    element: str = "",
    barrier: str = "",
    relationship=None,
    owner=None,
) -> QuerySet[Action]:
    """Narrow the plan's actions by what its table shows: status (or only the open ones),
    the key element, barrier or relationship an action answers, and an owner on either side."""
    if status:
        actions = actions.filter(status=status)
    if open_only:
        actions = actions.filter(status__in=OPEN_STATUSES)
    if element:
        actions = actions.filter(element_slug=element)
    if barrier:
        actions = actions.filter(barrier_slug=barrier)
    if relationship is not None:
        actions = actions.filter(relationship__public_id=relationship)
    if owner is not None:
        actions = actions.filter(Q(council_owner=owner) | Q(vcs_owner=owner))
    return actions


def may_add_update(membership: Membership, action: Action) -> bool:
    """Facilitators, and the action's own council and VCS owners, write its progress updates."""
    return membership.is_facilitator or membership.user_id in (
        action.council_owner_id,
        action.vcs_owner_id,
    )


def top_actions(area, k: int = 3) -> list[Action]:
    """The k open actions due soonest (undated last), for the lead members' summary."""
    actions = [a for a in actions_for_area(area) if a.status in OPEN_STATUSES]
    return sorted(actions, key=lambda a: (a.due_on is None, a.due_on, a.created_at))[:k]


def plan_history(area, limit: int | None = None) -> QuerySet[PlanEvent]:
    qs = (
        PlanEvent.objects.filter(area=area, kind__in=PLAN_EVENT_KINDS)
        .select_related("actor", "action")
        .order_by("-at", "-id")
    )
    return qs[:limit] if limit else qs


def action_history(action: Action) -> QuerySet[PlanEvent]:
    return action.events.select_related("actor").order_by("-at", "-id")


def grant_history(area) -> QuerySet[PlanEvent]:
    return (
        PlanEvent.objects.filter(area=area, kind__in=GRANT_EVENT_KINDS)
        .select_related("actor", "grant")
        .order_by("-at", "-id")
    )


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def status_counts(actions) -> list[StatusCount]:
    counts = dict.fromkeys(ActionStatus.values, 0)
    for action in actions:
        counts[action.status] += 1
    return [StatusCount(s, ActionStatus(s).label, counts[s]) for s in ActionStatus.values]


def owner_choices(area) -> dict[str, list]:
    """Members who can own an action, by side: council-side and VCS-side members."""
    memberships = (
        Membership.objects.active()
        .filter(area=area)
        .exclude(role=Role.PEER_REVIEWER)
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )
    by_side = {Side.COUNCIL: [], Side.VCS: []}
    for m in memberships:
        side = ROLE_SIDES[Role(m.role)]
        if side:
            by_side[side].append(m)
    return by_side


@dataclass
class SinceLastRound:
    """What the plan did since the last round of questions closed."""

    round_name: str
    closed_on: object
    updates: int
    done: list[Action] = field(default_factory=list)
    added: list[Action] = field(default_factory=list)


def since_last_round(area, actions: list[Action]) -> SinceLastRound | None:
    from toolkit.rounds.models import Round, RoundStatus

    last = (
        Round.objects.filter(area=area, status=RoundStatus.CLOSED, closed_at__isnull=False)
        .order_by("-closed_at")
        .first()
    )
    if last is None:
        return None
    since = last.closed_at
    updates = ActionUpdate.objects.filter(area=area, created_at__gte=since).count()
    done_ids = set(
        PlanEvent.objects.filter(area=area, at__gte=since, action__status=ActionStatus.DONE)
        .filter(Q(kind="action_changed") | Q(kind="action_update"))
        .values_list("action_id", flat=True)
    )
    return SinceLastRound(
        round_name=last.name,
        closed_on=timezone.localdate(since),
        updates=updates,
        done=[a for a in actions if a.pk in done_ids],
        added=[a for a in actions if a.created_at >= since],
    )


# --- review -------------------------------------------------------------------------------


def grants_for_area(area) -> QuerySet[ReviewGrant]:
    return ReviewGrant.objects.filter(area=area).select_related("created_by", "revoked_by")


def grant_for_area(area, public_id) -> ReviewGrant | None:
    return grants_for_area(area).filter(public_id=public_id).first()


# --- who reads which finding: the one rule (docs/adr/0013, "Findings") ---------------------


@dataclass(frozen=True)
class FindingsReader:
    """What one reader may read of the area's peer-review findings. Made only by
    `findings_reader` (a member on a page, a download or the API) or `stored_output_reader`
    (a stored report, which anyone with its scopes may download)."""

    every: bool = False  # every finding: the area's facilitators, who take them into the plan
    author_id: int | None = None  # a reviewer's own findings, drafts included
    in_plan: bool = False  # findings taken into the plan, which the reader can read anyway
    authors_shown: bool = False  # who wrote each finding


NO_FINDINGS = FindingsReader()


def findings_reader(membership: Membership) -> FindingsReader:
    """A finding is written for the area's facilitators (both sides), who decide what goes
    into the joint plan: they read every finding, with who wrote it. A peer reviewer reads
    the findings they wrote while their grant is live. Once a facilitator takes a finding into
    the plan its text is in the plan (the action's "why"), so everyone who may read the plan
    reads it as a finding too, without the reviewer's name."""
    if membership.is_facilitator:
        return FindingsReader(every=True, authors_shown=True)
    scopes = scopes_for(membership)
    if membership.role == Role.PEER_REVIEWER:
        grant = reviewer_grant(membership)
        if grant is None:
            return NO_FINDINGS
        return FindingsReader(author_id=membership.user_id, in_plan=GrantScope.PLAN in scopes)
    return FindingsReader(in_plan=GrantScope.PLAN in scopes)


def stored_output_reader(scopes) -> FindingsReader:
    """For an output stored and downloadable by every member whose scopes include `scopes`
    (reports): only what all of them may read, the findings taken into the plan."""
    return FindingsReader(in_plan=GrantScope.PLAN in set(scopes))


def findings_for(area, reader: FindingsReader) -> QuerySet[Finding]:
    """The findings `reader` may read, in the order every output lists them."""
    qs = Finding.objects.filter(area=area).select_related("author", "action", "accepted_by")
    if not reader.every:
        allowed = Q(pk__in=[])
        if reader.author_id is not None:
            allowed |= Q(author_id=reader.author_id)
        if reader.in_plan:
            allowed |= Q(action__isnull=False)
        qs = qs.filter(allowed)
    return qs.order_by("kind", "created_at", "id")


def finding_for_area(area, public_id) -> Finding | None:
    """A finding for a facilitator's action on it (only facilitators act on findings)."""
    return findings_for(area, FindingsReader(every=True)).filter(public_id=public_id).first()
