from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from toolkit.accounts import services as account_services
from toolkit.accounts.models import Invitation

from . import selectors, services
from .forms import InvitationForm, OrganisationForm
from .models import (
    FACILITATOR_ROLES,
    ROLE_DESCRIPTIONS,
    Organisation,
    OrganisationKind,
    Role,
)
from .permissions import area_view


def home(request):
    memberships = selectors.memberships_for_user(request.user)
    is_analyst = request.user.is_national_analyst
    # One area: straight to it, unless there is also the national benchmark to choose.
    if len(memberships) == 1 and not is_analyst:
        return redirect("areas:dashboard", area_code=memberships[0].area.gss_code)
    return render(
        request, "areas/home.html", {"memberships": memberships, "is_analyst": is_analyst}
    )


@area_view()
def dashboard(request, area):
    return render(
        request,
        "areas/dashboard.html",
        {
            "summary": selectors.area_summary(area),
            "councils": selectors.councils_for_area(area),
        },
    )


@area_view(roles=FACILITATOR_ROLES)
def people(request, area):
    return render(
        request,
        "areas/people.html",
        {
            "members": selectors.members_for_area(area),
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
            created = account_services.invitation_create(
                area=area,
                invited_by=request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                organisation=data["organisation"],
                ends_on=data.get("ends_on") if data["role"] == Role.PEER_REVIEWER else None,
                request=request,
            )
        except account_services.InvitationRateLimited as limited:
            form.add_error(None, limited.message)
            retry_after = limited.wait
        else:
            messages.success(request, f"Invitation sent to {created.invitation.email}.")
            return redirect("areas:people", area_code=area.gss_code)
    response = render(
        request,
        "areas/invite.html",
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
    account_services.invitation_revoke(invitation)
    messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    return redirect("areas:people", area_code=area.gss_code)


@area_view()
def organisations(request, area):
    kind = request.GET.get("kind", "")
    if kind not in OrganisationKind.values:
        kind = ""
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "areas/organisations.html",
        {
            "organisations": selectors.organisations_for_area(area, kind=kind, query=query),
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "query": query,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
def organisation_create(request, area):
    return _organisation_form(request, area, Organisation(area=area))


@area_view(roles=FACILITATOR_ROLES)
def organisation_edit(request, area, organisation_id):
    organisation = get_object_or_404(Organisation, area=area, public_id=organisation_id)
    return _organisation_form(request, area, organisation)


def _organisation_form(request, area, organisation):
    form = OrganisationForm(request.POST or None, instance=organisation, area=area)
    if request.method == "POST" and form.is_valid():
        saved = services.organisation_save(form, area)
        messages.success(request, f"{saved.name} saved.")
        return redirect("areas:organisations", area_code=area.gss_code)
    return render(
        request, "areas/organisation_form.html", {"form": form, "organisation": organisation}
    )
