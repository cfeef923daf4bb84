"""Who to talk to: the council lead and the VCS lead of each relationship and organisation,
and handing every lead role of someone who leaves to named successors in one step
(docs/adr/0017). The rules for a lead (``lead_problems``) are shared by the form, the
register import and the handover; every change to a relationship's leads is written into
that relationship's history.

A person is a member of the area (``Lead.member``), or someone without an account known by
name and job title only. People are told apart by ``person_key``: ``m:<membership id>`` for
a member, ``n:<name in lower case>`` for anyone else."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from toolkit.areas.models import FACILITATOR_ROLES, Membership, Organisation, Side

from .models import Handover, Lead, Relationship, RelationshipChange, lead_display_name

SIDE_LABELS = {Side.COUNCIL: "Council lead", Side.VCS: "VCS lead"}
NAME_MAX = JOB_TITLE_MAX = 150


@dataclass(frozen=True)
class LeadValue:
    """Who should be a lead, as a form, a file or a handover gives it: a member of the area,
    or the name (and job title) of someone without an account."""

    name: str = ""
    job_title: str = ""
    member: Membership | None = None

    @property
    def display_name(self) -> str:
        member_name = self.member.user.full_name if self.member is not None else None
        return lead_display_name(self.name.strip(), member_name)

    @property
    def key(self) -> str:
        return person_key(self.member, self.name)

    def describe(self) -> str:
        """As a person reads it in a relationship's history and an import's preview."""
        title = self.job_title.strip()
        return f"{self.display_name}, {title}" if title else self.display_name


def person_key(member: Membership | None, name: str) -> str:
    if member is not None:
        return f"m:{member.public_id}"
    return f"n:{' '.join(name.split()).casefold()}"


def lead_value(lead: Lead | None) -> LeadValue | None:
    if lead is None:
        return None
    return LeadValue(name=lead.name, job_title=lead.job_title, member=lead.member)


def lead_problems(area, side: str, value: LeadValue | None) -> list[str]:
    """What is wrong with `value` as the `side` lead of something in `area` (empty when it
    may be saved). No lead at all is allowed."""
    if value is None:
        return []
    label = "council" if side == Side.COUNCIL else "VCS"
    problems = []
    if value.member is not None:
        if value.member.area_id != area.pk:
            problems.append("Choose a member of this area")
        elif value.member.side != side:
            problems.append(f"Choose a {label}-side member, or someone without an account")
    else:
        if not value.name.strip():
            problems.append(f"Enter the name of the {label} lead")
        elif len(value.name.strip()) > NAME_MAX:
            problems.append(f"The name must be {NAME_MAX} characters or fewer")
    if len(value.job_title.strip()) > JOB_TITLE_MAX:
        problems.append(f"The job title must be {JOB_TITLE_MAX} characters or fewer")
    return problems


class LeadInvalid(ValueError):
    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems  # by side, or by a handover's lead id
        super().__init__("; ".join(m for messages in problems.values() for m in messages))


# --- reading ---------------------------------------------------------------------------------


def leads_of(target: Relationship | Organisation) -> dict[str, Lead | None]:
    """The council and VCS leads of a relationship or an organisation (from prefetched
    ``leads`` when the caller prefetched them)."""
    found = {lead.side: lead for lead in target.leads.all()}
    return {side: found.get(side) for side in Side.values}


def _target_filter(target) -> dict:
    if isinstance(target, Relationship):
        return {"relationship": target}
    return {"organisation": target}


def _describe(values: dict[str, LeadValue | None]) -> dict[str, str]:
    return {SIDE_LABELS[side]: (v.describe() if v else "") for side, v in values.items()}


def lead_changes(
    target: Relationship | Organisation, values: dict[str, LeadValue | None]
) -> list[dict[str, str]]:
    """What ``leads_set`` would change, as ``{"field", "before", "after"}`` (for previews).
    Sides missing from `values` are left as they are."""
    current = leads_of(target)
    before = _describe({side: lead_value(current[side]) for side in values})
    after = _describe(values)
    return [
        {"field": field, "before": before[field], "after": after[field]}
        for field in after
        if before[field] != after[field]
    ]


def leads_described(values: dict[str, LeadValue | None]) -> list[dict[str, str]]:
    """The leads of something new, as ``lead_changes`` gives them (empty sides left out)."""
    return [
        {"field": field, "before": "", "after": after}
        for field, after in _describe(values).items()
        if after
    ]


# --- writing ---------------------------------------------------------------------------------


def _clean(value: LeadValue | None) -> LeadValue | None:
    if value is None or (value.member is None and not value.name.strip()):
        return None
    name = value.member.user.full_name if value.member is not None else " ".join(value.name.split())
    return LeadValue(name=name, job_title=value.job_title.strip(), member=value.member)


def leads_set(
    target: Relationship | Organisation,
    values: dict[str, LeadValue | None],
    *,
    user=None,
    source: str = RelationshipChange.Source.FORM,
) -> list[dict[str, str]]:
    """Make `values` the leads of a relationship or an organisation (a side given as None
    has no lead; a side not given is left alone), in one transaction; a relationship's
    history records the change. Returns the changes (empty, and nothing written, if none)."""
    values = {side: _clean(v) for side, v in values.items() if side in Side.values}
    problems = {
        side: found for side, v in values.items() if (found := lead_problems(target.area, side, v))
    }
    if problems:
        raise LeadInvalid(problems)
    with transaction.atomic():
        changes = lead_changes(target, values)
        if not changes:
            return []
        _write(target, values)
        if isinstance(target, Relationship):
            RelationshipChange.objects.create(
                relationship=target, changed_by=user, source=source, changes=changes
            )
    return changes


def _write(target, values: dict[str, LeadValue | None]) -> None:
    where = _target_filter(target)
    for side, value in values.items():
        if value is None:
            Lead.objects.filter(side=side, **where).delete()
        else:
            Lead.objects.update_or_create(
                side=side,
                **where,
                defaults={
                    "area_id": target.area_id,
                    "member": value.member,
                    "name": value.name,
                    "job_title": value.job_title,
                },
            )
    if hasattr(target, "_prefetched_objects_cache"):
        target._prefetched_objects_cache.pop("leads", None)


# --- people and handovers --------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone who holds at least one lead role in the area."""

    key: str
    name: str
    job_title: str
    member: Membership | None
    roles: int
    has_left: bool  # a member whose membership has ended, or whose account is closed

    @property
    def value(self) -> LeadValue:
        return LeadValue(name=self.name, job_title=self.job_title, member=self.member)


def _leads_in(area):
    return Lead.objects.filter(area=area).select_related(
        "member__user", "relationship", "organisation__parent"
    )


def people_with_roles(area, side: str | None = None) -> list[Person]:
    """Everyone holding a lead role in the area (or on one side), by name (two queries)."""
    leads = _leads_in(area)
    if side:
        leads = leads.filter(side=side)
    active = set(Membership.objects.active().filter(area=area).values_list("pk", flat=True))
    people: dict[str, Person] = {}
    for lead in leads.order_by("name", "id"):
        key = person_key(lead.member, lead.name)
        known = people.get(key)
        people[key] = Person(
            key=key,
            name=lead.display_name,
            job_title=(known.job_title if known and known.job_title else lead.job_title),
            member=lead.member,
            roles=(known.roles if known else 0) + 1,
            has_left=lead.member_id is not None and lead.member_id not in active,
        )
    return sorted(people.values(), key=lambda p: (p.name.casefold(), p.key))


def roles_of(area, key: str) -> list[Lead]:
    """Every lead role of one person, relationships first, then organisations, by name."""
    if key.startswith("m:"):
        leads = _leads_in(area).filter(member__public_id=_uuid_or_none(key[2:]))
    elif key.startswith("n:"):
        # Matched in Python: SQLite compares only ASCII letters without case.
        leads = _leads_in(area).filter(member__isnull=True)
    else:
        return []
    found = [lead for lead in leads if person_key(lead.member, lead.name) == key]
    return sorted(
        found,
        key=lambda lead: (
            lead.relationship_id is None,
            str(lead.relationship or lead.organisation).casefold(),
            lead.side,
        ),
    )


def _uuid_or_none(text: str):
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def lead_subject(lead: Lead) -> str:
    """What the lead is for, in words: 'Relationship title' or 'Organisation name'."""
    return str(lead.relationship) if lead.relationship_id else str(lead.organisation)


class HandoverError(Exception):
    """Why a handover cannot be made, in words for the person."""


def handover_apply(area, key: str, successors: dict, *, membership) -> Handover:
    """Move every lead role of the person `key` to the successor named for it
    (``successors``: Lead public id → LeadValue), in one transaction: each relationship's
    history records its part, and a Handover row records the whole. Facilitators only."""
    if membership.role not in FACILITATOR_ROLES:
        raise HandoverError("Only a facilitator can hand over someone's lead roles.")
    with transaction.atomic():
        roles = roles_of(area, key)
        if not roles:
            raise HandoverError("This person has no lead roles to hand over.")
        problems: dict[str, list[str]] = {}
        chosen: dict[int, LeadValue] = {}
        for lead in roles:
            value = _clean(successors.get(str(lead.public_id)))
            if value is None:
                problems[str(lead.public_id)] = ["Choose who takes over this role"]
                continue
            if value.key == key:
                problems[str(lead.public_id)] = ["Choose someone other than the person leaving"]
                continue
            found = lead_problems(area, lead.side, value)
            if found:
                problems[str(lead.public_id)] = found
            chosen[lead.pk] = value
        if problems:
            raise LeadInvalid(problems)
        leaving = roles[0].display_name
        moves, history = [], {}
        for lead in roles:
            value = chosen[lead.pk]
            before = lead_value(lead).describe()
            Lead.objects.filter(pk=lead.pk).update(
                member=value.member, name=value.name, job_title=value.job_title
            )
            moves.append(
                {"what": lead_subject(lead), "side": SIDE_LABELS[lead.side], "to": value.describe()}
            )
            if lead.relationship_id:
                history.setdefault(lead.relationship_id, []).append(
                    {"field": SIDE_LABELS[lead.side], "before": before, "after": value.describe()}
                )
        RelationshipChange.objects.bulk_create(
            RelationshipChange(
                relationship_id=relationship_id,
                changed_by=membership.user,
                source=RelationshipChange.Source.HANDOVER,
                changes=changes,
            )
            for relationship_id, changes in history.items()
        )
        return Handover.objects.create(
            area=area, leaving=leaving, made_by=membership.user, moves=moves
        )


def handovers_for_area(area, limit: int = 10):
    return Handover.objects.filter(area=area)[:limit]


def successor_choices(area, side: str, *, leaving: str = "") -> list[tuple[str, str]]:
    """(value, label) for who can take a `side` lead role: the side's active members, then
    people without an account already named as leads on that side (two queries)."""
    members = [
        m
        for m in Membership.objects.active()
        .filter(area=area)
        .select_related("user", "organisation")
        .order_by("user__full_name")
        if m.side == side
    ]
    choices = []
    for m in members:
        key = person_key(m, "")
        if key != leaving:
            where = f", {m.organisation.name}" if m.organisation_id else ""
            choices.append((key, f"{m.user.full_name}{where}"))
    for person in people_with_roles(area, side):
        if person.member is None and person.key != leaving:
            title = f", {person.job_title}" if person.job_title else ""
            choices.append((person.key, f"{person.name}{title} (no account)"))
    return choices


def value_for_choice(area, choice: str, *, job_title: str = "") -> LeadValue | None:
    """The LeadValue a choice from ``successor_choices`` stands for (None if unknown), with
    the job title given, or else the one the person already has as a lead."""
    known = next((p for p in people_with_roles(area) if p.key == choice), None)
    job_title = job_title.strip() or (known.job_title if known else "")
    if choice.startswith("m:"):
        member = (
            Membership.objects.filter(area=area, public_id=_uuid_or_none(choice[2:]))
            .select_related("user")
            .first()
        )
        return LeadValue(job_title=job_title, member=member) if member else None
    if known is not None and known.member is None:
        return LeadValue(name=known.name, job_title=job_title)
    return None


def leads_search(query: str) -> Q:
    """Relationships or organisations whose leads match `query` by name or job title."""
    return (
        Q(leads__name__icontains=query)
        | Q(leads__job_title__icontains=query)
        | Q(leads__member__user__full_name__icontains=query)
    )
