"""The API's schemas for the joint action plan (routes/actions.py); the shared ones (pages,
problems, input rules) are in schemas.py."""

from __future__ import annotations

import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import field_validator

from toolkit.actions.models import ActionSource, ActionStatus, PlanStatus

from .schemas import InputSchema, PageMeta, no_nul

ActionStatusValue = Literal[tuple(ActionStatus.values)]
ActionStatusFilterValue = Literal[(*ActionStatus.values, "open")]
ActionSourceValue = Literal[tuple(ActionSource.values)]
PlanStatusValue = Literal[tuple(PlanStatus.values)]


class OwnerOut(Schema):
    membership_id: UUID | None = Field(
        description="The owner's membership of the area (what you send as an owner id); null "
        "if they are no longer a member."
    )
    name: str


class RelationshipRefOut(Schema):
    id: UUID
    title: str


class ActionUpdateOut(Schema):
    id: UUID
    written_on: datetime.date
    note: str
    status: ActionStatusValue
    progress: int
    author: str = Field(description="Who wrote it (empty if their account is gone).")
    created_at: datetime.datetime


class ActionOut(Schema):
    id: UUID
    title: str
    what_will_change: str
    why: str
    element_slug: str = Field(description="The key element it answers, if any.")
    barrier_slug: str = Field(description="The barrier it answers, if any.")
    practice_slug: str = Field(
        description="The practice example the idea came from (set by suggestions; read only)."
    )
    relationship: RelationshipRefOut | None
    answers_gap: bool
    council_owner: OwnerOut | None
    vcs_owner: OwnerOut | None
    due_on: datetime.date | None
    status: ActionStatusValue
    progress: int = Field(description="Percent, 0 to 100.")
    source: ActionSourceValue
    version: int = Field(description="Goes up by one on every change; the ETag is made from it.")
    content_version: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    updates: list[ActionUpdateOut] = Field(description="Progress updates, newest first.")


class PlanOut(Schema):
    status: PlanStatusValue = Field(
        description="draft until a council and a VCS facilitator have both agreed it."
    )
    council_agreed_at: datetime.datetime | None
    vcs_agreed_at: datetime.datetime | None
    agreed_at: datetime.datetime | None


class ActionPage(PageMeta):
    plan: PlanOut | None = Field(description="null until the area's first action.")
    results: list[ActionOut]


class ActionIn(InputSchema):
    """A whole action (PUT replaces every field except practice_slug, which is kept)."""

    title: str = Field(..., min_length=1, max_length=200)
    what_will_change: str = Field("", max_length=5000)
    why: str = Field("", max_length=5000)
    element_slug: str = Field(
        "", max_length=80, description="A key element's slug from the framework, or empty."
    )
    barrier_slug: str = Field(
        "", max_length=80, description="A barrier's slug from the framework, or empty."
    )
    relationship_id: UUID | None = Field(None, description="A relationship of the area.")
    answers_gap: bool = False
    council_owner_id: UUID | None = Field(
        None, description="The membership id of a council-side member of the area."
    )
    vcs_owner_id: UUID | None = Field(
        None, description="The membership id of a VCS-side member of the area."
    )
    due_on: datetime.date | None = None
    status: ActionStatusValue = "not_started"
    progress: int = Field(0, ge=0, le=100)

    _check_text = field_validator(
        "title", "what_will_change", "why", "element_slug", "barrier_slug"
    )(no_nul)


class ActionUpdateIn(InputSchema):
    """A progress update: what has happened, and the action's status and progress now. It
    is dated today."""

    note: str = Field(..., min_length=1, max_length=5000)
    status: ActionStatusValue
    progress: int = Field(..., ge=0, le=100)

    _check_note = field_validator("note")(no_nul)
