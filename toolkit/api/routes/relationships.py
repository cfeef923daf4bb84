"""Relationships: the register, read and changed under the same rules as the register's
pages (`relationship_create`, `relationship_update`)."""

from uuid import UUID

from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from ninja import Header, Query, Router, Status

from toolkit.areas.models import Organisation
from toolkit.areas.scopes import GrantScope
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
    relationship_data_build,
    relationship_update,
)

from .. import schemas as s
from ..access import area_membership, require_write
from ..etags import etag_for, if_match_check
from ..paging import PAGE, PAGE_SIZE, page_of
from ..problems import ProblemError, invalid_request
from ..schemas import APPEND_ERRORS, READ_ERRORS, WRITE_ERRORS

router = Router(tags=["Relationships"])

TYPE_Q = Query("", max_length=80, description="A type slug from the typology.")
DEPARTMENT_Q = Query(None, description="A department's organisation id.")
SCALE_Q = Query(None, description="`none` for relationships with no scale recorded.")
JUDGEMENT_Q = Query(None, description="`none` for relationships not yet judged.")
ORGANISATION_Q = Query(None, description="Any party's organisation id.")


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


@router.get(
    "/areas/{gss_code}/relationships",
    response={200: s.RelationshipPage, **READ_ERRORS},
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
    membership = area_membership(request, gss_code, scope=GrantScope.REGISTER)
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
    return page_of(
        relationships, page, page_size, lambda rows: [_relationship_repr(r) for r in rows]
    )


@router.get(
    "/areas/{gss_code}/relationships/{relationship_id}",
    response={200: s.RelationshipOut, **READ_ERRORS},
    operation_id="relationship_get",
    url_name="relationship",
    openapi_extra={"x-etag": True},
)
def relationship_get(request, response: HttpResponse, gss_code: str, relationship_id: UUID):
    """One relationship. Its `ETag` header is what you send in `If-Match` to change it."""
    membership = area_membership(request, gss_code, scope=GrantScope.REGISTER)
    relationship = _relationship_or_404(membership.area, relationship_id)
    return _with_etag(response, _relationship_repr(relationship))


def _relationship_data(area, payload: s.RelationshipIn) -> RelationshipData:
    wanted = list(dict.fromkeys(payload.parties))
    parties = list(Organisation.objects.filter(area=area, public_id__in=wanted))
    if len(parties) != len(wanted):
        raise invalid_request(
            "Some parties are not organisations of this area.",
            [{"field": "parties", "message": "Use organisation ids from this area"}],
        )
    return relationship_data_build(
        payload.model_dump(),
        parties=parties,
        main_type=payload.main_type,
        types=payload.types,
        qualities={
            slug: QualityAnswer(q.present, q.evidence) for slug, q in payload.qualities.items()
        },
    )


def _invalid(error: RelationshipInvalid) -> ProblemError:
    return invalid_request(
        "The relationship breaks the register's rules. See errors for each field.",
        [{"field": field, "message": message} for field, message in error.problems],
    )


def _editor(request, gss_code):
    require_write(request)
    membership = area_membership(request, gss_code, scope=GrantScope.REGISTER)
    if not can_edit_register(membership):
        raise ProblemError(403, "Your role does not allow changing the register.", kind="forbidden")
    return membership


@router.post(
    "/areas/{gss_code}/relationships",
    response={201: s.RelationshipOut, **APPEND_ERRORS},
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


@router.put(
    "/areas/{gss_code}/relationships/{relationship_id}",
    response={200: s.RelationshipOut, **WRITE_ERRORS},
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
