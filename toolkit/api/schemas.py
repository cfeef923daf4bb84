"""The API's request and response shapes (pydantic, through django-ninja), documented in the
OpenAPI document. Database ids are never exposed: resources are named by public ids (UUIDs)
and areas by GSS code."""

from __future__ import annotations

import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from toolkit.areas.models import OrganisationKind
from toolkit.register.models import (
    Judgement,
    MeetingFrequency,
    RegionKind,
    Scale,
    Status,
    Structure,
)
from toolkit.register.selectors import SORTS

StatusValue = Literal[tuple(Status.values)]
JudgementValue = Literal[("", *Judgement.values)]
ScaleValue = Literal[("", *Scale.values)]
RegionKindValue = Literal[("", *RegionKind.values)]
FrequencyValue = Literal[("", *MeetingFrequency.values)]
StructureValue = Literal[tuple(Structure.values)]
OrganisationKindValue = Literal[tuple(OrganisationKind.values)]
SortValue = Literal[tuple(SORTS)]
ScaleFilterValue = Literal[(*Scale.values, "none")]
JudgementFilterValue = Literal[(*Judgement.values, "none")]


class FieldError(Schema):
    field: str = Field(description="The field, like `title` or `parties`.")
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str = ""
    instance: str | None = None
    errors: list[FieldError] | None = None


# The problems an operation can answer with, as the OpenAPI document lists them. Creating a
# resource or adding a progress update takes no If-Match (nothing to be stale against);
# changing one needs it.
READ_ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_ERRORS = {**READ_ERRORS, 412: Problem, 428: Problem}
APPEND_ERRORS = READ_ERRORS


class PageMeta(Schema):
    count: int = Field(description="Items in all pages.")
    page: int
    page_size: int
    pages: int


class AreaOut(Schema):
    gss_code: str
    name: str
    is_demo: bool
    role: str = Field(description="Your role in the area.")
    side: str | None = Field(description="council, vcs, or null for peer reviewers.")


class OrganisationOut(Schema):
    id: UUID
    kind: OrganisationKindValue
    name: str
    parent_id: UUID | None = Field(description="For a department: its council.")
    org_id: str
    vcs_type: str
    is_marginalised_led: bool
    website: str
    neighbourhoods: str


class OrganisationPage(PageMeta):
    results: list[OrganisationOut]


class PartyOut(Schema):
    organisation_id: UUID
    name: str
    side: str


class QualityOut(Schema):
    slug: str
    present: bool
    evidence: str


class RelationshipOut(Schema):
    id: UUID
    reference: str
    title: str
    description: str
    status: str
    started_on: datetime.date | None
    judgement: str
    judgement_reasoning: str
    scale: str
    neighbourhoods: str
    region_kind: str
    structures: list[str]
    meeting_frequency: str
    notes: str
    main_type: str
    types: list[str]
    parties: list[PartyOut]
    qualities: list[QualityOut]
    content_version: str
    updated_at: datetime.datetime


class RelationshipPage(PageMeta):
    results: list[RelationshipOut]


def no_nul(value):
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("Text must not contain NUL characters")
    return value


class InputSchema(Schema):
    """A request body: an unknown field is an error (a misspelt field must not be dropped
    silently), reported like any other invalid field."""

    model_config = ConfigDict(extra="forbid")


class QualityIn(InputSchema):
    present: bool = False
    evidence: str = Field("", max_length=5000)

    _check_evidence = field_validator("evidence")(no_nul)


class RelationshipIn(InputSchema):
    """A whole relationship (PUT replaces every field)."""

    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    parties: list[UUID] = Field(
        ...,
        min_length=2,
        max_length=100,
        description="Organisation ids (council, departments or VCS organisations of the area).",
    )
    main_type: str = Field(..., max_length=80, description="A type slug from the typology.")
    types: list[str] = Field(default_factory=list, max_length=10)
    status: StatusValue = "active"
    started_on: datetime.date | None = None
    judgement: JudgementValue = ""
    judgement_reasoning: str = Field("", max_length=5000)
    scale: ScaleValue = ""
    neighbourhoods: str = Field("", max_length=300)
    region_kind: RegionKindValue = ""
    structures: list[StructureValue] = Field(default_factory=list, max_length=10)
    meeting_frequency: FrequencyValue = ""
    notes: str = Field("", max_length=5000)
    qualities: dict[str, QualityIn] = Field(
        default_factory=dict, description="By quality slug: whether present, and why."
    )

    _check_text = field_validator(
        "title", "description", "main_type", "judgement_reasoning", "neighbourhoods", "notes"
    )(no_nul)

    @field_validator("types")
    @classmethod
    def _types_text(cls, value):
        for item in value:
            no_nul(item)
        return value


class FigureOut(Schema):
    n: int | None = Field(description="Respondents; null when the figure is withheld.")
    respondents: str = Field(
        description="The number of respondents as the pages print it: a number, "
        "'fewer than N' under the area's threshold, or 'not shown' when withheld so that "
        "another withheld figure cannot be worked out from it."
    )
    suppressed: bool = Field(description="true when the figure is withheld (values null).")
    note: str = Field("", description="Why a withheld figure is not shown.")
    mean: float | None = None
    median: float | None = None
    distribution: list[int] | None = Field(None, description="Answers of 1, 2, 3, 4 and 5.")
    dont_know: int | None = None


class ProfileRowOut(Schema):
    slug: str
    title: str
    principle: str = ""
    council: FigureOut
    vcs: FigureOut
    together: FigureOut


class TickOut(Schema):
    slug: str
    title: str
    council: int | None = Field(description="null when withheld.")
    vcs: int | None
    together: int | None


class AxisOut(Schema):
    strategic: float | None = Field(description="Mean rating from 1 to 5; null when not shown.")
    proactive: float | None
    financial: float | None
    time: float | None
    respondents: str = Field(
        description="People who rated the relationship from this side (or both together), "
        "as the pages print it: a number, 'fewer than N' under the area's threshold, or "
        "'not shown' when withheld so that another withheld figure cannot be worked out."
    )


class MapPositionOut(Schema):
    relationship_id: UUID
    title: str
    council: AxisOut | None
    vcs: AxisOut | None
    together: AxisOut | None


class RespondentsOut(Schema):
    council: int | None = Field(description="null when not shown (see council_text).")
    vcs: int | None = Field(description="null when not shown (see vcs_text).")
    council_text: str = Field(description="A number, 'fewer than N' or 'not shown'.")
    vcs_text: str = Field(description="A number, 'fewer than N' or 'not shown'.")


class RoundOut(Schema):
    id: UUID
    name: str
    status: str
    opened_on: datetime.date | None
    closes_on: datetime.date | None
    includes_mapping: bool
    assessment: str
    identity: str
    previous_round_id: UUID | None
    responses: RespondentsOut = Field(
        description="Sent responses per side: exact for facilitators; for others a side under "
        "the area's threshold is null with 'fewer than N' in its text."
    )
    results_visible: bool = Field(
        description="False while sealed: until the round closes or both sides reach the "
        "area's threshold of responses."
    )


class RoundPage(PageMeta):
    results: list[RoundOut]


class BarriersOut(Schema):
    round_id: UUID
    visible: bool
    threshold: int
    respondents: RespondentsOut = Field(description="Respondents who answered the question.")
    barriers: list[TickOut]


class GroupFigureOut(Schema):
    group: str
    respondents: int | None = Field(description="null when the view or the row is not shown.")
    mean: float | None = Field(None, description="Mean agreement, 1 to 5; null when none.")


class GroupRowOut(Schema):
    level: Literal["principle", "element"]
    slug: str
    title: str
    shown: bool
    note: str = Field("", description="Why the row is not shown by group.")
    figures: list[GroupFigureOut]


class GroupViewOut(Schema):
    side: str
    question: str = Field(description="department, role, size or led_by_and_for.")
    shown: bool = Field(
        description="false unless every group, 'not_said' included, passes the rules."
    )
    note: str = Field("", description="Why the view is not shown.")
    groups: list[GroupFigureOut] = Field(description="The groups and their respondents.")
    rows: list[GroupRowOut]


class RoundResultsOut(Schema):
    round_id: UUID
    visible: bool
    threshold: int
    respondents: RespondentsOut
    principles: list[ProfileRowOut]
    elements: list[ProfileRowOut]
    barriers: list[TickOut]
    pressures: list[TickOut] = Field(
        description="Pressures of the moment: how many on each side say each one affects the "
        "relationship (null where withheld)."
    )
    map: list[MapPositionOut]
    by_group: list[GroupViewOut] = Field(
        default_factory=list,
        description="Each side's principles results by the optional questions the round "
        "asked at the start, shown only where every group passes the rules.",
    )


class ImportRunOut(Schema):
    id: UUID
    kind: str
    file_name: str
    file_sha256: str
    file_format: str
    status: str
    dry_run: bool
    via: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    rows_read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    skipped: int
    message: str


class ImportRunPage(PageMeta):
    results: list[ImportRunOut]
