"""Issue 18 in a real browser, each journey once, with axe on every page it opens: who to talk
to (directory searched without scripts at 375 px, leads named, a handover in one step)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.framework.testing import load_framework_for_tests
from toolkit.register import leads
from toolkit.register.models import Lead, RelationshipChange
from toolkit.register.tests.factories import RelationshipFactory

from .support import DESKTOP, axe_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}


def no_axe_violations(page, what):
    violations = axe_violations(page)
    assert not violations, f"{what}: {describe(violations)}"


def fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def area(transactional_db):
    load_framework_for_tests()
    return AreaFactory(name="Calderdale (test)")


def test_who_to_talk_to_search_name_and_hand_over(live_server, new_page, area):
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    leaving = MembershipFactory(
        area=area, role=Role.COUNCIL_PARTICIPANT, user__full_name="Priya Shah"
    )
    board = RelationshipFactory(area=area, title="Partnership board")
    RelationshipFactory(area=area, title="Youth forum")
    leads.leads_set(board, {Side.COUNCIL: leads.LeadValue(member=leaving, job_title="Chief")})
    directory = live_server.url + reverse("register:directory", args=[area.gss_code])

    # A phone without scripts: the search is an ordinary form.
    page = new_page(viewport=PHONE_375, javascript=False)
    sign_in(page, live_server.url, facilitator.user.email, TEST_PASSWORD)
    page.goto(directory)
    no_axe_violations(page, "directory")
    fits_the_screen(page)
    page.get_by_label("Search by person, job title, relationship or reference").fill("priya")
    page.get_by_role("button", name="Search").click()
    # expect() waits for the results page: a count taken straight after the click can read
    # the new document before its table has been parsed.
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Partnership board")
    expect(rows.first).to_contain_text("Priya Shah")

    # Name a VCS lead without an account for the youth forum.
    page.goto(directory)
    page.get_by_role("link", name="Change leads for Youth forum").click()
    no_axe_violations(page, "leads form")
    page.get_by_label("VCS lead", exact=True).select_option("new")
    page.get_by_label("Name of someone new without an account (vcs lead)").fill("Jo Bloggs")
    page.get_by_label("Job title (vcs lead, optional)").fill("Chief officer")
    page.get_by_role("button", name="Save leads").click()
    expect(page.get_by_text("Leads for Youth forum saved.")).to_be_visible()
    no_axe_violations(page, "relationship with its leads")

    # Priya leaves: every role goes to a successor in one step, at desktop width.
    page = new_page(viewport=DESKTOP)
    sign_in(page, live_server.url, facilitator.user.email, TEST_PASSWORD)
    page.goto(directory)
    page.get_by_role("button", name="Hand over someone’s roles").click()
    no_axe_violations(page, "people with roles")
    page.get_by_role("link", name="Hand over Priya Shah’s roles").click()
    no_axe_violations(page, "handover form")
    page.get_by_role("button", name="Hand over 1 role").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    no_axe_violations(page, "handover form with an error")
    page.get_by_label("Name of someone new without an account (optional)").fill("Ama Mensah")
    page.get_by_label("Council lead for Partnership board").select_option("new")
    page.get_by_role("button", name="Hand over 1 role").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Priya Shah’s 1 lead role handed over."
    )
    assert Lead.objects.get(relationship=board, side="council").name == "Ama Mensah"
    assert RelationshipChange.objects.filter(relationship=board, source="handover").exists()
