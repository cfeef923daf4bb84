"""Issue 15, items 5 and 6, in a real browser at 375 px (no JavaScript) and 1280 px (with it),
with axe on every new page: step 1 judged by each side and compared, and paper in the room."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.framework.testing import load_framework_for_tests
from toolkit.register.judgements import JudgementData, side_judgement_save
from toolkit.register.models import SideJudgement
from toolkit.register.tests.factories import RelationshipFactory

from .support import DESKTOP, axe_violations, describe, scripts_ran, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}
WIDTHS = ((DESKTOP, True), (PHONE_375, False))


@pytest.fixture
def area(transactional_db):
    load_framework_for_tests()
    return AreaFactory(name="Calderdale (test)")


def signed_in(new_page, live_server, membership, viewport, javascript):
    page = new_page(viewport=viewport, javascript=javascript)
    sign_in(page, live_server.url, membership.user.email, TEST_PASSWORD)
    return page


def checked(page, what, viewport):
    violations = axe_violations(page)
    assert not violations, f"{what} at {viewport['width']}px: {describe(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (
        f"{what} scrolls sideways at {viewport['width']}px"
    )


def test_each_side_judges_step_1_and_the_differences_are_listed(live_server, new_page, area):
    relationship = RelationshipFactory(area=area, title="Partnership board")
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    side_judgement_save(
        relationship,
        Side.VCS,
        JudgementData("not_strategic", "Decisions are taken elsewhere", {}),
    )
    sides = live_server.url + reverse(
        "register:sides", args=[area.gss_code, relationship.public_id]
    )
    for viewport, javascript in WIDTHS:
        page = signed_in(new_page, live_server, council, viewport, javascript)
        assert scripts_ran(page) is javascript
        page.goto(
            live_server.url
            + reverse("register:detail", args=[area.gss_code, relationship.public_id])
        )
        checked(page, "the relationship's page", viewport)
        page.get_by_role("link", name="Compare each side's view of Partnership board").click()
        expect(page).to_have_url(sides)
        checked(page, "each side's view", viewport)
        page.get_by_role("button", name="Record the council side's judgement").click()
        checked(page, "the council side's judgement form", viewport)
        # The second time round the form holds the first judgement: change it, without a why.
        judged = "Strategic" if javascript else "Becoming strategic"
        page.get_by_label("Why? (needed when you give a judgement)").fill("")
        page.get_by_label(judged, exact=True).check()
        page.get_by_role("button", name="Save the council side's judgement").click()
        assert (
            "Say why you reached this judgement"
            in page.locator(".govuk-error-summary").inner_text()
        )
        checked(page, "the council side's judgement form with an error", viewport)
        page.get_by_label("Why? (needed when you give a judgement)").fill(
            f"Sets the plan {viewport['width']}"
        )
        page.get_by_label("It has this quality: clear common goals").check()
        page.get_by_label("Why? What is the evidence for clear common goals?").fill("A shared plan")
        page.get_by_role("button", name="Save the council side's judgement").click()
        expect(page).to_have_url(sides)
        assert "judgement is saved" in page.locator(".govuk-notification-banner").inner_text()
        differences = page.locator("main ul.govuk-list--bullet").inner_text()
        assert (
            f"Whether it is strategic: Council side: {judged.lower()}. VCS side: not strategic."
            in differences
        )
        checked(page, "each side's view with both judged", viewport)
        page.get_by_role("link", name="Every relationship where the sides differ").click()
        rows = page.locator("tbody tr")
        assert rows.count() == 2
        assert rows.nth(0).inner_text().split("\t") == [
            "Partnership board",
            "Whether it is strategic",
            judged,
            "Not strategic",
        ]
        checked(page, "where the sides differ", viewport)
    assert SideJudgement.objects.get(side="council").judgement_reasoning == "Sets the plan 375"
