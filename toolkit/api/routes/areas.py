"""Areas: the areas the token's user belongs to, with their role in each."""

from ninja import Router

from toolkit.areas.selectors import memberships_for_user

from .. import schemas as s
from ..access import area_membership
from ..schemas import READ_ERRORS

router = Router(tags=["Areas"])


def _area_repr(membership) -> dict:
    return {
        "gss_code": membership.area.gss_code,
        "name": membership.area.name,
        "is_demo": membership.area.is_demo,
        "role": membership.role,
        "side": membership.side,
    }


@router.get(
    "/areas",
    response={200: list[s.AreaOut], **READ_ERRORS},
    operation_id="areas_list",
    url_name="areas",
)
def areas_list(request):
    """The areas you belong to, with your role in each."""
    return [_area_repr(m) for m in memberships_for_user(request.auth.user)]


@router.get(
    "/areas/{gss_code}",
    response={200: s.AreaOut, **READ_ERRORS},
    operation_id="area_get",
    url_name="area",
)
def area_get(request, gss_code: str):
    """One area you belong to."""
    return _area_repr(area_membership(request, gss_code))
