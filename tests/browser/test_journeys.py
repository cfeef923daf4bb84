"""Keyboard-only journeys, written given/when/then."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from toolkit.accounts.models import Invitation
from toolkit.areas.models import Membership, Role

from .support import PHONE, axe_violations, describe, page_says, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_signs_in_and_invites_someone_using_only_the_keyboard(
    live_server, new_page, demo_area
):
    # Given a council facilitator of the demo area at the sign-in page
    facilitator = Membership.objects.get(
        area__is_demo=True, role=Role.FACILITATOR_COUNCIL, user__email__startswith="facilitator"
    )
    area = facilitator.area
    page = new_page()
    page.goto(f"{live_server.url}/account/sign-in/")

    # When they sign in using only the keyboard
    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type(facilitator.user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(demo_area.logins[0].password)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # And go to People, then Invite someone, by keyboard
    page.goto(f"{live_server.url}/areas/{area.gss_code}/people/")
    tab_to(page, "el.textContent.trim() === 'Invite someone'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/people/invite/")

    # And submit the form empty first: the error summary takes focus and links to the fields
    tab_to(page, "el.textContent.trim() === 'Send invitation'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter the person's email address" in page.locator(".govuk-error-summary").inner_text()
    assert not axe_violations(page), describe(axe_violations(page))

    # And fill it in: email, role (arrow keys move between radios), then send
    tab_to(page, "el.id === 'id_email'")
    page.keyboard.type("new.officer@example.org")
    tab_to(page, "el.name === 'role'")
    page.keyboard.press("Space")
    tab_to(page, "el.textContent.trim() === 'Send invitation'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/people/")

    # Then the invitation is listed, stored with a hashed token, and the email holds the link
    page_says(page, "Invitation sent to new.officer@example.org")
    invitation = Invitation.objects.get(email="new.officer@example.org")
    assert invitation.role == Role.FACILITATOR_COUNCIL.value
    link = re.search(r"http\S+/account/invitations/(\S+)/", mail.outbox[-1].body)
    assert link and invitation.token_digest != link.group(1)


def test_invited_person_creates_an_account_on_a_phone_without_javascript(
    live_server, new_page, demo_area
):
    # Given an invitation sent by the VCS facilitator
    from toolkit.accounts.services import invitation_create

    facilitator = Membership.objects.filter(area__is_demo=True, role=Role.FACILITATOR_VCS).first()
    created = invitation_create(
        area=facilitator.area,
        invited_by=facilitator.user,
        email="volunteer@example.org",
        role=Role.VCS_PARTICIPANT,
    )
    page = new_page(viewport=PHONE, javascript=False)

    # When they open the link and submit a too-short password
    page.goto(created.link.replace("http://127.0.0.1:8000", live_server.url))
    page.get_by_label("Full name").fill("Val Unteer")
    page.get_by_label("Create a password").fill("short")
    page.get_by_label("Confirm your password").fill("short")
    page.get_by_role("button", name="Create account and join").click()

    # Then they see a clear error and nothing is saved
    assert "This password is too short" in page.locator(".govuk-error-summary").inner_text()
    assert not Membership.objects.filter(user__email="volunteer@example.org").exists()

    # When they use a good password
    page.get_by_label("Create a password").fill("a long enough pass phrase")
    page.get_by_label("Confirm your password").fill("a long enough pass phrase")
    page.get_by_role("button", name="Create account and join").click()

    # Then they are signed in to the area, and the link no longer works
    expect(page.locator("h1")).to_have_text(facilitator.area.name)
    page.goto(created.link.replace("http://127.0.0.1:8000", live_server.url))
    page_says(page, "already been used")
