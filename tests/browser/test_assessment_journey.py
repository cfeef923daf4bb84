"""The principles self-assessment, answered by someone without an account on a 320 px phone
with JavaScript off, using only the keyboard (issue 5, acceptance criterion 2)."""

import pytest
from playwright.sync_api import expect

from toolkit.areas.models import Area
from toolkit.assessment.questions import questions_for_round
from toolkit.assessment.tests.helpers import sent_responses
from toolkit.rounds import services
from toolkit.rounds.models import AssessmentKind, Response, ResponseStatus, RoundStatus
from toolkit.rounds.tests.factories import RoundFactory, confirmed_shared_link

from .support import PHONE, axe_violations, describe, page_says, sign_in, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_button(page, text):
    tab_to(page, f"el.tagName === 'BUTTON' && el.textContent.trim().startsWith({text!r})")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow_link(page, text):
    tab_to(page, f"el.tagName === 'A' && el.textContent.trim() === {text!r}")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def assert_no_axe_violations(page, where):
    violations = axe_violations(page)
    assert not violations, f"{where}: {describe(violations)}"


def answer_question(page, number):
    """Choose an answer with the keyboard: Tab into the radios, arrow to a value."""
    assert_no_axe_violations(page, f"question {number}")
    tab_to(page, "el.name === 'value'")
    if number % 7 == 0:
        page.keyboard.press("ArrowUp")  # wraps round to "Don’t know", the last option
    else:
        for _ in range(number % 4):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    assert page.locator("input[name=value]:checked").count() == 1
    press_button(page, "Continue")


def test_respondent_without_account_answers_on_a_phone_without_javascript(
    live_server, new_page, demo_area
):
    # Given an open full principles round in the demo area, and a shared link for the VCS side
    area = Area.objects.get(is_demo=True)
    round_ = services.round_create(
        area=area,
        created_by=None,
        name="Principles self-assessment (phone test)",
        assessment=AssessmentKind.FULL,
        includes_mapping=False,
    )
    services.round_open(round_)
    link = confirmed_shared_link(round_, "vcs")
    questions = questions_for_round(round_)
    halfway = len(questions) // 2

    # When a volunteer opens the link on a 320 px phone with JavaScript off
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(f"{live_server.url}/respond/{link.token}/")
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    page_says(page, "Your answers are anonymous")
    assert_no_axe_violations(page, "start page")

    # And starts, then opens the principles questions from the task list, by keyboard only
    press_button(page, "Start now")
    expect(page.locator("h1")).to_have_text("Your answers")
    assert_no_axe_violations(page, "task list")
    follow_link(page, "Answer the principles questions")
    assert "Question 1 of" in page.locator("legend").inner_text()

    # And presses Continue without answering: the error summary explains, axe-clean
    press_button(page, "Continue")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    assert_no_axe_violations(page, "question 1 error state")

    # And answers half the questions, then saves to come back later
    for number in range(1, halfway + 1):
        assert f"Question {number} of {len(questions)}" in page.locator("legend").inner_text()
        answer_question(page, number)
    press_button(page, "Save and come back later")
    expect(page.locator("h1")).to_have_text("Your answers have been saved")
    assert_no_axe_violations(page, "saved page")
    resume_link = page.locator("#resume-link").input_value()
    assert resume_link.startswith("http")
    page.context.close()

    # Then later, on a fresh browser, the resume link carries on where they stopped
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(resume_link.replace("http://testserver", live_server.url))
    page_says(page, "In progress")
    follow_link(page, "Answer the principles questions")
    assert f"Question {halfway + 1} of" in page.locator("legend").inner_text()
    for number in range(halfway + 1, len(questions) + 1):
        answer_question(page, number)

    # And they tick the barriers they see (the error state first), then the pressures
    follow_link(page, "Barriers and pressures")
    press_button(page, "Continue")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page, "barriers error state")
    tab_to(page, "el.name === 'items' && el.value === 'lack-of-time-and-resource'")
    page.keyboard.press("Space")
    tab_to(page, "el.name === 'items' && el.value === 'competitive-commissioning'")
    page.keyboard.press("Space")
    press_button(page, "Continue")
    assert_no_axe_violations(page, "pressures page")
    tab_to(page, "el.name === 'items' && el.value === 'cost-of-living-crisis'")
    page.keyboard.press("Space")
    press_button(page, "Continue")

    # And check their answers and send them
    follow_link(page, "Check and send your answers")
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    assert_no_axe_violations(page, "check your answers")
    press_button(page, "Send answers")
    expect(page.locator("h1")).to_have_text("Answers sent")
    assert_no_axe_violations(page, "confirmation")

    # Then one anonymous response is stored, with every question answered
    response = Response.objects.get(round=round_)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.user_id is None and response.resume_digest == "" and response.link_id is None
    assert response.element_answers.count() == len(questions)
    assert response.element_answers.filter(value__isnull=True).exists()  # some don't knows
    assert set(response.barrier_answers.values_list("barrier_slug", flat=True)) == {
        "lack-of-time-and-resource",
        "competitive-commissioning",
    }
    # And the resume link no longer opens anything
    page.goto(resume_link.replace("http://testserver", live_server.url))
    page_says(page, "does not open any answers")


def test_results_pages_have_no_axe_violations_at_320px(live_server, new_page, demo_area):
    """The crawler visits these too once the area navigation links to them; checked here
    directly so that this app's pages are covered on their own."""
    area = Area.objects.get(is_demo=True)
    second = area.rounds.get(name="Principles self-assessment (second year)")
    # And a small round, so that withheld figures ("not enough answers", "not shown") and
    # counts in words are checked too.
    small = RoundFactory(
        area=area,
        assessment=AssessmentKind.QUICK,
        status=RoundStatus.CLOSED,
        previous_round=second,
        content_version=second.content_version,
    )
    sent_responses(small, "council", [4] * 6, barriers=["local-history"], comment="Council view")
    sent_responses(small, "vcs", [2, 2, None], barriers=["local-history"])
    desktop = new_page()
    sign_in(
        desktop, live_server.url, "facilitator@eastmere.example.org", demo_area.logins[0].password
    )
    page = new_page(viewport=PHONE, javascript=False)
    page.context.add_cookies(desktop.context.cookies())
    base = f"{live_server.url}/areas/{area.gss_code}"
    paths = [
        "/rounds/",
        "/rounds/new/",
        f"/rounds/{second.public_id}/",
        f"/rounds/{second.public_id}/links/",
        "/principles/",
    ] + [
        f"/principles/{round_.public_id}/{suffix}"
        for round_ in (second, small)
        for suffix in ("", "gaps/", "barriers/", "comments/", "change/")
    ]
    failures = {}
    for where, browser_page in (("320px no JS", page), ("desktop", desktop)):
        for path in paths:
            browser_page.goto(base + path)
            assert browser_page.locator("h1").count() == 1, path
            violations = axe_violations(browser_page)
            if violations:
                failures[f"{where} {path}"] = describe(violations)
    page.goto(base + "/rounds/new/")
    press_button(page, "Create round")
    assert page.locator(".govuk-error-summary").is_visible()
    if violations := axe_violations(page):
        failures["create round error state"] = describe(violations)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
