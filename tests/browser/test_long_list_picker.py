"""Long lists (core.long_lists.PICKER_FROM). The relationship form in an area with more
organisations than a list of checkboxes can carry: with scripts, alphagov's accessible autocomplete
finds each organisation by keyboard alone (type, arrow, Enter), those chosen are listed with a
Remove button and Enter never sends the form; without scripts, a plain multiple select. Either
way several parties are saved. The action form in an area with more relationships than a
select can sensibly offer: the relationship it answers is found by typing part of its name;
an emptied box is None and text naming none of them is an error beside the field. ADR 26."""

import factory
import pytest
from playwright.sync_api import expect

from toolkit.actions.models import Action
from toolkit.areas.models import Membership, Organisation, OrganisationKind, Role
from toolkit.core.long_lists import PICKER_FROM
from toolkit.register.models import Relationship
from toolkit.register.tests.factories import RelationshipFactory

from .support import PHONE, axe_violations, describe, sign_in, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def facilitator_of(demo_area, role):
    return Membership.objects.filter(area=demo_area.area, role=role).select_related("user").first()


def watch_for_blocked_scripts(page):
    """page.blocked lists what the Content Security Policy refused."""
    page.blocked = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.blocked.append(message.text)
        ),
    )
    return page


def large_area_form(live_server, new_page, demo_area, javascript=True):
    area = demo_area.area
    have = area.organisations.filter(kind=OrganisationKind.VCS).count()
    Organisation.objects.bulk_create(
        Organisation(area=area, kind=OrganisationKind.VCS, name=f"Eastmere Group {n:03}")
        for n in range(PICKER_FROM - have + 20)
    )
    member = facilitator_of(demo_area, Role.FACILITATOR_VCS)
    signed_in = new_page()
    sign_in(signed_in, live_server.url, member.user.email, demo_area.logins[0].password)
    page = watch_for_blocked_scripts(
        signed_in if javascript else new_page(viewport=PHONE, javascript=False)
    )
    if not javascript:
        page.context.add_cookies(signed_in.context.storage_state()["cookies"])
    page.goto(f"{live_server.url}/areas/{area.gss_code}/register/new/")
    return page


def chosen(page) -> list[str]:
    return page.locator("#id_vcs_parties option:checked").all_inner_texts()


def save_with_title(page, title):
    page.get_by_label("Name of the relationship").fill(title)
    page.locator("input[name=main_type]").first.check()
    page.get_by_role("button", name="Save relationship").click()
    page.wait_for_url("**/register/*/")
    relationship = Relationship.objects.get(title=title)
    return sorted(relationship.parties.values_list("organisation__name", flat=True))


def test_organisations_are_found_and_chosen_by_keyboard(live_server, new_page, demo_area):
    page = large_area_form(live_server, new_page, demo_area)
    assert page.locator("#id_vcs_parties").is_hidden()
    assert page.locator('input[name="vcs_parties"]').count() == 0, "no checkbox per organisation"

    tab_to(page, "el.id === 'id_vcs_parties-find'")
    assert page.evaluate("document.activeElement.labels[0].textContent").strip() == (
        "Voluntary and community sector side"
    )
    page.keyboard.type("quayfield")
    options = page.locator("#id_vcs_parties-find__listbox li")
    assert sorted(options.all_inner_texts()) == [
        "Quayfield Food Partnership",
        "Quayfield Mosque Community Kitchen",
        "Quayfield Toddler Group",
    ]
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent").strip()
    page.keyboard.press("Enter")
    assert chosen(page) == [first]
    assert page.locator("#id_vcs_parties-find").input_value() == "", "ready for the next"
    assert page.locator(".govuk-error-summary").count() == 0, "Enter did not send the form"

    page.keyboard.type("eastmere group 01")
    assert first not in options.all_inner_texts()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.textContent").strip()
    page.keyboard.press("Enter")
    assert sorted(chosen(page)) == sorted([first, second])
    page.keyboard.press("Enter")  # Enter in an empty box must not send the form either
    assert page.locator(".govuk-error-summary").count() == 0
    listed = page.locator(".app-picker__chosen li > span:first-child").all_inner_texts()
    assert listed == chosen(page), "the list shows what the form will send"

    page.keyboard.type("zzzz no such group")
    assert page.locator("#id_vcs_parties-find__listbox").inner_text().strip() == (
        "No organisations found"
    )
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")

    tab_to(page, f"el.textContent.trim() === 'Remove {second}'")
    page.keyboard.press("Enter")
    assert chosen(page) == [first]
    assert page.evaluate("document.activeElement.id") == "id_vcs_parties-find"
    page.keyboard.type("heronmoor")
    page.keyboard.press("ArrowDown")
    third = page.evaluate("document.activeElement.textContent").strip()
    page.keyboard.press("Enter")

    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not page.blocked, page.blocked  # nothing refused by the Content Security Policy
    assert save_with_title(page, "Found by keyboard") == sorted([first, third])


def test_without_scripts_a_plain_select_chooses_several(live_server, new_page, demo_area):
    page = large_area_form(live_server, new_page, demo_area, javascript=False)
    select = page.get_by_label("Voluntary and community sector side")
    assert select.evaluate("el => el.tagName === 'SELECT' && el.multiple")
    assert page.locator('input[name="vcs_parties"]').count() == 0
    assert page.locator("#id_vcs_parties-find").count() == 0
    violations = axe_violations(page)
    assert not violations, describe(violations)
    names = ["Eastmere Group 003", "Quayfield Toddler Group"]
    select.select_option(label=names)
    assert save_with_title(page, "Chosen without scripts") == names


def test_an_error_keeps_the_chosen_and_its_link_goes_to_the_search(
    live_server, new_page, demo_area
):
    page = large_area_form(live_server, new_page, demo_area)
    search = page.locator("#id_vcs_parties-find")
    search.fill("quayfield toddler")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_label("Name of the relationship").fill("Only one party")
    page.locator("input[name=main_type]").first.check()
    page.get_by_role("button", name="Save relationship").click()

    link = page.locator(".govuk-error-summary a", has_text="at least two parties")
    assert link.get_attribute("href") == "#id_vcs_parties-find"
    assert chosen(page) == ["Quayfield Toddler Group"], "what was chosen is kept"
    assert page.locator(".app-picker__chosen li").count() == 1
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_vcs_parties-find"
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not page.blocked, page.blocked


def large_action_form(live_server, new_page, demo_area):
    """The action form of the demo area with enough relationships for the picker."""
    area = demo_area.area
    have = area.relationships.count()
    RelationshipFactory.create_batch(
        PICKER_FROM - have + 5,
        area=area,
        with_rows=False,
        title=factory.Sequence(lambda n: f"Tidebrook link {n:03}"),
    )
    member = facilitator_of(demo_area, Role.FACILITATOR_COUNCIL)
    page = watch_for_blocked_scripts(new_page(viewport=PHONE))
    sign_in(page, live_server.url, member.user.email, demo_area.logins[0].password)
    page.goto(f"{live_server.url}/areas/{area.gss_code}/plan/actions/new/")
    return page


def test_the_relationship_an_action_answers_is_found_by_keyboard(live_server, new_page, demo_area):
    page = large_action_form(live_server, new_page, demo_area)
    wanted = demo_area.area.relationships.exclude(title__startswith="Tidebrook").first().title
    assert page.locator("#id_relationship").is_hidden()
    tab_to(page, "el.id === 'id_relationship-find'")
    assert page.evaluate("document.activeElement.labels[0].textContent").strip() == (
        "Relationship it answers (optional)"
    )
    assert page.locator("#id_relationship-find").input_value() == "", "None is an empty box"
    page.keyboard.type(wanted[:12])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#id_relationship option:checked").inner_text() == wanted
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not page.blocked, page.blocked

    page.get_by_label("Action", exact=True).fill("Picked by keyboard")
    page.get_by_role("button", name="Save action").click()
    page.wait_for_url("**/plan/actions/*/")
    assert Action.objects.get(title="Picked by keyboard").relationship.title == wanted


def test_an_emptied_box_is_none_and_unknown_text_is_an_error(live_server, new_page, demo_area):
    page = large_action_form(live_server, new_page, demo_area)
    page.get_by_label("Action", exact=True).fill("Said in words")
    search = page.locator("#id_relationship-find")
    search.fill("no such relationship")
    page.get_by_role("button", name="Save action").click()
    expect(page.locator("#id_relationship-error")).to_contain_text(
        "Choose one of the relationships from the list"
    )
    link = page.locator(".govuk-error-summary a", has_text="Choose one of the relationships")
    assert link.get_attribute("href") == "#id_relationship-find"
    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.locator("#id_relationship-find").fill("")
    page.get_by_role("button", name="Save action").click()
    page.wait_for_url("**/plan/actions/*/")
    assert Action.objects.get(title="Said in words").relationship is None
