"""Two-factor sign-in, the audit log and the timeout warning in a real browser, keyboard
only, with axe on every page of the journey."""

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.security import services
from toolkit.security.models import AuditEvent, RecoveryCode, TOTPDevice

from .support import PHONE, axe_violations, describe, page_says, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, describe(violations)


def keyboard_sign_in(page, url, email):
    page.goto(f"{url}/account/sign-in/")
    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_code(page, code, button):
    tab_to(page, "el.id === 'id_code'")
    page.keyboard.type(code)
    tab_to(page, f"el.textContent.trim() === '{button}'")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_facilitator_sets_up_two_factor_and_signs_in_with_a_code(live_server, new_page, settings):
    # Given a facilitator who must use two-factor sign-in and has not set it up
    settings.TWO_FACTOR_REQUIRED = True
    membership = MembershipFactory(role=Role.FACILITATOR_COUNCIL, area__name="Testshire")
    user = membership.user
    page = new_page()

    # When they sign in with their password, they are asked to set it up
    keyboard_sign_in(page, live_server.url, user.email)
    assert page.url.endswith("/security/sign-in/set-up/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    assert_accessible(page)

    # And a wrong code gives an error summary linked to the field, with no axe violations
    type_code(page, "12345", "Turn on two-factor sign-in")
    summary = page.locator(".govuk-error-summary")
    assert "The code must be 6 digits" in summary.inner_text()
    assert_accessible(page)

    # And typing the code from their app (the key shown as text) signs them in
    secret = page.locator("#setup-key").inner_text().replace(" ", "")
    assert TOTPDevice.objects.get(user=user).secret == secret
    type_code(page, pyotp.TOTP(secret).now(), "Turn on two-factor sign-in")
    page_says(page, "Two-factor sign-in is on")

    # And they are shown ten recovery codes once, then carry on to their area
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    assert page.locator(".app-recovery-code").count() == 10
    assert_accessible(page)
    tab_to(page, "el.textContent.trim() === 'I have saved my recovery codes'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/areas/" in page.url

    # Then, signed out and back in, the password alone is not enough: the code is asked for
    page.context.clear_cookies()
    TOTPDevice.objects.filter(user=user).update(last_used_step=None)
    keyboard_sign_in(page, live_server.url, user.email)
    assert page.url.endswith("/security/sign-in/code/")
    assert_accessible(page)
    type_code(page, "000000", "Continue")
    assert "The code is not correct" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    type_code(page, pyotp.TOTP(secret).now(), "Continue")
    assert "/areas/" in page.url
    assert AuditEvent.objects.filter(actor=user, action="signed_in").count() == 2
    assert AuditEvent.objects.filter(actor=user, action="two_factor_failed").count() == 2

    # And the code page works on a phone without scripts
    phone = new_page(viewport=PHONE, javascript=False)
    TOTPDevice.objects.filter(user=user).update(last_used_step=None)
    keyboard_sign_in(phone, live_server.url, user.email)
    assert phone.url.endswith("/security/sign-in/code/")
    assert_accessible(phone)


def follow(page, predicate_js):
    """Tab to a link or button and press Enter, waiting for the next page."""
    tab_to(page, predicate_js)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def text_is(text):
    return f"el.textContent.trim() === '{text}'"


def test_recovery_codes_sign_someone_in_once(live_server, new_page):
    # Given a participant who turns on two-factor sign-in from their account, by keyboard
    membership = MembershipFactory(role=Role.VCS_PARTICIPANT, area__name="Testshire")
    user = membership.user
    page = new_page()
    keyboard_sign_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/account/settings/")
    follow(page, text_is("Two-factor sign-in"))
    secret = page.locator("#setup-key").inner_text().replace(" ", "")
    type_code(page, pyotp.TOTP(secret).now(), "Turn on two-factor sign-in")

    # Then they see ten recovery codes, once, on a page without axe violations
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    codes = page.locator(".app-recovery-code").all_inner_texts()
    assert len(set(codes)) == 10
    assert_accessible(page)
    follow(page, text_is("I have saved my recovery codes"))
    assert page.url.endswith("/account/settings/")

    # When they sign out and back in without their app, choosing a recovery code instead
    follow(page, text_is("Sign out"))
    keyboard_sign_in(page, live_server.url, user.email)
    assert page.url.endswith("/security/sign-in/code/")
    follow(page, text_is("Use a recovery code instead"))
    assert page.url.endswith("/security/sign-in/recovery-code/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a recovery code")
    assert_accessible(page)

    # A wrong one gives an error summary linked to the field
    type_code(page, "abcd-efgh-jkmn", "Continue")
    assert "The recovery code is not correct" in (page.locator(".govuk-error-summary").inner_text())
    assert_accessible(page)

    # And one of theirs signs them in, and is used up
    type_code(page, codes[0], "Continue")
    assert "/areas/" in page.url
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1
    assert AuditEvent.objects.filter(actor=user, action="recovery_code_used").count() == 1

    # Then the same code does not work a second time
    page.context.clear_cookies()
    keyboard_sign_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/security/sign-in/recovery-code/")
    type_code(page, codes[0], "Continue")
    assert "already been used" in page.locator(".govuk-error-summary").inner_text()
    assert page.url.endswith("/security/sign-in/recovery-code/")

    # And the recovery code page works on a phone without scripts
    phone = new_page(viewport=PHONE, javascript=False)
    keyboard_sign_in(phone, live_server.url, user.email)
    phone.goto(f"{live_server.url}/security/sign-in/recovery-code/")
    assert_accessible(phone)

    # When few codes are left, signing in says so and their two-factor page warns them
    for code in codes[1:8]:
        services.recovery_code_use(user, code)
    type_code(page, codes[8], "Continue")
    assert (
        "You have 1 recovery code left" in page.locator(".govuk-notification-banner").inner_text()
    )
    assert_accessible(page)
    page.goto(f"{live_server.url}/security/two-factor/")
    assert (
        "You have 1 unused recovery code left" in page.locator(".govuk-warning-text").inner_text()
    )
    assert_accessible(page)

    # And they make new codes with their password (a wrong one is refused first)
    follow(page, text_is("Make new recovery codes"))
    assert_accessible(page)
    tab_to(page, "el.id === 'id_password'")
    page.keyboard.type("not my password")
    follow(page, text_is("Make new recovery codes"))
    assert "The password is not correct" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    tab_to(page, "el.id === 'id_password'")
    page.keyboard.type(TEST_PASSWORD)
    follow(page, text_is("Make new recovery codes"))
    assert page.locator(".app-recovery-code").count() == 10
    page_says(page, "Your old recovery codes no longer work")
    assert_accessible(page)
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() == 10

    # And the page for setting up a new app asks for the password, without axe violations
    page.goto(f"{live_server.url}/security/two-factor/")
    follow(page, text_is("Set up a new authenticator app"))
    assert_accessible(page)
    tab_to(page, "el.id === 'id_password'")
    page.keyboard.type(TEST_PASSWORD)
    follow(page, text_is("Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a new authenticator app")
    assert_accessible(page)


def test_facilitator_resets_a_members_two_factor_by_keyboard(live_server, new_page):
    # Given a facilitator, and a member of their area who has lost their app and codes
    facilitator = MembershipFactory(role=Role.FACILITATOR_COUNCIL, area__name="Testshire")
    area = facilitator.area
    member = MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT)
    TOTPDevice.objects.create(
        user=member.user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )
    services.recovery_codes_replace(member.user)
    co_facilitator = MembershipFactory(
        area=area, role=Role.FACILITATOR_VCS, user__full_name="Zed Co-Facilitator"
    )
    TOTPDevice.objects.create(
        user=co_facilitator.user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )
    page = new_page()

    # When the facilitator goes from the audit log to the members' two-factor sign-in
    keyboard_sign_in(page, live_server.url, facilitator.user.email)
    page.goto(f"{live_server.url}/areas/{area.gss_code}/audit/")
    follow(page, text_is("Two-factor sign-in of members"))
    assert member.user.email in page.locator("table").inner_text()
    # A co-facilitator's row sends the facilitator to the service team instead of a link
    co_row = page.locator("tr", has_text=co_facilitator.user.email).inner_text()
    assert "Only the service team can reset a facilitator" in co_row
    assert_accessible(page)

    # And chooses Reset, then confirms it
    follow(page, "el.textContent.trim().startsWith('Reset') && el.tagName === 'A'")
    assert (
        page.get_by_role("heading", level=1).inner_text().startswith("Reset two-factor sign-in for")
    )
    assert_accessible(page)
    follow(page, text_is("Reset two-factor sign-in"))

    # Then the member's app and codes are gone, and the audit log says who did it
    page_says(page, "Two-factor sign-in has been reset")
    assert_accessible(page)
    assert not TOTPDevice.objects.filter(user=member.user).exists()
    assert not RecoveryCode.objects.filter(user=member.user).exists()
    page.goto(f"{live_server.url}/areas/{area.gss_code}/audit/")
    row = page.locator("tr", has_text="Two-factor sign-in reset").inner_text()
    assert facilitator.user.email in row and member.user.email in row

    phone = new_page(viewport=PHONE, javascript=False)
    keyboard_sign_in(phone, live_server.url, facilitator.user.email)
    phone.goto(f"{live_server.url}/areas/{area.gss_code}/audit/two-factor/")
    assert_accessible(phone)


def test_too_many_wrong_codes_hold_the_account_with_a_clear_page(live_server, new_page, settings):
    # Given someone with two-factor sign-in whose account has had 9 wrong codes just now
    settings.TWO_FACTOR_FAILURE_LIMIT = 10
    member = MembershipFactory(role=Role.COUNCIL_PARTICIPANT)
    user = member.user
    TOTPDevice.objects.create(
        user=user,
        secret=pyotp.random_base32(),
        confirmed_at=timezone.now(),
        failed_codes=9,
        failures_started_at=timezone.now(),
    )
    page = new_page()

    # When one more wrong code is typed
    keyboard_sign_in(page, live_server.url, user.email)
    type_code(page, "000000", "Continue")

    # Then a page says when codes will be accepted again and who can help
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many wrong codes")
    body = page.locator("main").inner_text()
    assert "no codes will be accepted for it until" in body
    assert "the facilitator of your area or the service team can help" in body
    assert AuditEvent.objects.filter(actor=user, action="two_factor_held").count() == 1
    assert_accessible(page)

    # And signing in with the password again leads to the same page, also on a phone
    phone = new_page(viewport=PHONE, javascript=False)
    keyboard_sign_in(phone, live_server.url, user.email)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Too many wrong codes")
    assert_accessible(phone)


def test_facilitator_reads_the_audit_log_by_keyboard(live_server, new_page):
    # Given a facilitator whose area has had an invitation withdrawn
    membership = MembershipFactory(role=Role.FACILITATOR_VCS, area__name="Testshire")
    area = membership.area
    from toolkit.accounts import services as account_services

    created = account_services.invitation_create(
        area=area, invited_by=membership.user, email="new@example.org", role="vcs_participant"
    )
    account_services.invitation_revoke(created.invitation)
    page = new_page()

    # When they sign in and follow "Audit log" in the area's navigation by keyboard
    keyboard_sign_in(page, live_server.url, membership.user.email)
    page.goto(f"{live_server.url}/areas/{area.gss_code}/")
    tab_to(page, "el.textContent.trim() === 'Audit log'")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Then they see the sign-in and the invitation changes, and the page has no axe violations
    assert page.url.endswith(f"/areas/{area.gss_code}/audit/")
    table = page.locator("table").inner_text()
    assert "Signed in" in table
    assert "Invitation sent" in table
    assert "Invitation withdrawn" in table
    assert "new@example.org as VCS participant" in table
    assert_accessible(page)

    phone = new_page(viewport=PHONE, javascript=False)
    keyboard_sign_in(phone, live_server.url, membership.user.email)
    phone.goto(f"{live_server.url}/areas/{area.gss_code}/audit/")
    assert_accessible(phone)


def test_timeout_warning_offers_stay_signed_in(live_server, new_page, settings):
    # Given a signed-in person whose session ends in a little over the warning period
    settings.SESSION_IDLE_TIMEOUT = 128
    membership = MembershipFactory(role=Role.COUNCIL_PARTICIPANT)
    page = new_page()
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    keyboard_sign_in(page, live_server.url, membership.user.email)
    page.goto(f"{live_server.url}/account/settings/")

    # When the warning opens (two minutes before), it is a modal dialog with focus inside
    dialog = page.locator("dialog#timeout-warning")
    dialog.wait_for(state="visible", timeout=15_000)
    assert "You’re about to be signed out" in dialog.inner_text()
    assert page.evaluate("document.querySelector('dialog#timeout-warning').matches(':modal')")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    assert dialog.get_by_role("button", name="Sign out").is_visible()
    assert_accessible(page)

    # And Tab and Shift+Tab keep focus inside the dialog
    in_dialog = "document.activeElement.closest('dialog#timeout-warning') !== null"
    for key in ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]:
        page.keyboard.press(key)
        assert page.evaluate(in_dialog), f"focus left the dialog after {key}"

    # And screen readers are not told the time every second (only at whole minutes and 20 s)
    expect(page.locator(".app-timeout-warning__announce")).to_have_text("")

    # And Escape means "Stay signed in": the session is kept alive and the dialog closes
    with page.expect_response(lambda r: r.url.endswith("/security/keep-alive/")) as kept:
        page.keyboard.press("Escape")
    assert kept.value.status == 204
    dialog.wait_for(state="hidden")
    assert page.url.endswith("/account/settings/")

    # And when it opens again, "Stay signed in" by keyboard does the same
    dialog.wait_for(state="visible", timeout=15_000)
    assert page.evaluate(in_dialog)
    with page.expect_response(lambda r: r.url.endswith("/security/keep-alive/")) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 204
    dialog.wait_for(state="hidden")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert not csp_errors, csp_errors
