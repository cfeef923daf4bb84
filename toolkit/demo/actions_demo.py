"""Demo section loader: a draft joint action plan for Eastmere with a few actions drawn from
the practice library for its weakest key elements, owners on both sides and a dated update;
and read access for the demo peer reviewer with one finding. Runs after the assessment rounds
(it reads their results through the same selectors as the pages). Matched on titles and the
reviewer's email address: loading again creates nothing."""

from __future__ import annotations

import datetime
from typing import Any

from toolkit.actions import review, services
from toolkit.actions.models import (
    Action,
    ActionSource,
    ActionStatus,
    Finding,
    FindingKind,
    ReviewGrant,
)
from toolkit.actions.suggestions import suggestion_title, suggestions_for_area
from toolkit.areas.models import Membership, Role
from toolkit.areas.scopes import ALL_SCOPES

from .context import DemoContext

COUNCIL_OWNER = "facilitator@eastmere.example.org"
VCS_OWNER = "cvs@eastmere.example.org"
REVIEWER = "reviewer@peer-review.example.org"
MANUAL_ACTION = "Agree a compact between the council and the sector"
FINDING_TITLE = "Fund the sector's time to take part in joint boards"


def actions_load(data: dict[str, Any], ctx: DemoContext) -> None:
    area = ctx.area
    council_owner = ctx.users.get(COUNCIL_OWNER)
    vcs_owner = ctx.users.get(VCS_OWNER)
    existing = set(Action.objects.filter(area=area).values_list("title", flat=True))
    made = 0
    specs = []
    found = suggestions_for_area(area, k=2)
    for index, suggestion in enumerate(found.elements):
        if suggestion.examples:
            example = suggestion.examples[0]
            specs.append(
                (
                    services.ActionData(
                        title=suggestion_title(suggestion.title, example.title),
                        what_will_change=example.summary,
                        why=f"Key element “{suggestion.title}” came out weakest. "
                        f"{suggestion.reason}",
                        element_slug=suggestion.slug,
                        practice_slug=example.slug,
                        council_owner=council_owner,
                        vcs_owner=vcs_owner,
                        due_on=ctx.today + datetime.timedelta(days=90 * (index + 1)),
                        status=ActionStatus.IN_PROGRESS if index == 0 else ActionStatus.NOT_STARTED,
                        progress=25 if index == 0 else 0,
                    ),
                    ActionSource.SUGGESTION,
                )
            )
    specs.append(
        (
            services.ActionData(
                title=MANUAL_ACTION,
                what_will_change="A short written agreement on how the council and the sector "
                "work together, reviewed every year at the joint forum.",
                why="The register shows few relationships with shared, written terms.",
                answers_gap=True,
                council_owner=council_owner,
                vcs_owner=vcs_owner,
                due_on=ctx.today + datetime.timedelta(days=180),
            ),
            ActionSource.MANUAL,
        )
    )
    for spec, source in specs:
        if spec.title in existing:
            continue
        action = services.action_create(area, spec, user=council_owner, source=source)
        if spec.status == ActionStatus.IN_PROGRESS:
            services.action_update_add(
                action,
                note="First joint meeting held; terms of reference drafted together.",
                status=ActionStatus.IN_PROGRESS,
                progress=25,
                user=vcs_owner,
            )
        made += 1
    ctx.created["actions"] += made
    ctx.note("actions", made, len(specs))
    _review_load(ctx)


def _review_load(ctx) -> None:
    area = ctx.area
    reviewer = ctx.users.get(REVIEWER)
    membership = Membership.objects.filter(
        area=area, user=reviewer, role=Role.PEER_REVIEWER
    ).first()
    if reviewer is None or membership is None:
        return
    grant = ReviewGrant.objects.filter(area=area, email=REVIEWER, revoked_at__isnull=True).first()
    if grant is None:
        grant = review.grant_create(
            area,
            email=REVIEWER,
            full_name=reviewer.full_name,
            scopes=sorted(ALL_SCOPES),
            ends_on=membership.ends_on,
            user=ctx.users.get(COUNCIL_OWNER),
        )
        ctx.created["review_grants"] += 1
    if not Finding.objects.filter(area=area, title=FINDING_TITLE).exists():
        review.finding_create(
            area,
            grant=grant,
            user=reviewer,
            kind=FindingKind.RECOMMENDATION,
            title=FINDING_TITLE,
            text="Small groups told us they cannot give daytime hours to boards without cover. "
            "Paying for places, as South Gloucestershire did, would widen who takes part.",
            element_slug="capacity",
        )
        ctx.created["findings"] += 1
