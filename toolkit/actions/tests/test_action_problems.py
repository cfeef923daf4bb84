"""The action's one rule set, shared by the action form and the API."""

from toolkit.actions.services import ActionData, action_problems
from toolkit.actions.tests.factories import ActionFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.register.tests.factories import RelationshipFactory


def test_a_sound_action_has_no_problems(area):
    council = MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT)
    vcs = MembershipFactory(area=area, role=Role.VCS_PARTICIPANT)
    data = ActionData(
        title="Meet monthly",
        element_slug="time",
        barrier_slug="lack-of-time-and-resource",
        relationship=RelationshipFactory(area=area),
        council_owner=council.user,
        vcs_owner=vcs.user,
    )
    assert action_problems(area, data) == []


def test_each_broken_rule_is_named_by_its_field(area):
    council = MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT)
    stranger = MembershipFactory(area=AreaFactory(), role=Role.VCS_PARTICIPANT)
    data = ActionData(
        title="   ",
        element_slug="not-an-element",
        barrier_slug="not-a-barrier",
        relationship=RelationshipFactory(area=AreaFactory()),
        council_owner=stranger.user,
        vcs_owner=council.user,  # a council-side member as the VCS owner
    )
    assert [name for name, _message in action_problems(area, data)] == [
        "element_slug",
        "barrier_slug",
        "relationship",
        "council_owner",
        "vcs_owner",
        "title",
    ]


def test_an_action_keeps_its_own_retired_slugs_unchanged(area):
    action = ActionFactory(area=area, element_slug="retired-element", barrier_slug="old-barrier")
    data = ActionData(title="Kept", element_slug="retired-element", barrier_slug="old-barrier")
    assert action_problems(area, data, current=action) == []
    assert [name for name, _ in action_problems(area, data)] == ["element_slug", "barrier_slug"]
