from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from . import selectors, services
from .forms import OrganisationForm
from .models import (
    FACILITATOR_ROLES,
    Organisation,
    OrganisationKind,
)
from .overview import overview_parts
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
            "parts": overview_parts(area, request.membership),
            "summary": selectors.area_summary(area),
            "councils": selectors.councils_for_area(area),
        },
    )


ORGANISATIONS_PER_PAGE = 100


@area_view()
def organisations(request, area):
    kind = request.GET.get("kind", "")
    if kind not in OrganisationKind.values:
        kind = ""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(
        selectors.organisations_for_area(area, kind=kind, query=query), ORGANISATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "areas/organisations.html",
        {
            "organisations": page,
            "page": page,
            "querystring": params.urlencode(),
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
