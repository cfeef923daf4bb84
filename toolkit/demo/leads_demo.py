"""Demo section loader for who to talk to: Eastmere's named leads (members and fictional
people without an account) and one handover from someone who left. Loading again changes
nothing: leads are set only where they differ, and the handover is made once."""

from __future__ import annotations

from typing import Any

from toolkit.areas.models import Membership, Side
from toolkit.register import leads
from toolkit.register.models import Handover, Relationship, RelationshipChange

from .context import DemoContext, DemoDataError


def leads_load(data: dict[str, Any], ctx: DemoContext) -> None:
    spec = data.get("leads") or {}
    relationships = {r.reference: r for r in Relationship.objects.filter(area=ctx.area)}
    members = {
        m.user.email: m for m in Membership.objects.filter(area=ctx.area).select_related("user")
    }

    def value(person: dict) -> leads.LeadValue:
        if "member" in person:
            if person["member"] not in members:
                raise DemoDataError(f"leads: no demo member {person['member']!r}")
            member = members[person["member"]]
            return leads.LeadValue(job_title=person.get("job_title", ""), member=member)
        return leads.LeadValue(name=person["name"], job_title=person.get("job_title", ""))

    def target(kind: str, name: str):
        found = (relationships if kind == "relationships" else ctx.organisations).get(name)
        if found is None:
            raise DemoDataError(f"leads: no {kind[:-1]} {name!r}")
        return found

    made = 0
    handover = spec.get("handover")
    if (
        handover
        and not Handover.objects.filter(area=ctx.area, leaving=handover["leaving"]["name"]).exists()
    ):
        leaving = value(handover["leaving"])
        for reference in handover["relationships"]:
            leads.leads_set(
                target("relationships", reference),
                {Side.COUNCIL: leaving},
                source=RelationshipChange.Source.DEMO,
            )
        key = leaving.key
        successor = value(handover["to"])
        leads.handover_apply(
            ctx.area,
            key,
            {str(lead.public_id): successor for lead in leads.roles_of(ctx.area, key)},
            membership=members[handover["by"]],
        )
        made += 1
    for kind in ("relationships", "organisations"):
        for name, sides in (spec.get(kind) or {}).items():
            made += bool(
                leads.leads_set(
                    target(kind, name),
                    {side: value(person) for side, person in sides.items()},
                    source=RelationshipChange.Source.DEMO,
                )
            )
    ctx.created["leads"] += made
    ctx.note("leads", made, made)
