"""The joint action plan in a real browser (issue 6, acceptance criterion 1): a facilitator
creates an action from a suggestion for the demo area's weakest element, assigns a council
and a VCS owner, both sides agree the plan, and updates appear in the plan's history. Every
page on the way is checked with axe."""

import pytest
from playwright.sync_api import expect

from toolkit.actions.models import Action, Plan
from toolkit.actions.suggestions import suggestions_for_area
from toolkit.areas.models import Membership, Role

from .support import axe_violations, describe, page_says, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, where):
    violations = axe_violations(page)
    assert not violations, f"{where}: {describe(violations)}"


def test_facilitators_build_and_agree_a_joint_plan(live_server, new_page, demo_area):
    area = demo_area.area
    password = demo_area.logins[0].password
    council = Membership.objects.select_related("user").get(
        area=area, role=Role.FACILITATOR_COUNCIL
    )
    vcs = Membership.objects.select_related("user").get(area=area, role=Role.FACILITATOR_VCS)
    weakest = suggestions_for_area(area).elements[0]
    before = Action.objects.filter(area=area).count()

    # Given the council facilitator on the plan page
    page = new_page()
    sign_in(page, live_server.url, council.user.email, password)
    page.goto(f"{live_server.url}/areas/{area.gss_code}/")
    page.get_by_role("link", name="Action plan", exact=True).click()
    expect(page.locator("h1")).to_have_text("Joint action plan")
    assert_accessible(page, "plan")

    # When they open the ideas and add the first one for the weakest element
    page.get_by_role("button", name="Ideas from the practice library").click()
    assert_accessible(page, "suggestions")
    section = page.locator(
        "section", has=page.get_by_role("heading", name=weakest.title, exact=True)
    )
    section.get_by_role("button", name="Add to the plan").first.click()
    expect(page.locator("h1")).to_have_text("Change action")
    assert_accessible(page, "edit action")

    # And choose owners on both sides and a due date
    page.get_by_label("Council owner").select_option(value=str(council.pk))
    page.get_by_label("VCS owner").select_option(value=str(vcs.pk))
    page.get_by_label("Due date (optional)").fill("31/3/2027")
    page.get_by_label("In progress").check()
    page.get_by_label("Progress, as a percentage").fill("10")
    page.get_by_role("button", name="Save action").click()
    page_says(page, "Action saved.")
    assert_accessible(page, "action")
    action = Action.objects.filter(area=area).latest("created_at")
    assert Action.objects.filter(area=area).count() == before + 1
    assert action.element_slug == weakest.slug
    assert (action.council_owner_id, action.vcs_owner_id) == (council.user_id, vcs.user_id)

    # And add a dated update
    page.get_by_role("button", name="Add an update").click()
    assert_accessible(page, "add update")
    page.get_by_label("What has happened").fill("Met the CVS to plan the first session.")
    page.get_by_role("button", name="Add update").click()
    page_says(page, "Met the CVS to plan the first session.")

    # And agree the plan for the council side
    page.get_by_role("link", name="Action plan").first.click()
    page.get_by_role("button", name="Agree the plan for the council side").click()
    page_says(page, "once the other side does")
    assert not Plan.objects.get(area=area).is_agreed

    # Then the VCS facilitator agrees too, and the plan is agreed
    other = new_page()
    sign_in(other, live_server.url, vcs.user.email, password)
    other.goto(f"{live_server.url}/areas/{area.gss_code}/plan/")
    other.get_by_role("button", name="Agree the plan for the VCS side").click()
    page_says(other, "The plan is agreed by both sides.")
    assert_accessible(other, "agreed plan")
    assert Plan.objects.get(area=area).is_agreed

    # And the history shows the update and both agreements
    other.get_by_role("link", name="The plan's full history").click()
    page_says(other, "Met the CVS to plan the first session.")
    history = other.content()
    assert "Met the CVS to plan the first session." in history
    assert "agreed the plan for the council side" in history
    assert "agreed the plan for the VCS side" in history
    assert "Plan agreed by both sides" in history or "The plan is agreed" in history
    assert_accessible(other, "history")


def test_second_concurrent_edit_is_refused_in_the_browser(live_server, new_page, demo_area):
    area = demo_area.area
    password = demo_area.logins[0].password
    council = Membership.objects.select_related("user").get(
        area=area, role=Role.FACILITATOR_COUNCIL
    )
    vcs = Membership.objects.select_related("user").get(area=area, role=Role.FACILITATOR_VCS)
    action = Action.objects.filter(area=area).first()
    edit = f"{live_server.url}/areas/{area.gss_code}/plan/actions/{action.public_id}/edit/"

    first, second = new_page(), new_page()
    sign_in(first, live_server.url, council.user.email, password)
    sign_in(second, live_server.url, vcs.user.email, password)
    first.goto(edit)
    second.goto(edit)
    first.get_by_label("Action", exact=True).fill("Edited first")
    first.get_by_role("button", name="Save action").click()
    # The second edit must reach the server after the first is saved, or it would win.
    page_says(first, "Action saved.")
    second.get_by_label("Action", exact=True).fill("Edited second")
    second.get_by_role("button", name="Save action").click()

    page_says(second, "Someone else changed this action while you were editing it")
    assert second.get_by_label("Action", exact=True).input_value() == "Edited second"
    assert "Edited first" in second.locator(".govuk-notification-banner").inner_text()
    assert_accessible(second, "edit conflict")
    action.refresh_from_db()
    assert action.title == "Edited first"
