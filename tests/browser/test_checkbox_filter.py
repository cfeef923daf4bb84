"""The find box over the organisation checkboxes on the relationship form: keyboard only,
ticked organisations stay visible, Enter does not send the form, and without scripts every
organisation is listed."""

import pytest

from toolkit.areas.models import Membership, Role

from .support import PHONE, axe_violations, describe, sign_in, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def facilitator(demo_area):
    return (
        Membership.objects.filter(area=demo_area.area, role=Role.FACILITATOR_VCS)
        .select_related("user")
        .first()
    )


def visible_vcs_labels(page):
    return page.locator(
        "[data-app-filter]:has([name=vcs_parties]) .govuk-checkboxes__item:visible label"
    ).all_inner_texts()


def test_find_box_filters_organisations_by_keyboard(live_server, new_page, demo_area):
    member = facilitator(demo_area)
    page = new_page()
    sign_in(page, live_server.url, member.user.email, demo_area.logins[0].password)
    page.goto(f"{live_server.url}/areas/{demo_area.area.gss_code}/register/new/")

    vcs_list = page.locator('[data-app-filter] input[name="vcs_parties"]')
    everyone = vcs_list.count()
    assert everyone >= 30

    tab_to(page, "el.type === 'search' && el.labels[0].textContent.includes('organisations')")
    focused_id = page.evaluate("document.activeElement.id")
    # The second find box is the VCS side's (the council side's comes first).
    while page.evaluate(
        "!document.activeElement.closest('.govuk-fieldset').textContent.includes('Voluntary')"
    ):
        tab_to(page, f"el.type === 'search' && el.id !== '{focused_id}'")
        focused_id = page.evaluate("document.activeElement.id")
    page.keyboard.type("quayfield")
    assert sorted(visible_vcs_labels(page)) == [
        "Quayfield Food Partnership",
        "Quayfield Mosque Community Kitchen",
        "Quayfield Toddler Group",
    ]
    status = page.locator(".app-checkbox-filter__status").nth(1)
    page.wait_for_function(
        "el => el.textContent.includes('Showing 3 of')", arg=status.element_handle()
    )

    page.keyboard.press("Enter")  # must not send the form
    assert page.locator(".govuk-error-summary").count() == 0

    tab_to(page, "el.type === 'checkbox' && el.name === 'vcs_parties'")
    page.keyboard.press("Space")
    ticked = page.evaluate("document.activeElement.labels[0].textContent.trim()")
    page.locator(f"#{focused_id}").fill("heronmoor")
    labels = visible_vcs_labels(page)
    assert ticked in labels, "a ticked organisation stays visible whatever the filter"
    assert all("Heronmoor" in label for label in labels if label != ticked)

    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.locator(f"#{focused_id}").fill("")
    assert len(visible_vcs_labels(page)) == everyone


def test_without_scripts_every_organisation_is_listed(live_server, new_page, demo_area):
    member = facilitator(demo_area)
    signed_in = new_page()
    sign_in(signed_in, live_server.url, member.user.email, demo_area.logins[0].password)
    page = new_page(viewport=PHONE, javascript=False)
    page.context.add_cookies(signed_in.context.storage_state()["cookies"])
    page.goto(f"{live_server.url}/areas/{demo_area.area.gss_code}/register/new/")
    assert page.locator("input[type=search]").count() == 0
    assert len(visible_vcs_labels(page)) == page.locator('input[name="vcs_parties"]').count()
