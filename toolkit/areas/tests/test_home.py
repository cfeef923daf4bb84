"""The "Your areas" page, and the way to the national benchmark for national analysts."""

import pytest
from django.urls import reverse

from toolkit.accounts.tests.factories import UserFactory
from toolkit.framework.testing import framework_loaded  # noqa: F401

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.usefixtures("framework_loaded")
def test_a_national_analyst_without_areas_is_shown_the_national_benchmark(client):
    client.force_login(UserFactory(is_national_analyst=True))
    page = client.get(reverse("areas:home"))
    text = text_of(page)
    national = reverse("benchmark:national")
    assert f'href="{national}">National benchmark</a></h2>' in text
    assert "You do not need to be one to use the national benchmark" in text
    assert "You are not a member of any area yet" not in text
    # And in the service navigation, on every page.
    assert f'navigation__link" href="{national}">National benchmark</a></li>' in text
    assert client.get(national).status_code == 200


def test_a_national_analyst_with_one_area_is_not_sent_past_the_choice(client):
    membership = MembershipFactory()
    membership.user.is_national_analyst = True
    membership.user.save(update_fields=["is_national_analyst"])
    client.force_login(membership.user)
    page = client.get(reverse("areas:home"))
    assert page.status_code == 200
    text = text_of(page)
    assert membership.area.name in text and reverse("benchmark:national") in text


def test_other_people_see_no_national_benchmark(client):
    client.force_login(UserFactory())
    text = text_of(client.get(reverse("areas:home")))
    assert "You are not a member of any area yet. Ask your area's facilitator" in text
    assert "National benchmark" not in text and reverse("benchmark:national") not in text
    membership = MembershipFactory()
    client.force_login(membership.user)
    reply = client.get(reverse("areas:home"))
    assert reply.status_code == 302  # one area: straight to it, as before
    dashboard = client.get(reply["Location"])
    assert reverse("benchmark:national") not in text_of(dashboard)
