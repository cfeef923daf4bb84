"""Relationship mapping journeys (steps 1 and 2), written given/when/then: council and VCS
respondents rate relationships on a 320 px screen with JavaScript off (one of them through an
invite link, without an account); then the register and every mapping results page, and
their error states, have no axe violations."""

import re

import pytest
from playwright.sync_api import expect

from toolkit.areas.models import Membership, Role
from toolkit.mapping.models import Rating
from toolkit.rounds.models import Response, ResponseStatus, Round
from toolkit.rounds.tests.factories import confirmed_shared_link

from .support import DESKTOP, PHONE, axe_violations, describe, page_says, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN_ROUND = "Relationship mapping, winter 2026"
CLOSED_ROUND = "Relationship mapping, spring 2026"


def check_axe(page, failures, label):
    violations = axe_violations(page)
    if violations:
        failures[label] = describe(violations)


def rate_two_relationships(page, failures, who):
    """From the task list: choose two relationships and rate them, checking each page and
    each error state with axe."""
    page.get_by_role("link", name="Rate relationships").click()
    page.wait_for_url(re.compile(r"/mapping/$"))
    check_axe(page, failures, f"{who}: choose")

    # When they continue without choosing, the error says what to do
    page.get_by_role("button", name="Continue").click()
    assert "Select the relationships you know" in page.locator(".govuk-error-summary").inner_text()
    check_axe(page, failures, f"{who}: choose error")

    page.get_by_label("Eastmere Borough Partnership Board").check()
    page.get_by_label("Youth network (VCS–VCS)").check()
    page.get_by_role("button", name="Continue").click()
    page_says(page, "Relationship 1 of 2")
    check_axe(page, failures, f"{who}: rate")

    # Save and continue with nothing chosen: every axis asks for an answer
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "How strategic is this relationship? Select an answer" in summary
    check_axe(page, failures, f"{who}: rate error")

    # Radios are chosen by their labels: the scale point, or "I don't know"
    for group, label in [
        ("How strategic is this relationship?", "4: Mostly strategic"),
        ("How proactive is this relationship?", "3: Both"),
        ("How much money is invested in this relationship?", "I don't know"),
        ("How much time is invested in this relationship?", "4: Substantial"),
    ]:
        page.get_by_role("group", name=group).get_by_label(label, exact=True).check()
    page.get_by_label("Whole place").check()
    page.get_by_label("Anything you want to add about this relationship? (optional)").fill(
        "It sets the borough plan."
    )
    page.get_by_label("You can show my comment in the results").check()
    page.get_by_role("button", name="Save and continue").click()
    page_says(page, "Relationship 2 of 2")
    for group in [
        "How strategic is this relationship?",
        "How proactive is this relationship?",
        "How much money is invested in this relationship?",
        "How much time is invested in this relationship?",
    ]:
        page.get_by_role("group", name=group).get_by_label("2:", exact=False).first.check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/answers/[^/]+/$"))
    check_axe(page, failures, f"{who}: task list")

    page.get_by_role("link", name="Check and send your answers").click()
    page.wait_for_url(re.compile(r"/check/$"))  # the page must have loaded before it is read
    page_says(page, "Eastmere Borough Partnership Board")
    check_axe(page, failures, f"{who}: check answers")
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_url(re.compile(r"/respond/sent/"))
    check_axe(page, failures, f"{who}: sent")


def test_council_and_vcs_respondents_rate_relationships_on_a_phone_without_javascript(
    live_server, new_page, demo_area
):
    # Given the demo area's open mapping round and its council participant
    password = demo_area.logins[0].password
    round_ = Round.objects.get(area=demo_area.area, name=OPEN_ROUND)
    officer = Membership.objects.get(
        area=demo_area.area, role=Role.COUNCIL_PARTICIPANT, user__email__startswith="officer"
    )
    failures = {}

    # When the council officer signs in on a 320 px phone with JavaScript off and answers
    page = new_page(viewport=PHONE, javascript=False)
    sign_in(page, live_server.url, officer.user.email, password)
    page.goto(
        f"{live_server.url}/areas/{demo_area.area.gss_code}/rounds/{round_.public_id}/respond/"
    )
    page.get_by_role("button", name="Start now").click()
    rate_two_relationships(page, failures, "council member")

    # And a VCS respondent with no account answers through a shared invite link
    link = confirmed_shared_link(round_, "vcs")
    phone = new_page(viewport=PHONE, javascript=False)
    phone.goto(f"{live_server.url}/respond/{link.token}/")
    check_axe(phone, failures, "invite link: start")
    phone.get_by_role("button", name="Start now").click()
    rate_two_relationships(phone, failures, "invite link")

    # Then both responses are sent, for the right sides, anonymously, with their ratings
    sent = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED)
    assert sorted(sent.values_list("side", flat=True)) == ["council", "vcs"]
    assert not sent.filter(user__isnull=False).exists()
    board = Rating.objects.filter(
        response__in=sent, relationship__title="Eastmere Borough Partnership Board"
    )
    assert sorted(board.values_list("strategic", "proactive", "financial", "time")) == [
        (4, 3, 0, 4),
        (4, 3, 0, 4),
    ]
    assert all(r.scales == ["whole-place"] for r in board)
    assert all(r.comment == "It sets the borough plan." and r.share_comment for r in board)
    # And no page had an axe violation
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_register_and_results_pages_have_no_axe_violations(live_server, new_page, demo_area):
    # Given the council facilitator and the demo's finished mapping round
    password = demo_area.logins[0].password
    facilitator = Membership.objects.get(
        area=demo_area.area, role=Role.FACILITATOR_COUNCIL, user__email__startswith="facilitator"
    )
    area = demo_area.area.gss_code
    closed = Round.objects.get(area=demo_area.area, name=CLOSED_ROUND)
    base = f"/areas/{area}/mapping/rounds/{closed.public_id}"
    register = f"/areas/{area}/register"
    relationship = closed.mapping_relationships.select_related("relationship").first().relationship
    paths = [
        f"/areas/{area}/mapping/",
        f"{base}/map/",
        f"{base}/map/?type=delivery",
        f"{base}/perspectives/",
        f"{base}/perspectives/?view=council",
        f"{base}/perspectives/?view=vcs",
        f"{base}/perspectives/?view=together",
        f"{base}/spatial/",
        f"{base}/network/",
        f"{base}/compare/",
        f"{base}/comments/",
        f"/areas/{area}/mapping/rounds/{Round.objects.get(name=OPEN_ROUND).public_id}/relationships/",
        f"{register}/",
        f"{register}/?judgement=strategic&sort=qualities",
        f"{register}/{relationship.public_id}/",
        f"{register}/{relationship.public_id}/edit/",
        f"{register}/new/",
        f"{register}/import/",
        f"{register}/settings/",
    ]
    failures = {}
    for viewport, javascript in ((DESKTOP, True), (PHONE, False)):
        page = new_page(viewport=viewport, javascript=javascript)
        sign_in(page, live_server.url, facilitator.user.email, password)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            check_axe(page, failures, f"{viewport['width']}px {path}")

    # When forms are sent with errors, the error states are accessible too
    page = new_page(viewport=PHONE, javascript=False)
    sign_in(page, live_server.url, facilitator.user.email, password)
    page.goto(f"{live_server.url}{register}/new/")
    page.get_by_role("button", name="Save relationship").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    check_axe(page, failures, "register form error")

    page.goto(f"{live_server.url}{register}/import/")
    page.get_by_role("button", name="Check the file").click()
    assert "Select a CSV or Excel file" in page.locator(".govuk-error-summary").inner_text()
    check_axe(page, failures, "import error")
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {
                "name": "bad.csv",
                "mimeType": "text/csv",
                "buffer": b"Reference,Name,Main type\r\nREL-1,,Sharing\r\n",
            }
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    page_says(page, "The file was not imported")
    check_axe(page, failures, "import row report")

    page.goto(
        f"{live_server.url}/areas/{area}/mapping/rounds/{Round.objects.get(name=OPEN_ROUND).public_id}/relationships/"
    )
    for box in page.locator("input[name=relationships]").all():
        box.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    check_axe(page, failures, "round relationships error")

    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
