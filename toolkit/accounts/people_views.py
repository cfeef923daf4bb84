"""The people of an area, for its facilitators: members, pending invitations, inviting
someone and withdrawing an invitation. Here rather than in `areas` because invitations are
accounts' (an invitation makes an account); `areas` stays below `accounts`."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from toolkit.areas import selectors as area_selectors
from toolkit.areas.models import FACILITATOR_ROLES, ROLE_DESCRIPTIONS, Role
from toolkit.areas.permissions import area_view

from . import services
from .forms import InvitationForm
from .models import Invitation


@area_view(roles=FACILITATOR_ROLES)
def people(request, area):
    return render(
        request,
        "accounts/people.html",
        {
            "members": area_selectors.members_for_area(area),
            "invitations": Invitation.objects.filter(area=area, accepted_at__isnull=True)
            .select_related("invited_by")
            .order_by("-created_at"),
        },
    )


@area_view(roles=FACILITATOR_ROLES)
def invite(request, area):
    form = InvitationForm(request.POST or None, area=area)
    retry_after = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.invitation_create(
                area=area,
                invited_by=request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                organisation=data["organisation"],
                ends_on=data.get("ends_on") if data["role"] == Role.PEER_REVIEWER else None,
                request=request,
            )
        except services.InvitationRateLimited as limited:
            form.add_error(None, limited.message)
            retry_after = limited.wait
        else:
            messages.success(request, f"Invitation sent to {created.invitation.email}.")
            return redirect("people:list", area_code=area.gss_code)
    response = render(
        request,
        "accounts/invite.html",
        {"form": form, "role_descriptions": ROLE_DESCRIPTIONS},
        status=429 if retry_after else 200,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def invitation_revoke(request, area, invitation_id):
    invitation = get_object_or_404(Invitation, area=area, public_id=invitation_id)
    services.invitation_revoke(invitation)
    messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    return redirect("people:list", area_code=area.gss_code)
