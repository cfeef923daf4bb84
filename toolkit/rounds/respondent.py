"""The one way into a respondent's in-progress answers: `respondent_view` wraps every public
question page (rounds core and the apps that register sections). It resolves the resume token
in the URL to an in-progress response of a round that is taking answers; otherwise it shows why
not. A member's token ("m-…") works only when that member is signed in."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .services import LINK_MESSAGES
from .tokens import is_member_token, token_matches_member


def respondent_link_invalid(request, reason: str, message: str = ""):
    status = 404 if reason in ("unknown", "resume") else 410
    return render(
        request,
        "rounds/respond/link_invalid.html",
        {"reason": reason, "message": message or LINK_MESSAGES.get(reason, "")},
        status=status,
    )


def respondent_view(view):
    """Decorate a view taking `token` from the URL; the view receives `response` after
    `request`. The response carries the plain token as `response.token` (for links) and, for
    a member's own response, the member as `response.member`."""
    from .services import response_resume

    @login_not_required
    @never_cache
    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        response = response_resume(token)
        if response is None:
            return respondent_link_invalid(request, "resume")
        member = None
        if is_member_token(token):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not token_matches_member(token, request.user, response.round_id):
                return respondent_link_invalid(request, "resume")
            member = request.user
        if not response.round.is_accepting:
            return respondent_link_invalid(request, "closed")
        response.token = token
        response.member = member
        request.area = response.round.area  # for the demo notice
        return view(request, response, *args, **kwargs)

    wrapped.respondent_view = True
    return wrapped
