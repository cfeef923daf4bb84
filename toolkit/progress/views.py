"""The public progress page (no sign-in) and its publishing page for facilitators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from toolkit.areas.models import FACILITATOR_ROLES
from toolkit.areas.permissions import area_view
from toolkit.core.links import absolute_url

from . import selectors, services
from .models import PublicationStatus


@login_not_required
@require_GET
def public_page(request, code):
    area = selectors.published_area(code)
    if area is None:
        raise Http404("No published progress page here.")
    agreed = selectors.plan_agreed(area)
    return render(
        request,
        "progress/public.html",
        {
            "public_area": area,
            "plan_agreed": agreed,
            "actions": selectors.public_actions(area, agreed),
            "rounds": selectors.bands_over_time(area),
            "views": selectors.VIEWS,
            "page_url": absolute_url(request.path, request),
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@require_GET
def publishing(request, area):
    row = selectors.publication_for(area)
    return render(
        request,
        "progress/publishing.html",
        {
            "area": area,
            "row": row,
            "may_confirm": services.may_confirm(row, request.membership),
            "withdrawable": row is not None and row.status != PublicationStatus.WITHDRAWN,
            "public_url": absolute_url(
                reverse("open-progress:page", args=[area.gss_code]), request
            ),
        },
    )


def _act(request, area, service, done: str):
    try:
        service(area, request.membership)
    except services.PublishError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("progress:publishing", area_code=area.gss_code)


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def propose(request, area):
    return _act(
        request,
        area,
        services.progress_propose,
        "Proposed. The page is published once a facilitator of the other side confirms.",
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def confirm(request, area):
    return _act(
        request,
        area,
        services.progress_confirm,
        "Published. Anyone with the link can see the page.",
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def withdraw(request, area):
    return _act(
        request, area, services.progress_withdraw, "Withdrawn. The page is no longer public."
    )
