"""Zero axe-core violations (WCAG 2.0/2.1/2.2 A and AA rules) on every page each demo role can
reach and when signed out, at desktop width with JavaScript and at 320 px without it, where no
page may scroll sideways (WCAG 1.4.10); and on the error state of every form found on those
pages."""

import hashlib
import re
from collections import Counter

import pytest

from tests.crawl import links_in, route_of
from toolkit.areas.models import FACILITATOR_ROLES, Membership, Role

from .support import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe,
    scripts_ran,
    sideways_overflow,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 250


def browse_all(page, base, start_paths, within=("/",), per_route=2):
    """Visit every page reachable from start_paths whose path starts with one of `within`,
    at most `per_route` pages of any one URL pattern."""
    seen, queue = [], list(start_paths)
    per_route_count = Counter()
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        route = route_of(path)
        if per_route_count[route] >= per_route:
            continue
        per_route_count[route] += 1
        response = page.goto(base + path)
        seen.append(path)
        if response is None or response.status != 200:
            continue
        for link in links_in(page.content(), "http://testserver" + path):
            bare = link.split("?")[0]
            if "?" in link and any(p.split("?")[0] == bare for p in seen):
                continue
            if link not in seen and link not in queue and link.startswith(within):
                queue.append(link)
    return seen


VOLATILE = re.compile(r'(nonce|value|content)="[^"]*"|csrfmiddlewaretoken')


def markup_key(page, viewport, javascript) -> str:
    """Pages with the same markup give the same axe result: roles that see identical pages
    are checked once. Nonces and token values differ on every load and are ignored."""
    html = VOLATILE.sub("", page.content())
    return hashlib.sha256(f"{viewport['width']}{javascript}{html}".encode()).hexdigest()


def check_pages(new_page, base, paths, who, storage_state=None, checked=None):
    failures = {}
    checked = set() if checked is None else checked
    for viewport, javascript in ((DESKTOP, True), (PHONE, False)):
        page = new_page(viewport=viewport, javascript=javascript)
        if storage_state:
            page.context.add_cookies(storage_state["cookies"])
        for path in paths:
            page.goto(base + path)
            assert scripts_ran(page) == javascript, f"scripts should be {javascript} on {path}"
            if viewport == PHONE and (wider := sideways_overflow(page)):
                failures[f"{who} 320px {path}"] = f"the page scrolls sideways by {wider} px"
            key = markup_key(page, viewport, javascript)
            if key in checked:
                continue
            checked.add(key)
            violations = axe_violations(page)
            if violations:
                failures[f"{who} {viewport['width']}px js={javascript} {path}"] = describe(
                    violations
                )
    return failures


def form_error_states(new_page, base, paths, storage_state):
    """Submit each form that has inputs with everything emptied, and check the error page."""
    failures, checked = {}, 0
    page = new_page(viewport=DESKTOP)
    page.context.add_cookies(storage_state["cookies"])
    for path in paths:
        page.goto(base + path)
        forms = page.locator("main form[method=post][novalidate]")
        if forms.count() == 0:
            continue
        form = forms.first
        for field in form.locator(
            "input[type=text], input[type=email], input[type=password], textarea"
        ).all():
            field.fill("")
        form.locator("button[type=submit]").first.click()
        page.wait_for_load_state()
        if page.locator(".govuk-error-summary").count():
            checked += 1
            violations = axe_violations(page)
            if violations:
                failures[f"error state of {path}"] = describe(violations)
    return failures, checked


def test_signed_out_pages_have_no_axe_violations(live_server, new_page, reference_data):
    page = new_page()
    # Every public page, whatever its pattern: each framework page has its own content.
    paths = browse_all(
        page, live_server.url, ["/", "/framework/", "/account/sign-in/"], per_route=LIMIT
    )
    assert "/framework/principles/" in paths
    failures = check_pages(new_page, live_server.url, paths, "signed out")
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


DEMO_ROLES = [role.value for role in Role]


# One test per role, so that parallel test workers share the crawl (the longest test).
@pytest.mark.parametrize("role", DEMO_ROLES)
def test_every_demo_role_sees_pages_without_axe_violations(live_server, new_page, demo_area, role):
    demo_password = demo_area.logins[0].password
    roles_in_demo = set(
        Membership.objects.filter(area__is_demo=True).values_list("role", flat=True)
    )
    assert roles_in_demo == set(DEMO_ROLES), "the demo area should have every role"
    membership = (
        Membership.objects.filter(area__is_demo=True, role=role)
        .select_related("user", "area")
        .order_by("pk")
        .first()
    )
    page = new_page()
    sign_in(page, live_server.url, membership.user.email, demo_password)
    state = page.context.storage_state()
    # The public framework pages are covered signed out; signed in, check the area's pages,
    # the respondent pages and the account, plus one framework page for the signed-in header.
    paths = browse_all(
        page,
        live_server.url,
        [f"/areas/{membership.area.gss_code}/", "/account/settings/", "/framework/"],
        within=("/areas/", "/account/", "/respond/", "/security/"),
    )
    failures = check_pages(new_page, live_server.url, paths, role, state)
    found, forms_checked = form_error_states(new_page, live_server.url, paths, state)
    failures |= found
    if role in FACILITATOR_ROLES:
        assert forms_checked >= 1, "expected to check the error state of a facilitator's form"
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_form_error_states_signed_out(live_server, new_page, reference_data):
    page = new_page()
    for path in ["/account/sign-in/", "/account/password-reset/"]:
        page.goto(live_server.url + path)
        page.locator("main form button[type=submit]").first.click()
        assert page.locator(".govuk-error-summary").count() == 1, path
        violations = axe_violations(page)
        assert not violations, describe(violations)


RATE_LIMITED_PAGES = {
    # setting: (form page, fields to fill, button, the 429 page's heading)
    "SIGN_IN_RATE_LIMIT": (
        "/account/sign-in/",
        {"Email address": "someone@example.org", "Password": "not-the-password"},
        "Sign in",
        "Too many attempts to sign in from your network",
    ),
    "PASSWORD_RESET_RATE_LIMIT": (
        "/account/password-reset/",
        {"Email address": "someone@example.org"},
        "Send the link",
        "Too many password reset requests from your network",
    ),
}


@pytest.mark.parametrize("setting", RATE_LIMITED_PAGES)
def test_rate_limited_pages(live_server, new_page, reference_data, settings, setting, rate_clock):
    """The 429 pages for too many sign-in or password-reset attempts from one address."""
    from django.core.cache import cache

    path, fields, button, heading = RATE_LIMITED_PAGES[setting]
    setattr(settings, setting, "1/300")
    try:
        for viewport, javascript in ((DESKTOP, True), (PHONE, False)):
            cache.clear()
            page = new_page(viewport=viewport, javascript=javascript)
            for _ in range(2):
                page.goto(live_server.url + path)
                for label, value in fields.items():
                    page.get_by_label(label, exact=True).fill(value)
                page.get_by_role("button", name=button).click()
                page.wait_for_load_state()
            assert page.locator("h1").all_inner_texts() == [heading]
            violations = axe_violations(page)
            assert not violations, describe(violations)
    finally:
        cache.clear()
