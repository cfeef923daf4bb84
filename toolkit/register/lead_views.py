"""Who to talk to: the directory of leads, changing a relationship's or an organisation's
leads, and handing over someone's lead roles (register.leads holds the rules)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from toolkit.areas.models import ALL_ROLES, CONTRIBUTOR_ROLES, FACILITATOR_ROLES, Organisation
from toolkit.areas.permissions import area_view
from toolkit.areas.scopes import GrantScope

from . import leads, selectors, services
from .forms import HandoverForm, LeadsForm
from .views import PAGE_SIZE, _relationship_or_404, _require_editor


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def directory(request, area):
    kind = request.GET.get("kind", "")
    if kind not in selectors.DIRECTORY_KINDS:
        kind = "relationships"
    query = request.GET.get("q", "").strip()[:100]
    paginator = Paginator(selectors.directory_for_area(area, kind=kind, query=query), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for row in page:
        row.lead_pair = leads.leads_of(row)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "register/directory.html",
        {
            "page": page,
            "kind": kind,
            "kinds": selectors.DIRECTORY_KINDS,
            "kind_label": selectors.DIRECTORY_KINDS[kind],
            "query": query,
            "query_string": query_string.urlencode(),
            "can_edit": services.can_edit_register(request.membership),
            "handovers": leads.handovers_for_area(area, limit=5),
            "left": [p for p in leads.people_with_roles(area) if p.has_left],
        },
    )


def _leads_form(request, area, target, *, back, heading):
    current = leads.leads_of(target)
    form = LeadsForm(request.POST if request.method == "POST" else None, area=area, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            changes = leads.leads_set(target, form.values, user=request.user)
        except leads.LeadInvalid as invalid:
            for side, problems in invalid.problems.items():
                for problem in problems:
                    form.add_error(f"{side}_person", problem)
        else:
            if changes:
                messages.success(request, f"Leads for {target} saved.")
            else:
                messages.info(request, "Nothing was changed.")
            return redirect(back)
    return render(
        request,
        "register/leads_form.html",
        {"form": form, "heading": heading, "subject": target, "back": back},
    )


@area_view(roles=CONTRIBUTOR_ROLES, scope=GrantScope.REGISTER)
def relationship_leads(request, area, relationship_id):
    _require_editor(request)
    relationship = _relationship_or_404(area, relationship_id)
    return _leads_form(
        request,
        area,
        relationship,
        back=reverse("register:detail", args=[area.gss_code, relationship.public_id]),
        heading=f"Who to talk to about {relationship.title}",
    )


@area_view(roles=CONTRIBUTOR_ROLES, scope=GrantScope.REGISTER)
def organisation_leads(request, area, organisation_id):
    _require_editor(request)
    organisation = get_object_or_404(
        selectors.with_leads(Organisation.objects.filter(area=area).select_related("parent")),
        public_id=organisation_id,
    )
    back = reverse("register:directory", args=[area.gss_code]) + "?kind=organisations"
    return _leads_form(
        request, area, organisation, back=back, heading=f"Who to talk to at {organisation}"
    )


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.REGISTER)
def handover(request, area):
    """Without a person: everyone holding lead roles. With one (?person=): every role they
    hold, and who takes over each, moved in one step."""
    key = request.GET.get("person", "")[:200]
    if not key:
        return render(
            request, "register/handover_people.html", {"people": leads.people_with_roles(area)}
        )
    roles = leads.roles_of(area, key)
    if not roles:
        raise Http404("This person holds no lead roles in this area.")
    form = HandoverForm(
        request.POST if request.method == "POST" else None,
        area=area,
        person_key=key,
        roles=roles,
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = leads.handover_apply(area, key, form.successors, membership=request.membership)
        except leads.LeadInvalid as invalid:
            for lead_id, problems in invalid.problems.items():
                for problem in problems:
                    form.add_error(form.field_for(lead_id), problem)
        except leads.HandoverError as error:
            form.add_error(None, str(error))
        else:
            count = len(made.moves)
            messages.success(
                request,
                f"{made.leaving}’s {count} lead role{'s' if count != 1 else ''} handed over.",
            )
            return redirect("register:directory", area_code=area.gss_code)
    return render(
        request,
        "register/handover.html",
        {"form": form, "leaving": roles[0].display_name, "roles": roles, "person": key},
    )
