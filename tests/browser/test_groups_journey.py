"""Views by group (issue 18, item 2) in a real browser, with axe on every page at 375 and
1280 px: a facilitator makes a round that asks who respondents are, a respondent answers the
optional questions on a phone without scripts, and the results by group show one view and
say in words why another is not shown."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.assessment.models import ElementAnswer
from toolkit.assessment.questions import questions_for
from toolkit.framework.testing import load_framework_for_tests
from toolkit.rounds import services
from toolkit.rounds.models import AssessmentKind, Response, ResponseStatus, Round, RoundStatus
from toolkit.rounds.tests.factories import confirmed_shared_link

from .support import DESKTOP, axe_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}


def no_axe_violations(page, what):
    violations = axe_violations(page)
    assert not violations, f"{what}: {describe(violations)}"


def fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def closed_round_with_groups(area, version):
    round_ = Round.objects.create(
        area=area,
        name="Spring round",
        status=RoundStatus.CLOSED,
        closed_at=timezone.now(),
        opened_on=timezone.localdate(),
        content_version=version,
        assessment=AssessmentKind.QUICK,
        group_questions=["department", "role"],
    )
    today = timezone.localdate()
    statements = questions_for(version, AssessmentKind.QUICK)
    people = [("adults", "officer", 4)] * 5 + [("place", "officer", 2)] * 5
    people += [("adults", "councillor", 3), ("place", "councillor", 5)]
    answers = []
    for side, groups in [(Side.COUNCIL, p) for p in people] + [(Side.VCS, None)] * 5:
        response = Response.objects.create(
            round=round_,
            side=side,
            status=ResponseStatus.SUBMITTED,
            started_on=today,
            submitted_on=today,
            groups={"department": groups[0], "role": groups[1]} if groups else {},
        )
        value = groups[2] if groups else 3
        answers += [
            ElementAnswer(
                response=response,
                element_slug=q.element_slug,
                statement_id=q.statement_id,
                value=value,
            )
            for q in statements
        ]
    ElementAnswer.objects.bulk_create(answers)
    return round_


def test_a_round_asks_who_respondents_are_and_shows_results_by_group(live_server, new_page):
    version = load_framework_for_tests()
    area = AreaFactory(name="Calderdale (test)", suppression_threshold=5)
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)

    # The facilitator makes a round and chooses the questions to ask (desktop).
    page = new_page(viewport=DESKTOP)
    sign_in(page, live_server.url, facilitator.user.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("rounds:create", args=[area.gss_code]))
    no_axe_violations(page, "round form")
    page.get_by_label("Name of the round").fill("Autumn round")
    page.get_by_label("Quick check: about 10 questions, 5 minutes").check()
    page.get_by_label("Anonymous: no one can tell who gave which answers").check()
    page.get_by_label("Which part of the council do you work in? (council side)").check()
    page.get_by_label("Are you a councillor or an officer? (council side)").check()
    page.get_by_role("button", name="Create round").click()
    made = Round.objects.get(area=area, name="Autumn round")
    assert made.group_questions == ["department", "role"]

    # A council respondent answers one question and prefers not to say the other, on a
    # phone without scripts; the section comes first.
    services.round_open(made)
    link = confirmed_shared_link(made, Side.COUNCIL)
    phone = new_page(viewport=PHONE_375, javascript=False)
    phone.goto(f"{live_server.url}/respond/{link.token}/")
    phone.get_by_role("button", name="Start now").click()
    phone.get_by_role("link", name="About you (optional)").click()
    no_axe_violations(phone, "about you")
    fits_the_screen(phone)
    phone.get_by_label("Public health").check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator("h1")).to_have_text("Your answers")
    response = Response.objects.get(round=made)
    assert response.groups == {"department": "public_health", "role": "not_said"}

    # The results by group of a closed round: departments shown, roles not (two
    # councillors), with the reason in words; at both widths.
    closed = closed_round_with_groups(area, version)
    url = live_server.url + reverse("assessment:groups", args=[area.gss_code, closed.public_id])
    for viewport in (PHONE_375, DESKTOP):
        view = new_page(viewport=viewport, javascript=viewport is DESKTOP)
        sign_in(view, live_server.url, facilitator.user.email, TEST_PASSWORD)
        view.goto(url)
        no_axe_violations(view, f"results by group at {viewport['width']} px")
        fits_the_screen(view)
        text = view.locator("main").inner_text()
        assert "Council: by department" in text
        assert "Not shown: fewer than 5 respondents in a group." in text
        table = view.get_by_role("table", name="Council mean agreement by department")
        assert "Adult social care and health" in table.inner_text()
    view.get_by_role("link", name="Download the results by group (CSV)").is_visible()
