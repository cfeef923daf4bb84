"""Guards over the whole URLconf: sign-in required except an explicit public list; every
area-scoped URL checks membership; a member of one area can reach nothing of another."""

import pytest
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory

from .samples import ACCOUNT_LEVEL_URLS, PUBLIC_URLS, path_kwargs_for
from .urlconf import routes


def test_every_url_is_public_by_decision_or_requires_sign_in():
    for route in routes():
        is_public = not getattr(route.callback, "login_required", True)
        if route.name in PUBLIC_URLS:
            assert is_public, f"{route.name} is listed as public but requires sign-in"
        else:
            assert not is_public, (
                f"{route.name} ({route.pattern}) is open without sign-in but not in PUBLIC_URLS"
            )


def test_every_signed_in_url_is_area_scoped_or_account_level():
    for route in routes():
        if route.name in PUBLIC_URLS or route.name in ACCOUNT_LEVEL_URLS:
            continue
        assert route.is_area_scoped, (
            f"{route.name} ({route.pattern}) is neither public, account-level nor area-scoped"
        )
        assert getattr(route.callback, "area_roles", None), (
            f"{route.name} takes area_code but is not wrapped in areas.permissions.area_view"
        )


def area_routes():
    return [route for route in routes() if route.is_area_scoped]


def test_there_are_area_scoped_urls_to_check():
    namespaces = {route.name.split(":")[0] for route in area_routes()}
    assert {"areas", "register", "rounds", "mapping", "assessment", "evidence"} <= namespaces


@pytest.mark.django_db
@pytest.mark.parametrize("route", area_routes(), ids=lambda r: r.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_member_of_one_area_reaches_nothing_of_another(client, route, method):
    """Signed in as a facilitator (the widest role) of area A, every area-scoped URL of area B,
    built with B's own objects, gives 404 or 403 and none of B's data, and changes nothing."""
    area_a = AreaFactory(name="Area Alpha")
    area_b = AreaFactory(name="Area Bravo Secret")
    member = MembershipFactory(area=area_a, role=Role.FACILITATOR_COUNCIL).user
    path = reverse(route.name, kwargs=path_kwargs_for(route, area_b))
    client.force_login(member)

    response = getattr(client, method)(path)

    assert response.status_code in (403, 404), (
        f"{method.upper()} {path} gave {response.status_code}"
    )
    assert b"Area Bravo Secret" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("route", area_routes(), ids=lambda r: r.name)
def test_signed_out_visitor_is_sent_to_sign_in(client, route):
    area = AreaFactory()
    response = client.get(reverse(route.name, kwargs=path_kwargs_for(route, area)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
