"""The register import journey in a real browser (Chromium + axe-core): upload a file with
problems and see every one, upload a file that would blank a judged relationship and see the
preview call it out (also after a reload), then confirm. At 375 px without JavaScript and at
1280 px with it, with zero axe violations on each page."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    DESKTOP,
    axe_violations,
    click_and_load,
    describe,
    page_says,
    sign_in,
)
from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.register.models import Relationship
from toolkit.register.services import QualityAnswer, relationship_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}
HEADER = "Reference,Name,Council parties,VCS parties,Main type,Judgement\r\n"
WITH_PROBLEMS = (
    HEADER + "REL-1,,Testshire Council,Nobody Trust,Sharing,Strategic\r\n"
    "REL-1,Again,Testshire Council,Testshire CVS,Shaping,\r\n"
).encode()
BLANKING = (
    HEADER + "REL-1,Partnership board,Testshire Council,Testshire CVS,Shaping,\r\n"
).encode()


def _file(name, content):
    return {"name": name, "mimeType": "text/csv", "buffer": content}


@pytest.mark.parametrize(
    "viewport, javascript", [(PHONE_375, False), (DESKTOP, True)], ids=["375-no-js", "1280-js"]
)
def test_preview_then_confirm_journey(
    live_server, new_page, area, orgs, make_data, facilitator, viewport, javascript
):
    relationship_create(
        area,
        make_data(
            reference="REL-1",
            title="Partnership board",
            judgement="strategic",
            judgement_reasoning="Sets the plan together",
            qualities={"common-goals": QualityAnswer(True, "Shared plan for 2030")},
        ),
    )
    page = new_page(viewport=viewport, javascript=javascript)
    sign_in(page, live_server.url, facilitator.email, TEST_PASSWORD)
    failures = {}

    def check(step, import_page=True):
        violations = axe_violations(page)
        if violations:
            failures[step] = describe(violations)
        if import_page:  # wide tables scroll inside their own box, never the page
            wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
            assert not wide, f"{step}: the page scrolls sideways"

    import_url = f"{live_server.url}/areas/{area.gss_code}/register/import/"
    page.goto(import_url)
    check("upload page")

    # A file with problems: every one is listed, nothing is saved.
    page.set_input_files("input[type=file]", _file("problems.csv", WITH_PROBLEMS))
    click_and_load(page, page.get_by_role("button", name="Check the file"))
    assert page.locator(".govuk-error-summary").count() == 1
    problems = page.locator("#problems tbody tr")
    assert problems.count() >= 5  # name, party, type, reasoning, duplicate reference
    check("problems")

    # A file that would blank the judgement: previewed, called out, not saved.
    page.set_input_files("input[type=file]", _file("blank.csv", BLANKING))
    click_and_load(page, page.get_by_role("button", name="Check the file"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the changes before you import")
    page_says(page, "Removes the judgement ‘Strategic")
    check("preview")
    page.reload()
    page_says(page, "Removes the judgement ‘Strategic")
    assert Relationship.objects.get(reference="REL-1").judgement == "strategic"

    click_and_load(page, page.get_by_role("button", name="Confirm and import"))
    page_says(page, "Imported 1 row: 0 added, 1 changed, 0 unchanged.")
    check("after confirming", import_page=False)  # the register list: not an import page
    assert Relationship.objects.get(reference="REL-1").judgement == ""
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
