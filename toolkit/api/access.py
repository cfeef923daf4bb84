"""Who may call an endpoint: the token user's membership of the area, its role, a peer
reviewer's scopes and the token's write permission. Every route starts here, as every page
starts at `area_view`."""

from toolkit.actions.selectors import scopes_for
from toolkit.areas.models import ALL_ROLES
from toolkit.areas.permissions import membership_for

from .problems import ProblemError


def area_membership(request, gss_code: str, *, roles=ALL_ROLES, scope: str | None = None):
    """The token user's membership of the area, or 404 (existence is not revealed); 403 when
    the role, or a peer reviewer's grant, does not cover this resource."""
    membership = membership_for(request.auth.user, gss_code)
    if membership is None:
        raise ProblemError(404, "You are not a member of an area with this code.", kind="not-found")
    if membership.role not in roles:
        raise ProblemError(403, "Your role in this area does not allow this.", kind="forbidden")
    if scope is not None and scope not in scopes_for(membership):
        raise ProblemError(
            403, "Your review access does not include this part of the area.", kind="forbidden"
        )
    return membership


def require_write(request):
    if not request.auth.can_write:
        raise ProblemError(
            403,
            "This token is read only. Make a read and write token to change data.",
            kind="read-only-token",
        )
