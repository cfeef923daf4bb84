"""The one way into an area's data. Every area-scoped view is wrapped by `area_view`, which
resolves the area from the URL through the signed-in user's active memberships: a non-member
gets 404 (we do not reveal that an area exists), a member without the role gets 403."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

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


def area_view(roles=ALL_ROLES):
    """Decorate a view taking `area_code` from the URL; the view receives `area` instead."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, area_code, *args, **kwargs):
            membership = membership_for(request.user, area_code)
            if membership is None:
                raise Http404("No such area for this user.")
            if membership.role not in allowed:
                raise PermissionDenied
            request.area = membership.area
            request.membership = membership
            return view(request, membership.area, *args, **kwargs)

        wrapped.area_roles = allowed
        return wrapped

    return decorator
