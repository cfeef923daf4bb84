"""Rounds inside an area: list, create, the round's page, invite links, open and close, and
answering as a member."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from toolkit.areas.models import CONTRIBUTOR_ROLES, FACILITATOR_ROLES
from toolkit.areas.permissions import area_view
from toolkit.areas.scopes import GrantScope

from . import selectors, services, shared_links
from .forms import LinkForm, RoundForm
from .models import RespondentLink, RoundStatus
from .sections import results_pages_for_round, round_size, sections_for_round
from .similarity import shared_link_flags


def _round(area, round_id):
    round_ = selectors.round_for_area(area, round_id)
    if round_ is None:
        raise Http404("No such round in this area.")
    return round_


@area_view(scope=GrantScope.RESULTS)
def round_list(request, area):
    rounds = list(selectors.rounds_for_area(area))
    return render(request, "rounds/round_list.html", {"rounds": rounds})


@area_view(roles=FACILITATOR_ROLES)
def round_create(request, area):
    form = RoundForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_create(
                area=area,
                created_by=request.user,
                name=data["name"],
                assessment=data["assessment"],
                includes_mapping=data["includes_mapping"],
                identity=data["identity"],
                closes_on=data["closes_on"],
                previous_round=data["previous_round"],
                group_questions=data["group_questions"],
            )
        except services.RoundError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{round_.name} created. Make invite links, then open it.")
            return redirect("rounds:detail", area_code=area.gss_code, round_id=round_.public_id)
    return render(request, "rounds/round_form.html", {"form": form})


@area_view(scope=GrantScope.RESULTS)
def round_detail(request, area, round_id):
    round_ = _round(area, round_id)
    counts = selectors.response_counts(round_)
    visible = selectors.round_results_visible(round_, counts)
    membership = request.membership
    member_state = None
    if membership.side is not None and membership.role in CONTRIBUTOR_ROLES:
        member_state = selectors.member_response_state(round_, request.user)
    return render(
        request,
        "rounds/round_detail.html",
        {
            "round": round_,
            "counts": counts,
            "threshold": selectors.round_threshold(round_),
            "results_visible": visible,
            "results_pages": results_pages_for_round(round_) if visible else [],
            "counted": selectors.counted_summary(round_, counts) if visible else [],
            "held": selectors.held_response_count(round_) if membership.is_facilitator else 0,
            "sections": sections_for_round(round_),
            "member_state": member_state,
            "is_facilitator": membership.is_facilitator,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def round_open(request, area, round_id):
    round_ = _round(area, round_id)
    try:
        services.round_open(round_)
    except services.RoundError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{round_.name} is open for answers.")
    return redirect("rounds:detail", area_code=area.gss_code, round_id=round_.public_id)


@area_view(roles=FACILITATOR_ROLES)
@require_http_methods(["GET", "POST"])
def round_close(request, area, round_id):
    """GET: what closing will do, with a warning button. POST: close the round."""
    round_ = _round(area, round_id)
    if request.method == "GET":
        if round_.status != RoundStatus.OPEN:
            messages.error(request, "This round is not open, so it cannot be closed.")
            return redirect("rounds:detail", area_code=area.gss_code, round_id=round_.public_id)
        counts = selectors.response_counts(round_)
        threshold = selectors.round_threshold(round_)
        return render(
            request,
            "rounds/round_close.html",
            {
                "round": round_,
                "counts": counts,
                "unsent": selectors.unsent_response_count(round_),
                "held": selectors.held_response_count(round_),
                "threshold": threshold,
                "short_sides": [
                    (label, n)
                    for label, n in (
                        ("council", counts.council),
                        ("voluntary and community sector", counts.vcs),
                    )
                    if n < threshold
                ],
            },
        )
    try:
        services.round_close(round_)
    except services.RoundError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{round_.name} is closed. Its results can now be seen.")
    return redirect("rounds:detail", area_code=area.gss_code, round_id=round_.public_id)


@area_view(roles=FACILITATOR_ROLES)
def round_links(request, area, round_id):
    round_ = _round(area, round_id)
    membership = request.membership
    form = LinkForm(request.POST or None)
    created = None
    if request.method == "POST" and round_.status != RoundStatus.CLOSED and form.is_valid():
        try:
            created = services.respondent_link_create(
                round_=round_,
                side=form.cleaned_data["side"],
                kind=form.cleaned_data["kind"],
                label=form.cleaned_data["label"],
                size=form.cleaned_data["size"],
                created_by=request.user,
                made_by_side=membership.side or "",
            )
        except services.RoundError as error:
            form.add_error("size" if error.reason == "size" else None, error.message)
        else:
            form = LinkForm()
    return _links_page(request, round_, form, created)


def _links_page(request, round_, form, created, replaced=False):
    """The links page; a link just made (or remade) is shown on it once."""
    membership = request.membership
    links = list(selectors.links_for_round(round_))
    flags = shared_link_flags(round_)
    rows = [
        {
            "link": link,
            "may_confirm": shared_links.may_confirm(link, membership),
            # Shown only to the other side: the maker could be the one typing the copies.
            "flag": flags.get(link.pk) if link.made_by_side != membership.side else None,
        }
        for link in links
    ]
    return render(
        request,
        "rounds/round_links.html",
        {
            "round": round_,
            "form": form,
            "created": created,
            "created_url": created.url_for(request) if created else "",
            "replaced": replaced,
            "rows": rows,
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def link_confirm(request, area, round_id, link_id):
    round_ = _round(area, round_id)
    link = get_object_or_404(
        RespondentLink.objects.select_related("round"), round=round_, public_id=link_id
    )
    try:
        counted = shared_links.respondent_link_confirm(link, membership=request.membership)
    except services.RoundError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Link confirmed. Its answers now count, up to {link.size}"
            + (f"; {counted} already sent are now counted." if counted else "."),
        )
    return redirect("rounds:links", area_code=area.gss_code, round_id=round_.public_id)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def link_replace(request, area, round_id, link_id):
    """A lost link, in one step: the old one withdrawn and a new one shown, to copy now."""
    round_ = _round(area, round_id)
    link = get_object_or_404(RespondentLink, round=round_, public_id=link_id)
    if round_.status == RoundStatus.CLOSED:
        messages.error(request, "This round has closed, so its links cannot be replaced.")
        return redirect("rounds:links", area_code=area.gss_code, round_id=round_.public_id)
    try:
        created = services.respondent_link_replace(
            link, created_by=request.user, made_by_side=request.membership.side or ""
        )
    except services.RoundError as error:
        messages.error(request, error.message)
        return redirect("rounds:links", area_code=area.gss_code, round_id=round_.public_id)
    return _links_page(request, round_, LinkForm(), created, replaced=True)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def link_revoke(request, area, round_id, link_id):
    round_ = _round(area, round_id)
    link = get_object_or_404(RespondentLink, round=round_, public_id=link_id)
    services.respondent_link_revoke(link)
    messages.success(request, "Link withdrawn. It no longer works.")
    return redirect("rounds:links", area_code=area.gss_code, round_id=round_.public_id)


@area_view(roles=CONTRIBUTOR_ROLES)
def round_respond(request, area, round_id):
    """A member answers for their own side, from inside the area."""
    round_ = _round(area, round_id)
    state = selectors.member_response_state(round_, request.user)
    if request.method == "POST":
        try:
            started = services.response_start_for_member(round_, request.membership)
        except services.RoundError as error:
            messages.error(request, error.message)
            return redirect("rounds:detail", area_code=area.gss_code, round_id=round_.public_id)
        return redirect("respond:task-list", token=started.token)
    return render(
        request,
        "rounds/round_respond.html",
        {
            "round": round_,
            "state": state,
            "sections": sections_for_round(round_),
            "size": round_size(round_),
        },
    )
