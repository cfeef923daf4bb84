"""Maps other tools open, in a real browser (issue 18, item 6): from the register to the maps
page, a Kumu connections file downloaded, the register emptied, the file uploaded and
previewed and confirmed, giving the same relationships back. At 375 px without JavaScript
and at 1280 px with it, with zero axe violations on each page."""

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
from toolkit.register.services import relationship_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}


@pytest.mark.parametrize(
    "viewport, javascript", [(PHONE_375, False), (DESKTOP, True)], ids=["375-no-js", "1280-js"]
)
def test_download_a_map_then_import_it_into_the_emptied_register(
    live_server, new_page, area, orgs, make_data, facilitator, viewport, javascript, tmp_path
):
    relationship_create(area, make_data(reference="REL-1", title="Partnership board"))
    relationship_create(
        area,
        make_data(
            reference="REL-2",
            title="Food network",
            parties=[orgs["cvs"], orgs["foodbank"], orgs["youth"]],
            main_type="ongoing",
            types=["ongoing"],
        ),
    )
    before = sorted(
        (r.reference, r.title, sorted(p.organisation_id for p in r.parties.all()))
        for r in Relationship.objects.filter(area=area)
    )
    page = new_page(viewport=viewport, javascript=javascript)
    sign_in(page, live_server.url, facilitator.email, TEST_PASSWORD)
    failures = {}

    def check(step):
        violations = axe_violations(page)
        if violations:
            failures[step] = describe(violations)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not wide, f"{step}: the page scrolls sideways"

    page.goto(f"{live_server.url}/areas/{area.gss_code}/register/")
    page.get_by_role("link", name="a map for Kumu, Polinode or Gephi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maps for other tools")
    check("maps page")
    with page.expect_download() as download:
        page.locator(
            f'a[href$="/areas/{area.gss_code}/mapping/files/kumu-connections.csv"]'
        ).click()
    saved = tmp_path / "kumu-connections.csv"
    download.value.save_as(saved)

    Relationship.objects.filter(area=area).delete()
    links = page.get_by_role("link").all_inner_texts()
    assert "Import a map into the register" in links, links
    page.get_by_role("link", name="Import a map into the register").click()
    page.set_input_files("input[type=file]", str(saved))
    click_and_load(page, page.get_by_role("button", name="Check the file"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the changes before you import")
    check("preview")
    click_and_load(page, page.get_by_role("button", name="Confirm and import"))
    page_says(page, "Imported 2 rows: 2 added, 0 changed, 0 unchanged.")
    after = sorted(
        (r.reference, r.title, sorted(p.organisation_id for p in r.parties.all()))
        for r in Relationship.objects.filter(area=area)
    )
    assert after == before
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
