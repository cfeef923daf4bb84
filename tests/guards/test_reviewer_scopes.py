"""A peer reviewer reads exactly the parts of the area their grant names, until its end date:
every area-scoped URL that declares a part (area_view's `scope`) is checked from the URLconf."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.actions.tests.factories import ReviewGrantFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory

from .samples import path_kwargs_for
from .urlconf import routes

SCOPED = [r for r in routes() if r.is_area_scoped and getattr(r.callback, "area_scope", None)]


def test_the_parts_of_an_area_are_scoped():
    scopes = {route.callback.area_scope for route in SCOPED}
    assert {"register", "results", "evidence"} <= scopes
    namespaces = {route.name.split(":")[0] for route in SCOPED}
    assert {"register", "rounds", "mapping", "assessment", "evidence"} <= namespaces


def reviewer_with(area, scopes, ends_on):
    membership = MembershipFactory(area=area, role=Role.PEER_REVIEWER, ends_on=ends_on)
    ReviewGrantFactory(area=area, email=membership.user.email, scopes=scopes, ends_on=ends_on)
    return membership.user


@pytest.mark.django_db
@pytest.mark.parametrize("route", SCOPED, ids=lambda r: r.name)
def test_reviewer_without_the_part_is_refused(client, route):
    area = AreaFactory()
    granted = sorted({"register", "results", "evidence", "plan"} - {route.callback.area_scope})
    ends = timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(reviewer_with(area, granted, ends))
    response = client.get(reverse(route.name, kwargs=path_kwargs_for(route, area)))
    assert response.status_code == 403


@pytest.mark.django_db
def test_reviewer_with_the_part_reads_it_until_the_end_date_and_not_after(client):
    area = AreaFactory()
    ends = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(reviewer_with(area, ["register"], ends))
    register = reverse("register:list", args=[area.gss_code])
    assert client.get(register).status_code == 200
    assert client.get(reverse("assessment:index", args=[area.gss_code])).status_code == 403
    page = client.get(reverse("areas:dashboard", args=[area.gss_code])).content.decode()
    assert register in page
    assert reverse("assessment:index", args=[area.gss_code]) not in page

    area.memberships.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(register).status_code == 404
