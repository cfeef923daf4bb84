"""Issue 15, item 6, in a real browser at 375 px (no JavaScript) and 1280 px (with it), with
axe on every new page: the paper page, starting a pile, typing in a paper form (with an error
first, nothing typed lost), and the other side's facilitator confirming the pile."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.framework.testing import load_framework_for_tests
from toolkit.mapping.models import RoundRelationship
from toolkit.paper.questionnaire import paper_questionnaire
from toolkit.register.tests.factories import RelationshipFactory
from toolkit.rounds.models import AssessmentKind, Response, ResponseStatus
from toolkit.rounds.tests.factories import RoundFactory
from toolkit.workshops.tests.factories import WorkshopFactory

from .support import DESKTOP, axe_violations, describe, scripts_ran, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}
WIDTHS = ((DESKTOP, True), (PHONE_375, False))


@pytest.fixture
def workshop(transactional_db):
    load_framework_for_tests()
    area = AreaFactory(name="Calderdale (test)", suppression_threshold=3)
    round_ = RoundFactory(
        area=area, includes_mapping=True, assessment=AssessmentKind.QUICK, name="Spring 2026"
    )
    for title in ("Partnership board", "Youth contract"):
        RoundRelationship.objects.create(
            round=round_, relationship=RelationshipFactory(area=area, title=title)
        )
    return WorkshopFactory(round=round_, title="Spring workshop")


def checked(page, what, viewport):
    violations = axe_violations(page)
    assert not violations, f"{what} at {viewport['width']}px: {describe(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (
        f"{what} scrolls sideways at {viewport['width']}px"
    )


def fill_form(page, questionnaire, *, leave_out=None):
    first = questionnaire.relationships[0]
    for axis in first.axes:
        name = axis.code.replace(".", "_")
        if name != leave_out:
            page.locator(f'input[name="{name}"][value="4"]').check()
    for statement in questionnaire.statements:
        page.locator(f'input[name="{statement.code}"][value="3"]').check()
    page.locator(f'input[name="barriers"][value="{questionnaire.barriers[0].slug}"]').check()
    page.locator('input[name="pressures"][value="none"]').check()


def test_paper_forms_are_typed_in_and_confirmed_by_the_other_side(live_server, new_page, workshop):
    area = workshop.area
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    vcs = MembershipFactory(area=area, role=Role.FACILITATOR_VCS)
    questionnaire = paper_questionnaire(workshop.round)
    first = questionnaire.relationships[0]
    missing = first.axes[2].code.replace(".", "_")
    home = live_server.url + reverse("paper:home", args=[area.gss_code, workshop.public_id])
    for viewport, javascript in WIDTHS:
        page = new_page(viewport=viewport, javascript=javascript)
        sign_in(page, live_server.url, council.user.email, TEST_PASSWORD)
        assert scripts_ran(page) is javascript
        page.goto(
            live_server.url + reverse("workshops:detail", args=[area.gss_code, workshop.public_id])
        )
        page.get_by_role("link", name="Paper in the room").click()
        expect(page).to_have_url(home)
        checked(page, "the paper page", viewport)

        # Starting a pile without saying how many forms it holds: the error is by the field.
        page.get_by_label("Voluntary and community sector side").check()
        page.get_by_role("button", name="Start typing in").click()
        assert (
            "Enter how many forms are on the pile"
            in page.locator(".govuk-error-summary").inner_text()
        )
        assert page.get_by_label("Voluntary and community sector side").is_checked()
        checked(page, "the paper page with an error", viewport)
        page.get_by_label("How many forms are on the pile?").fill("2")
        page.get_by_role("button", name="Start typing in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Type in a paper form")
        checked(page, "the entry screen", viewport)

        # One axis left out: its error is beside it, everything else typed is still there.
        fill_form(page, questionnaire, leave_out=missing)
        page.get_by_role("button", name="Save this form").click()
        assert (
            f"{first.axes[2].code}: select the box ticked"
            in page.locator(".govuk-error-summary").inner_text()
        )
        assert page.locator(
            f'input[name="{questionnaire.statements[-1].code}"][value="3"]'
        ).is_checked()
        assert page.locator(
            f'input[name="{first.axes[0].code.replace(".", "_")}"][value="4"]'
        ).is_checked()
        checked(page, "the entry screen with an error", viewport)
        page.locator(f'input[name="{missing}"][value="0"]').check()
        page.get_by_role("button", name="Save this form").click()
        assert "Form 1 of 2 typed in" in page.locator(".govuk-notification-banner").inner_text()
        fill_form(page, questionnaire)
        page.get_by_role("button", name="Save this form").click()
        expect(page).to_have_url(home)
        assert "Form 2 of 2 typed in" in page.locator(".govuk-notification-banner").inner_text()
        checked(page, "the paper page with a full pile", viewport)
        # The typist's own side cannot confirm the pile.
        assert page.get_by_role("button", name="Confirm pile").count() == 0

    paper = Response.objects.filter(round=workshop.round, on_paper=True)
    assert paper.count() == 4 and not paper.filter(status=ResponseStatus.SUBMITTED).exists()
    assert set(paper.values_list("side", flat=True)) == {Side.VCS}

    page = new_page(viewport=PHONE_375, javascript=False)
    sign_in(page, live_server.url, vcs.user.email, TEST_PASSWORD)
    page.goto(home)
    checked(page, "the paper page for the other side", PHONE_375)
    page.get_by_role("button", name="Confirm pile 1").click()
    assert (
        "Pile confirmed: 2 forms now count"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    page.get_by_role("button", name="Confirm pile 2").click()
    assert paper.filter(status=ResponseStatus.SUBMITTED).count() == 4
    checked(page, "the paper page once confirmed", PHONE_375)
