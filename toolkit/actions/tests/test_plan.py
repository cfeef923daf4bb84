"""The joint action plan: suggestions, owners on both sides, agreement by both sides, dated
updates in the history, and no lost update when two people edit one action at once."""

import datetime
import html

import pytest
from django.test import Client
from django.urls import reverse

from toolkit.actions import services
from toolkit.actions.models import Action, ActionSource, EventKind, Plan, PlanEvent
from toolkit.actions.services import ActionData, EditConflict, PlanError
from toolkit.actions.suggestions import suggestions_for_area
from toolkit.areas.models import Role
from toolkit.rounds.models import Response

pytestmark = pytest.mark.django_db


def url(name, area, **kwargs):
    return reverse(f"actions:{name}", kwargs={"area_code": area.gss_code, **kwargs})


def form_data(action, **changes):
    data = {
        "version": action.version,
        "title": action.title,
        "what_will_change": action.what_will_change,
        "why": action.why,
        "element_slug": action.element_slug,
        "barrier_slug": action.barrier_slug,
        "relationship": "",
        "council_owner": "",
        "vcs_owner": "",
        "due_on": "",
        "status": action.status,
        "progress": action.progress,
        "practice_slug": action.practice_slug,
    }
    data.update(changes)
    return data


def test_suggestions_are_for_the_weakest_elements_with_practice_examples(area, results_round):
    found = suggestions_for_area(area)
    assert found.round == results_round
    assert found.elements[0].slug == "capacity"
    assert "1.5" in found.elements[0].reason  # (2 × 6 + 1 × 6) / 12, from assessment.scoring
    assert found.elements[0].examples, "the practice library has ideas for capacity"


def test_no_suggestions_while_results_are_sealed(area, results_round):
    # An open round whose VCS side has only 3 responses (fewer than 5) is sealed.
    results_round.status = "open"
    results_round.closed_at = None
    results_round.save()
    Response.objects.filter(
        pk__in=list(results_round.responses.filter(side="vcs").values_list("pk", flat=True)[:3])
    ).delete()
    assert suggestions_for_area(area).round is None


def test_facilitators_make_agree_and_update_the_plan(client, area, results_round, people):
    council = people[Role.FACILITATOR_COUNCIL]
    vcs = people[Role.FACILITATOR_VCS]
    client.force_login(council.user)

    # Given the suggestions page, when the facilitator adds the first idea for the weakest element
    page = client.get(url("suggestions", area))
    assert page.status_code == 200
    suggestion = page.context["suggestions"].elements[0]
    assert suggestion.slug == "capacity"
    example = suggestion.examples[0]
    response = client.post(
        url("suggestion-add", area),
        {"kind": "element", "slug": "capacity", "practice": example.slug},
    )
    action = Action.objects.get(area=area)
    assert response.status_code == 302
    assert response["Location"] == url("action-edit", area, action_id=action.public_id)
    assert action.source == ActionSource.SUGGESTION
    assert action.element_slug == "capacity" and action.practice_slug == example.slug

    # And assigns a council owner and a VCS owner
    response = client.post(
        url("action-edit", area, action_id=action.public_id),
        form_data(
            action,
            council_owner=council.pk,
            vcs_owner=vcs.pk,
            due_on="31/3/2027",
            status="in_progress",
            progress="10",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    action.refresh_from_db()
    assert (action.council_owner, action.vcs_owner) == (council.user, vcs.user)
    assert action.version == 2

    # When both sides agree
    client.post(url("agree", area))
    plan = Plan.objects.get(area=area)
    assert not plan.is_agreed and plan.council_agreed_by == council.user
    other = Client()
    other.force_login(vcs.user)
    other.post(url("agree", area))
    plan.refresh_from_db()
    assert plan.is_agreed and plan.vcs_agreed_by == vcs.user

    # And an owner adds a dated update
    other.post(
        url("update-create", area, action_id=action.public_id),
        {"note": "First joint meeting held.", "status": "in_progress", "progress": "30"},
    )
    history = client.get(url("history", area)).content.decode()
    assert "First joint meeting held." in history
    assert "agreed the plan for the council side" in history
    assert "After the plan was agreed" in history  # the update came after agreement
    page = client.get(url("plan", area)).content.decode()
    assert "Agreed</strong>" in page and council.user.full_name in page


def test_participants_read_the_plan_but_cannot_change_it(client, area, people):
    action = services.action_create(
        area, ActionData(title="Joint forum"), user=people[Role.FACILITATOR_COUNCIL].user
    )
    client.force_login(people[Role.VCS_PARTICIPANT].user)
    assert client.get(url("plan", area)).status_code == 200
    assert client.get(url("action", area, action_id=action.public_id)).status_code == 200
    assert client.get(url("action-edit", area, action_id=action.public_id)).status_code == 403
    assert client.post(url("agree", area)).status_code == 403
    update = url("update-create", area, action_id=action.public_id)
    assert client.get(update).status_code == 403


def test_an_owner_who_is_a_participant_can_add_updates(client, area, people):
    owner = people[Role.VCS_PARTICIPANT]
    action = services.action_create(
        area,
        ActionData(title="Joint forum", vcs_owner=owner.user),
        user=people[Role.FACILITATOR_COUNCIL].user,
    )
    client.force_login(owner.user)
    response = client.post(
        url("update-create", area, action_id=action.public_id),
        {"note": "Booked the room.", "status": "in_progress", "progress": "5"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress, action.version) == ("in_progress", 5, 2)


def test_the_plan_is_agreed_only_when_both_sides_have_agreed(area, people):
    council, vcs = people[Role.FACILITATOR_COUNCIL], people[Role.FACILITATOR_VCS]
    plan = services.plan_get_or_create(area)
    with pytest.raises(PlanError, match="at least one action"):
        services.plan_agree(plan, council)
    services.action_create(area, ActionData(title="A"), user=council.user)
    plan = services.plan_agree(plan, council)
    assert not plan.is_agreed
    with pytest.raises(PlanError, match="already agreed"):
        services.plan_agree(plan, council)
    with pytest.raises(PlanError, match="Only a facilitator"):
        services.plan_agree(plan, people[Role.COUNCIL_PARTICIPANT])
    plan = services.plan_agree(plan, vcs)
    assert plan.is_agreed
    kinds = list(PlanEvent.objects.filter(area=area).values_list("kind", flat=True))
    assert kinds.count(EventKind.PLAN_AGREED) == 1


def test_a_second_concurrent_edit_is_refused_and_keeps_its_text(area, people):
    """Two sessions open the same action; the first saves; the second is refused with a clear
    message, its text stays on the page, the other change is shown, and nothing is lost."""
    council, vcs = people[Role.FACILITATOR_COUNCIL], people[Role.FACILITATOR_VCS]
    action = services.action_create(area, ActionData(title="Joint forum"), user=council.user)
    first, second = Client(), Client()
    first.force_login(council.user)
    second.force_login(vcs.user)
    edit = url("action-edit", area, action_id=action.public_id)

    # Both open the form at version 1
    version_1 = first.get(edit).context["form"].initial["version"]
    assert second.get(edit).context["form"].initial["version"] == version_1 == 1

    # The first saves
    response = first.post(edit, form_data(action, title="Joint forum, meeting monthly"))
    assert response.status_code == 302

    # The second saves the version they opened: refused
    response = second.post(
        edit,
        form_data(action, title="Joint forum led by the sector", what_will_change="VCS chairs"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this action while you were editing it" in page
    assert "govuk-error-summary" in page
    assert 'value="Joint forum led by the sector"' in page  # their text kept
    assert "VCS chairs" in page
    assert "Joint forum, meeting monthly" in page  # the other change shown
    action.refresh_from_db()
    assert action.title == "Joint forum, meeting monthly" and action.version == 2
    assert response.context["form"]["version"].value() == "2"

    # Saving again, having seen the other change, is a deliberate choice and works
    response = second.post(
        edit,
        form_data(action, title="Joint forum led by the sector", what_will_change="VCS chairs"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Joint forum led by the sector" and action.version == 3


def test_service_refuses_a_stale_version_even_without_row_locks(area, people):
    user = people[Role.FACILITATOR_COUNCIL].user
    action = services.action_create(area, ActionData(title="A"), user=user)
    services.action_update(action, ActionData(title="B"), expected_version=1, user=user)
    with pytest.raises(EditConflict) as caught:
        services.action_update(action, ActionData(title="C"), expected_version=1, user=user)
    assert caught.value.current.title == "B"
    # a progress update moves the version on too
    services.action_update_add(action, note="n", status="in_progress", progress=5, user=user)
    with pytest.raises(EditConflict):
        services.action_update(action, ActionData(title="D"), expected_version=2, user=user)


def test_an_edit_that_changes_nothing_writes_nothing(area, people):
    user = people[Role.FACILITATOR_COUNCIL].user
    action = services.action_create(area, ActionData(title="A"), user=user)
    same = services.action_update(action, ActionData(title="A"), expected_version=1, user=user)
    assert same.version == 1
    assert not PlanEvent.objects.filter(kind=EventKind.ACTION_CHANGED).exists()


def test_form_errors_are_shown_in_the_error_summary(client, area, people):
    client.force_login(people[Role.FACILITATOR_COUNCIL].user)
    response = client.post(url("action-create", area), {"title": "", "progress": "300"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter what the action is" in page
    assert "Progress must be 100 or less" in page


def test_plan_history_names_elements_and_barriers(client, area, people):
    """Issue 14: the history showed codes such as `recognition-of-value`."""
    council = people[Role.FACILITATOR_COUNCIL]
    action = services.action_create(
        area,
        ActionData(title="Say what the sector brings", element_slug="recognition-of-value"),
        user=council.user,
    )
    services.action_update(
        action,
        ActionData(title=action.title, element_slug="capacity", barrier_slug="short-term-horizons"),
        user=council.user,
        expected_version=action.version,
    )
    client.force_login(council.user)
    history = client.get(url("history", area)).content.decode()
    assert "Recognition of value" in history and "Short-term time horizons" in history
    assert "recognition-of-value" not in history and "short-term-horizons" not in history


def test_plan_history_says_each_change_in_words(client, area, people):
    """The history read "Answers a gap between the sides: “No” → “Yes”": values quoted and an
    arrow. Now a change reads as a sentence; only what people wrote is quoted."""
    council = people[Role.FACILITATOR_COUNCIL]
    action = services.action_create(area, ActionData(title="Meet monthly"), user=council.user)
    services.action_update(
        action,
        ActionData(title="Meet every month", answers_gap=True, due_on=datetime.date(2027, 3, 31)),
        user=council.user,
        expected_version=action.version,
    )
    action.refresh_from_db()
    services.action_update(
        action,
        ActionData(title="Meet every month", answers_gap=True),
        user=council.user,
        expected_version=action.version,
    )
    client.force_login(council.user)
    history = html.unescape(client.get(url("history", area)).content.decode())
    assert "Answers a gap between the sides changed from No to Yes" in history
    assert "Title changed from “Meet monthly” to “Meet every month”" in history
    assert "Due date set to 31 March 2027" in history
    assert "Due date removed (it was 31 March 2027)" in history
    assert "→" not in history and "“No”" not in history
