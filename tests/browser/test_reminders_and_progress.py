"""Issue 18, parts 3 and 4, in a real browser with axe on every page, at 375 px (scripts off)
and 1280 px: a facilitator emails personal links and sees the reminders in the outbox, an
owner turns their emails off; both facilitators publish the public progress page, a visitor
without an account reads it, and one side takes it down."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.actions.models import ActionSource, ActionStatus
from toolkit.actions.tests.factories import ActionFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.framework.testing import load_framework_for_tests
from toolkit.reminders.models import EmailPreference
from toolkit.reminders.services import reminders_run
from toolkit.rounds.tests.factories import RoundFactory

from .support import DESKTOP, axe_violations, describe, page_says, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}


def accessible(page, what):
    violations = axe_violations(page)
    assert not violations, f"{what}: {describe(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), what


@pytest.fixture
def area(transactional_db):
    load_framework_for_tests()
    return AreaFactory(name="Calderdale (test)")


def test_links_emailed_reminded_and_counted_and_an_owner_opts_out(
    live_server, new_page, area, mailoutbox
):
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_VCS)
    round_ = RoundFactory(
        area=area, name="Winter round", closes_on=timezone.localdate() + datetime.timedelta(10)
    )

    page = new_page(viewport=PHONE_375, javascript=False)
    sign_in(page, live_server.url, facilitator.user.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("rounds:links", args=[area.gss_code, round_.public_id]))
    page.get_by_role("link", name="Send personal links by email").click()
    accessible(page, "send links by email")
    page.get_by_label("Voluntary and community sector").check()
    page.get_by_label("Email addresses").fill("not an address")
    page.get_by_role("button", name="Send links").click()
    page_says(page, "There is a problem")
    accessible(page, "send links with an error")
    addresses = "\n".join(f"person{i}@example.org" for i in range(6))
    page.get_by_label("Email addresses").fill(addresses)
    page.get_by_role("button", name="Send links").click()
    page_says(page, "6 personal links sent by email.")
    page_says(page, "6 sent, 6 not answered yet")
    assert "@example.org" not in page.locator("main").inner_text()
    accessible(page, "outbox at 375 px")
    assert len(mailoutbox) == 6 and mailoutbox[0].alternatives

    reminders_run(round_.closes_on - datetime.timedelta(days=7))
    reminders_run(round_.closes_on - datetime.timedelta(days=7))  # a second run sends nothing
    assert len(mailoutbox) == 12

    page = new_page(viewport=DESKTOP)
    sign_in(page, live_server.url, facilitator.user.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("areas:dashboard", args=[area.gss_code]))
    page.get_by_role("link", name="Outbox").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 2 and "Reminder to answer" in rows.first.inner_text()
    accessible(page, "outbox at 1280 px")

    # An owner of an action turns the due-date emails off on their account.
    owner = MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT)
    page = new_page(viewport=PHONE_375, javascript=False)
    sign_in(page, live_server.url, owner.user.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("accounts:settings"))
    page.get_by_role("link", name="Emails about actions you own").click()
    accessible(page, "email choices")
    page.get_by_label("Email me when an action I own is due or overdue").uncheck()
    page.get_by_role("button", name="Save").click()
    page_says(page, "Your email choices have been saved.")
    assert not EmailPreference.objects.get(user=owner.user).action_emails


def test_both_sides_publish_a_visitor_reads_and_one_side_takes_it_down(live_server, new_page, area):
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    vcs = MembershipFactory(area=area, role=Role.FACILITATOR_VCS, user__full_name="Rowan Secret")
    ActionFactory(
        area=area,
        title="Joint funding panel",
        source=ActionSource.WORKSHOP,
        status=ActionStatus.IN_PROGRESS,
        progress=30,
        council_owner=council.user,
    )
    publishing = live_server.url + reverse("progress:publishing", args=[area.gss_code])
    public = live_server.url + reverse("open-progress:page", args=[area.gss_code])

    page = new_page(viewport=DESKTOP)
    sign_in(page, live_server.url, council.user.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("areas:dashboard", args=[area.gss_code]))
    page.get_by_role("link", name="Public progress page").click()
    accessible(page, "publishing page, not published")
    page.get_by_role("button", name="Propose publishing").click()
    page_says(page, "waiting for a facilitator of the other side")
    accessible(page, "publishing page, proposed")

    page = new_page(viewport=PHONE_375, javascript=False)
    sign_in(page, live_server.url, vcs.user.email, TEST_PASSWORD)
    page.goto(publishing)
    page.get_by_role("button", name="Confirm and publish").click()
    page_says(page, "Published")
    accessible(page, "publishing page, published")

    for viewport, javascript in ((PHONE_375, False), (DESKTOP, True)):
        visitor = new_page(viewport=viewport, javascript=javascript)
        visitor.goto(public)
        assert "Joint funding panel" in visitor.content() and "30% done" in visitor.content()
        assert "Rowan Secret" not in visitor.content()
        hrefs = re.findall(r'href="([^"]+)"', visitor.content())
        assert not [h for h in hrefs if "/areas/" in h], hrefs
        accessible(visitor, f"public progress page at {viewport['width']} px")

    page.get_by_role("button", name="Take the page down").click()
    assert visitor.goto(public).status == 404
