"""Organisations: an area's councils, departments and VCS organisations."""

from ninja import Query, Router

from toolkit.areas.models import Organisation
from toolkit.areas.scopes import GrantScope
from toolkit.areas.selectors import organisations_for_area

from .. import schemas as s
from ..access import area_membership
from ..paging import PAGE, PAGE_SIZE, page_of
from ..schemas import READ_ERRORS

router = Router(tags=["Organisations"])


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


@router.get(
    "/areas/{gss_code}/organisations",
    response={200: s.OrganisationPage, **READ_ERRORS},
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
    membership = area_membership(request, gss_code, scope=GrantScope.REGISTER)
    organisations = organisations_for_area(membership.area, kind=kind, query=q.replace("\x00", ""))
    return page_of(
        organisations.order_by("kind", "name", "id"),
        page,
        page_size,
        lambda rows: [_organisation_repr(o) for o in rows],
    )
