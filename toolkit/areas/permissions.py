"""The one way into an area's data. Every area-scoped view is wrapped by `area_view`, which
resolves the area from the URL through the signed-in user's active memberships: a non-member
gets 404 (we do not reveal that an area exists), a member without the role gets 403."""

from functools import cache, wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.module_loading import import_string

from .models import ALL_ROLES, Membership


def membership_for(user, area_code: str) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.active()
        .select_related("area", "user", "organisation")
        .filter(user=user, area__gss_code=area_code)
        .first()
    )


@cache
def _scope_resolver():
    # Named in settings so that areas does not import the app that owns review grants.
    return import_string(settings.AREA_SCOPE_RESOLVER)


def member_scopes(membership: Membership) -> frozenset[str]:
    """The parts of the area (register, results, evidence, plan) the member may read: all
    for the area's own members, exactly what was granted for a peer reviewer."""
    if not hasattr(membership, "_scopes"):
        membership._scopes = _scope_resolver()(membership)
    return membership._scopes


def area_view(roles=ALL_ROLES, scope: str | None = None):
    """Decorate a view taking `area_code` from the URL; the view receives `area` instead.
    `scope` names the part of the area the page shows: a peer reviewer without a grant for
    it gets 403."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, area_code, *args, **kwargs):
            membership = membership_for(request.user, area_code)
            if membership is None:
                raise Http404("No such area for this user.")
            if membership.role not in allowed:
                raise PermissionDenied
            if scope is not None and scope not in member_scopes(membership):
                raise PermissionDenied
            request.area = membership.area
            request.membership = membership
            return view(request, membership.area, *args, **kwargs)

        wrapped.area_roles = allowed
        wrapped.area_scope = scope
        return wrapped

    return decorator
