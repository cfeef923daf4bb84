"""The joint action plan and peer review, inside an area. Every view is wrapped in
areas.permissions.area_view; views that show a part of the area pass its `scope` (a peer
reviewer sees exactly what their live grant gives)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from toolkit.areas.models import ALL_ROLES, CONTRIBUTOR_ROLES, FACILITATOR_ROLES, Role
from toolkit.areas.permissions import area_view
from toolkit.areas.scopes import GrantScope
from toolkit.framework import selectors as framework_selectors

from . import review as peer_review
from . import selectors, services, suggestions
from .forms import ActionForm, FindingForm, GrantForm, UpdateForm
from .models import ActionSource, EventKind
from .services import ActionData, EditConflict, PlanError
from .suggestions import suggestion_title

REVIEW_ROLES = FACILITATOR_ROLES | {Role.PEER_REVIEWER}


def _action_or_404(area, action_id):
    action = selectors.action_for_area(area, action_id)
    if action is None:
        raise Http404("No such action in this area.")
    return action


def _titles(version):
    if version is None:
        return {}, {}
    return (
        dict(framework_selectors.elements(version).values_list("slug", "title")),
        dict(framework_selectors.barriers(version).values_list("slug", "title")),
    )


# --- the plan -----------------------------------------------------------------------------

HISTORY_PER_PAGE = 50
ACTIONS_PER_PAGE = 25


@area_view(roles=ALL_ROLES, scope=GrantScope.PLAN)
def plan(request, area):
    plan_ = selectors.plan_for_area(area)
    actions = list(selectors.actions_for_area(area))
    membership = request.membership
    side_agreed = None
    if plan_ and membership.is_facilitator:
        side_agreed = (
            plan_.council_agreed_at if membership.side == "council" else plan_.vcs_agreed_at
        )
    elements, barriers = _titles(framework_selectors.current_version())
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "actions/plan.html",
        {
            "plan": plan_,
            "actions": actions,
            "page": page,
            "counts": selectors.status_counts(actions),
            "history": list(selectors.plan_history(area, limit=5)),
            "since": selectors.since_last_round(area, actions),
            "is_facilitator": membership.is_facilitator,
            "side_agreed": side_agreed,
            "element_titles": elements,
            "barrier_titles": barriers,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def plan_agree(request, area):
    plan_ = selectors.plan_for_area(area)
    if plan_ is None:
        messages.error(request, "Add at least one action before agreeing the plan.")
        return redirect("actions:plan", area_code=area.gss_code)
    try:
        plan_ = services.plan_agree(plan_, request.membership)
    except PlanError as error:
        messages.error(request, str(error))
    else:
        if plan_.is_agreed:
            messages.success(request, "The plan is agreed by both sides.")
        else:
            messages.success(
                request, "You agreed the plan for your side. It is agreed once the other side does."
            )
    return redirect("actions:plan", area_code=area.gss_code)


@area_view(roles=ALL_ROLES, scope=GrantScope.PLAN)
def history(request, area):
    page = Paginator(selectors.plan_history(area), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "actions/history.html", {"events": page, "page": page})


@area_view(roles=FACILITATOR_ROLES)
def suggestion_list(request, area):
    return render(
        request,
        "actions/suggestions.html",
        {"suggestions": suggestions.suggestions_for_area(area)},
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def suggestion_add(request, area):
    """Turn a suggestion (an idea from a practice example, for a weak element or a frequent
    barrier) into a draft action in one step; then the facilitator adds owners and dates."""
    version = framework_selectors.current_version()
    kind = request.POST.get("kind", "")
    slug = request.POST.get("slug", "")[:80]
    practice = framework_selectors.practice_example(version, request.POST.get("practice", "")[:80])
    elements, barriers = _titles(version)
    titles = elements if kind == "element" else barriers if kind == "barrier" else {}
    if slug not in titles or practice is None:
        raise Http404("No such suggestion.")
    data = ActionData(
        title=suggestion_title(titles[slug], practice.title),
        what_will_change=practice.summary,
        why=f"{'Key element' if kind == 'element' else 'Barrier'} “{titles[slug]}” came out "
        f"weakest in the latest results. Idea from the practice example “{practice.title}”.",
        element_slug=slug if kind == "element" else "",
        barrier_slug=slug if kind == "barrier" else "",
        practice_slug=practice.slug,
    )
    action = services.action_create(area, data, user=request.user, source=ActionSource.SUGGESTION)
    messages.success(
        request, f"“{action.title}” added to the draft plan. Choose its owners and due date."
    )
    return redirect("actions:action-edit", area_code=area.gss_code, action_id=action.public_id)


@area_view(roles=FACILITATOR_ROLES)
def action_create(request, area):
    form = ActionForm(
        request.POST or None, area=area, initial={"status": "not_started", "progress": 0}
    )
    if request.method == "POST" and form.is_valid():
        action = services.action_create(area, form.data_for_service(), user=request.user)
        messages.success(request, f"“{action.title}” added to the plan.")
        return redirect("actions:action", area_code=area.gss_code, action_id=action.public_id)
    return render(request, "actions/action_form.html", {"form": form, "action": None})


@area_view(roles=ALL_ROLES, scope=GrantScope.PLAN)
def action_detail(request, area, action_id):
    action = _action_or_404(area, action_id)
    elements, barriers = _titles(action.content_version)
    practice = (
        framework_selectors.practice_example(action.content_version, action.practice_slug)
        if action.practice_slug and action.content_version
        else None
    )
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "updates": list(action.updates.all()),
            "events": selectors.action_history(action),
            "element_title": elements.get(action.element_slug, ""),
            "barrier_title": barriers.get(action.barrier_slug, ""),
            "practice": practice,
            "may_edit": request.membership.is_facilitator,
            "may_update": selectors.may_add_update(request.membership, action),
        },
    )


@area_view(roles=FACILITATOR_ROLES)
def action_edit(request, area, action_id):
    action = _action_or_404(area, action_id)
    conflict = None
    if request.method == "POST":
        form = ActionForm(request.POST, area=area)
        if form.is_valid():
            mine = form.data_for_service()
            try:
                services.action_update(
                    action,
                    mine,
                    expected_version=form.cleaned_data["version"] or 0,
                    user=request.user,
                )
            except EditConflict as error:
                current = error.current
                # Keep everything they typed; start from the version now saved, so that
                # saving again (having seen the other change) is a deliberate choice.
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = ActionForm(data, area=area)
                form.is_valid()
                form.add_error(
                    None,
                    "Someone else changed this action while you were editing it. Your changes "
                    "have not been saved. Check their change below; save again to replace it "
                    "with yours.",
                )
                conflict = {
                    "by": current.updated_by,
                    "at": current.updated_at,
                    "differences": services.changes_between(services.action_data(current), mine),
                }
            else:
                messages.success(request, "Action saved.")
                return redirect(
                    "actions:action", area_code=area.gss_code, action_id=action.public_id
                )
    else:
        form = ActionForm(area=area, initial=ActionForm.initial_for(action))
    return render(
        request,
        "actions/action_form.html",
        {"form": form, "action": action, "conflict": conflict},
    )


@area_view(roles=CONTRIBUTOR_ROLES)
def update_create(request, area, action_id):
    action = _action_or_404(area, action_id)
    if not selectors.may_add_update(request.membership, action):
        raise PermissionDenied
    form = UpdateForm(
        request.POST or None, initial={"status": action.status, "progress": action.progress}
    )
    if request.method == "POST" and form.is_valid():
        services.action_update_add(action, user=request.user, **form.cleaned_data)
        messages.success(request, "Update added to the plan's history.")
        return redirect("actions:action", area_code=area.gss_code, action_id=action.public_id)
    return render(request, "actions/update_form.html", {"form": form, "action": action})


# --- peer review --------------------------------------------------------------------------


@area_view(roles=FACILITATOR_ROLES)
def review(request, area):
    return render(
        request,
        "actions/review.html",
        {
            "grants": selectors.grants_for_area(area),
            "events": selectors.grant_history(area)[:20],
            "today": timezone.localdate(),
        },
    )


@area_view(roles=FACILITATOR_ROLES)
def grant_create(request, area):
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = peer_review.grant_create(
                area,
                email=data["email"],
                full_name=data["full_name"],
                scopes=data["scopes"],
                ends_on=data["ends_on"],
                user=request.user,
                request=request,
            )
        except PlanError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, f"{grant.email} can read what you chose until {grant.ends_on:%-d %B %Y}."
            )
            return redirect("actions:review", area_code=area.gss_code)
    return render(request, "actions/grant_form.html", {"form": form, "grant": None})


def _grant_or_404(area, grant_id):
    grant = selectors.grant_for_area(area, grant_id)
    if grant is None:
        raise Http404("No such review access in this area.")
    return grant


@area_view(roles=FACILITATOR_ROLES)
def grant_edit(request, area, grant_id):
    grant = _grant_or_404(area, grant_id)
    if grant.revoked_at:
        raise Http404("This access has been withdrawn.")
    form = GrantForm(
        request.POST or None,
        editing=True,
        initial={"scopes": grant.scopes, "ends_on": grant.ends_on},
    )
    if request.method == "POST" and form.is_valid():
        peer_review.grant_update(
            grant,
            scopes=form.cleaned_data["scopes"],
            ends_on=form.cleaned_data["ends_on"],
            user=request.user,
        )
        messages.success(request, f"{grant.email}'s access changed.")
        return redirect("actions:review", area_code=area.gss_code)
    return render(request, "actions/grant_form.html", {"form": form, "grant": grant})


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def grant_revoke(request, area, grant_id):
    grant = _grant_or_404(area, grant_id)
    peer_review.grant_revoke(grant, user=request.user)
    messages.success(request, f"{grant.email} can no longer see anything in {area.name}.")
    return redirect("actions:review", area_code=area.gss_code)


@area_view(roles=ALL_ROLES)
def findings(request, area):
    """Peer review findings, as `selectors.findings_reader` allows this reader; a reviewer
    with a live grant also writes them here."""
    membership = request.membership
    grant = selectors.reviewer_grant(membership)
    if membership.role == Role.PEER_REVIEWER and grant is None:
        raise PermissionDenied
    form = FindingForm(request.POST or None) if grant else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            peer_review.finding_create(area, grant=grant, user=request.user, **form.cleaned_data)
            messages.success(request, "Finding saved. The area's facilitators can now see it.")
            return redirect("actions:findings", area_code=area.gss_code)
    reader = selectors.findings_reader(membership)
    return render(
        request,
        "actions/findings.html",
        {
            "form": form,
            "findings": selectors.findings_for(area, reader),
            "reader": reader,
            "is_facilitator": membership.is_facilitator,
            "is_reviewer": membership.role == Role.PEER_REVIEWER,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def finding_accept(request, area, finding_id):
    finding = selectors.finding_for_area(area, finding_id)
    if finding is None:
        raise Http404("No such finding in this area.")
    try:
        action = peer_review.finding_accept(finding, user=request.user)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("actions:findings", area_code=area.gss_code)
    messages.success(request, f"“{action.title}” added to the draft plan. Choose its owners.")
    return redirect("actions:action-edit", area_code=area.gss_code, action_id=action.public_id)


@area_view(roles={Role.PEER_REVIEWER})
def access(request, area):
    """What a peer reviewer can read, with links to each part, and until when."""
    grant = selectors.reviewer_grant(request.membership)
    scopes = selectors.scopes_for(request.membership)
    code = area.gss_code
    links = {
        GrantScope.RESULTS: [
            ("Principles results", reverse("assessment:index", args=[code])),
            ("Relationship maps", reverse("mapping:index", args=[code])),
        ],
        GrantScope.REGISTER: [("Relationship register", reverse("register:list", args=[code]))],
        GrantScope.EVIDENCE: [("Evidence", reverse("evidence:index", args=[code]))],
        GrantScope.PLAN: [("Joint action plan", reverse("actions:plan", args=[code]))],
    }
    return render(
        request,
        "actions/access.html",
        {
            "grant": grant,
            "parts": [
                (label, links[value]) for value, label in GrantScope.choices if value in scopes
            ],
            "not_granted": [label for value, label in GrantScope.choices if value not in scopes],
            "kinds": EventKind,
        },
    )
