"""The demo area's draft plan (toolkit/demo/actions_demo.py)."""

import pytest

from toolkit.actions.models import Action, ActionSource, Finding, Plan, ReviewGrant
from toolkit.actions.selectors import scopes_for
from toolkit.actions.suggestions import suggestions_for_area
from toolkit.areas.models import Membership, Role
from toolkit.demo.services import demo_area_load

pytestmark = pytest.mark.django_db


def test_demo_area_has_a_draft_plan_for_its_weakest_elements(demo_area):
    area = demo_area.area
    plan = Plan.objects.get(area=area)
    assert not plan.is_agreed
    actions = Action.objects.filter(area=area).exclude(source=ActionSource.WORKSHOP)
    assert actions.count() == 3  # and two agreed at its past workshop (toolkit/demo/workshops_demo)
    weakest = suggestions_for_area(area).elements[0].slug
    assert actions.filter(element_slug=weakest).exists()
    assert all(a.council_owner_id and a.vcs_owner_id for a in actions)
    assert actions.filter(updates__isnull=False).exists()
    reviewer = Membership.objects.get(area=area, role=Role.PEER_REVIEWER)
    assert scopes_for(reviewer) == {"results", "register", "evidence", "plan"}
    assert Finding.objects.filter(area=area).count() == 1


def test_loading_the_demo_again_creates_nothing_new(demo_area):
    counts = (Action.objects.count(), ReviewGrant.objects.count(), Finding.objects.count())
    again = demo_area_load(password=demo_area.logins[0].password)
    assert again.created["actions"] == 0
    assert (Action.objects.count(), ReviewGrant.objects.count(), Finding.objects.count()) == counts
