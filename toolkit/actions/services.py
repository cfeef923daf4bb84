"""Writing the plan, its actions and their progress updates, with the one rule set for an
action (``action_problems``); peer review's grants and findings are in ``review``. Each
function runs in one transaction and records what it did in the plan's history
(``plan_event_record``). Views check who may call them (areas.permissions.area_view plus the
checks in views.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from toolkit.areas.models import Membership, Side
from toolkit.framework import selectors as framework_selectors
from toolkit.framework.selectors import current_version

from .history import FIELD_LABELS
from .models import (
    Action,
    ActionSource,
    ActionStatus,
    ActionUpdate,
    EventKind,
    Finding,
    Plan,
    PlanEvent,
    PlanStatus,
)
from .selectors import owner_choices

# --- the plan -----------------------------------------------------------------------------


def plan_get_or_create(area) -> Plan:
    plan, _ = Plan.objects.get_or_create(area=area)
    return plan


def plan_event_record(
    area, kind, summary, *, actor=None, action=None, grant=None, changes=(), plan=None, after=None
):
    if after is None:
        plan = plan if plan is not None else Plan.objects.filter(area=area).first()
        after = bool(plan and plan.is_agreed)
    return PlanEvent.objects.create(
        area=area,
        kind=kind,
        summary=summary[:300],
        actor=actor,
        action=action,
        grant=grant,
        at=timezone.now(),
        changes=list(changes),
        after_agreement=after,
    )


class PlanError(Exception):
    """Something the person asked for cannot be done, in words for them."""


def plan_agree(plan: Plan, membership: Membership) -> Plan:
    """Record that a facilitator agrees the plan for their side. The plan is agreed once a
    council facilitator and a VCS facilitator have both agreed it."""
    if not membership.is_facilitator:
        raise PlanError("Only a facilitator can agree the plan for their side.")
    side = membership.side
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if not Action.objects.filter(plan=plan).exists():
            raise PlanError("Add at least one action before agreeing the plan.")
        now = timezone.now()
        if side == Side.COUNCIL:
            if plan.council_agreed_at:
                raise PlanError("The council side has already agreed the plan.")
            plan.council_agreed_by, plan.council_agreed_at = membership.user, now
        else:
            if plan.vcs_agreed_at:
                raise PlanError("The VCS side has already agreed the plan.")
            plan.vcs_agreed_by, plan.vcs_agreed_at = membership.user, now
        both = plan.council_agreed_at and plan.vcs_agreed_at
        if both:
            plan.status, plan.agreed_at = PlanStatus.AGREED, now
        plan.save()
        label = Side(side).label.lower().replace("voluntary and community sector", "VCS")
        plan_event_record(
            plan.area,
            EventKind.PLAN_AGREED_SIDE,
            f"{membership.user} agreed the plan for the {label} side",
            actor=membership.user,
            after=False,
        )
        if both:
            plan_event_record(
                plan.area,
                EventKind.PLAN_AGREED,
                "The plan is agreed by the council and the voluntary and community sector",
                actor=membership.user,
                after=False,
            )
    return plan


# --- actions ------------------------------------------------------------------------------


@dataclass
class ActionData:
    title: str
    what_will_change: str = ""
    why: str = ""
    element_slug: str = ""
    barrier_slug: str = ""
    practice_slug: str = ""
    relationship: object = None
    answers_gap: bool = False
    council_owner: object = None
    vcs_owner: object = None
    due_on: datetime.date | None = None
    status: str = ActionStatus.NOT_STARTED
    progress: int = 0


def _text(field_name, value) -> str:
    if value is None or value == "":
        return ""
    if field_name == "status":
        return ActionStatus(value).label
    if field_name == "progress":
        return f"{value}%"
    if field_name == "answers_gap":
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    return str(value)


def _values(data: ActionData) -> dict:
    """The dataclass as field values (not dataclasses.asdict, which deep-copies rows)."""
    return {f.name: getattr(data, f.name) for f in fields(ActionData)}


def action_data(action: Action) -> ActionData:
    return ActionData(**{f.name: getattr(action, f.name) for f in fields(ActionData)})


FRAMEWORK_FIELDS = ("element_slug", "barrier_slug", "practice_slug")


def _framework_titles(name: str, slugs: set) -> dict:
    """The current framework's titles of key elements, barriers or practice examples, so
    the history says "Recognition of value", not `recognition-of-value` (issue 14). A slug
    the current version no longer has keeps its code."""
    version = current_version()
    if version is None or not slugs:
        return {}
    found = {
        "element_slug": framework_selectors.elements,
        "barrier_slug": framework_selectors.barriers,
        "practice_slug": framework_selectors.practice_examples,
    }[name](version)
    return dict(found.prefetch_related(None).filter(slug__in=slugs).values_list("slug", "title"))


def changes_between(before: ActionData, after: ActionData) -> list[dict]:
    found = []
    for name in (f.name for f in fields(ActionData)):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            old_text, new_text = _text(name, old), _text(name, new)
            if name in FRAMEWORK_FIELDS:
                titles = _framework_titles(name, {v for v in (old, new) if v})
                old_text, new_text = titles.get(old, old_text), titles.get(new, new_text)
            found.append({"field": FIELD_LABELS[name], "before": old_text, "after": new_text})
    return found


def action_problems(area, data: ActionData, *, current: Action | None = None) -> list[tuple]:
    """(field, message) for each rule the action breaks; empty when it can be saved. The one
    rule set of the action form and the API (field names are ActionData's): key elements and
    barriers of the framework's current version (or the action's own, unchanged), a
    relationship of the area, owners who are members on the matching side, and a title."""
    problems = []
    version = current_version()
    for name, kind, choices in (
        ("element_slug", "key element", framework_selectors.elements(version) if version else None),
        ("barrier_slug", "barrier", framework_selectors.barriers(version) if version else None),
    ):
        value = getattr(data, name)
        if not value or (current is not None and value == getattr(current, name)):
            continue
        if choices is None or not choices.filter(slug=value).exists():
            problems.append((name, f"Choose a {kind} from the framework"))
    if data.relationship is not None and data.relationship.area_id != area.pk:
        problems.append(("relationship", "Select a relationship from this area"))
    owners = {Side.COUNCIL: data.council_owner, Side.VCS: data.vcs_owner}
    if any(owners.values()):
        members = owner_choices(area)
        for side, user in owners.items():
            if user is not None and user.pk not in {m.user_id for m in members[side]}:
                label = "council" if side == Side.COUNCIL else "VCS"
                problems.append((f"{side}_owner", f"Select a {label}-side member of this area"))
    if not data.title.strip():
        problems.append(("title", "Enter what the action is"))
    return problems


def action_create(
    area,
    data: ActionData,
    *,
    user,
    source: str = ActionSource.MANUAL,
    finding=None,
    workshop_item=None,
) -> Action:
    """A new action in the area's plan. `workshop_item` is the workshop agenda item where it
    was agreed (toolkit.workshops), whose notes and figures the action keeps a link to."""
    with transaction.atomic():
        plan = plan_get_or_create(area)
        action = Action.objects.create(
            area=area,
            plan=plan,
            content_version=current_version(),
            source=source,
            workshop_item=workshop_item,
            created_by=user,
            updated_by=user,
            **_values(data),
        )
        plan_event_record(
            area,
            EventKind.ACTION_CREATED,
            f"Added “{action.title}”",
            actor=user,
            action=action,
            plan=plan,
            changes=changes_between(ActionData(title=""), data),
        )
        if finding is not None:
            Finding.objects.filter(pk=finding.pk).update(
                action=action, accepted_by=user, accepted_at=timezone.now()
            )
            plan_event_record(
                area,
                EventKind.FINDING_ACCEPTED,
                f"Accepted the peer review finding “{finding.title}” as an action",
                actor=user,
                action=action,
                plan=plan,
            )
    return action


class EditConflict(Exception):
    """Someone else saved the action after this person started editing it."""

    def __init__(self, current: Action):
        super().__init__("The action was changed by someone else.")
        self.current = current


def action_update(action: Action, data: ActionData, *, expected_version: int, user) -> Action:
    """Save an edit made to the version the editor started from. If the action has changed
    since (its version moved on), nothing is saved and EditConflict carries the current
    action, so the page can show the other change and keep the editor's text."""
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        changes = changes_between(action_data(current), data)
        if not changes:
            return current
        updated = Action.objects.filter(pk=action.pk, version=expected_version).update(
            **_values(data), version=F("version") + 1, updated_by=user, updated_at=timezone.now()
        )
        if updated != 1:  # a database without row locks (SQLite) still refuses the second save
            raise EditConflict(Action.objects.get(pk=action.pk))
        current.refresh_from_db()
        plan_event_record(
            action.area,
            EventKind.ACTION_CHANGED,
            f"Changed “{current.title}”",
            actor=user,
            action=current,
            changes=changes,
        )
    return current


def action_update_add(
    action: Action, *, note: str, status: str, progress: int, user, written_on=None
) -> ActionUpdate:
    """A dated progress note, which also sets the action's status and progress (and so moves
    its version on: an edit started before the update is refused rather than undoing it)."""
    written_on = written_on or timezone.localdate()
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        update = ActionUpdate.objects.create(
            area=current.area,
            action=current,
            written_on=written_on,
            note=note,
            status=status,
            progress=progress,
            author=user,
        )
        changes = changes_between(
            ActionData(title="", status=current.status, progress=current.progress),
            ActionData(title="", status=status, progress=progress),
        )
        Action.objects.filter(pk=current.pk).update(
            status=status,
            progress=progress,
            version=F("version") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        plan_event_record(
            current.area,
            EventKind.ACTION_UPDATE,
            f"Update on “{current.title}”: {note[:200]}",
            actor=user,
            action=current,
            changes=changes,
        )
    return update
