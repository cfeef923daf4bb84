from .permissions import member_scopes


def area(request):
    """The area and membership that `area_view` resolved, for the demo notice and navigation,
    and the parts of the area the member may read (to show only links that work)."""
    membership = getattr(request, "membership", None)
    return {
        "area": getattr(request, "area", None),
        "membership": membership,
        "scopes": member_scopes(membership) if membership else frozenset(),
    }
