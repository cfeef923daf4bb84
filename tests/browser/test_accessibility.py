"""Zero axe-core violations (WCAG 2.0/2.1/2.2 A and AA rules) on every page the demo roles can
reach (signed in as one role of each group of roles that may open the same pages) and when
signed out, at desktop width with JavaScript and at 320 px without it, where no page may
scroll sideways (WCAG 1.4.10); and on the error state of every form found on those pages."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from tests.crawl import (
    AXE_LIMIT,
    MEMBER_PER_ROUTE,
    MEMBER_WITHIN,
    SIGNED_OUT_START,
    crawl,
    member_start,
    roles_by_access,
    route_of,
)
from toolkit.areas.models import FACILITATOR_ROLES, Membership, Role

from .support import (
    DESKTOP,
    PHONE,
    axe_violations,
    click_and_load,
    describe,
    scripts_ran,
    sideways_overflow,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM_WITH_ERRORS = "main form[method=post][novalidate]"


VOLATILE = re.compile(r'(nonce|value|content)="[^"]*"|csrfmiddlewaretoken')


def markup_key(page, viewport, javascript) -> str:
    """Pages with the same markup give the same axe result: roles that see identical pages
    are checked once. Nonces and token values differ on every load and are ignored."""
    html = VOLATILE.sub("", page.content())
    return hashlib.sha256(f"{viewport['width']}{javascript}{html}".encode()).hexdigest()


class Checker:
    """Loads pages in one browser window and runs axe on each distinct markup; remembers the
    failures and which pages have a form whose error state can be checked."""

    def __init__(self, new_page, base, who, viewport, javascript, cookies=None):
        self.page = new_page(viewport=viewport, javascript=javascript)
        if cookies:
            self.page.context.add_cookies(cookies)
        self.base, self.who = base, who
        self.viewport, self.javascript = viewport, javascript
        self.failures, self.checked, self.with_forms = {}, set(), []

    def check(self, path):
        response = self.page.goto(self.base + path)
        assert scripts_ran(self.page) == self.javascript, (
            f"scripts should be {self.javascript} on {path}"
        )
        if self.viewport == PHONE and (wider := sideways_overflow(self.page)):
            self.failures[f"{self.who} 320px {path}"] = f"the page scrolls sideways by {wider} px"
        if self.page.locator(FORM_WITH_ERRORS).count():
            self.with_forms.append(path)
        key = markup_key(self.page, self.viewport, self.javascript)
        if key not in self.checked:
            self.checked.add(key)
            violations = axe_violations(self.page)
            if violations:
                where = f"{self.who} {self.viewport['width']}px js={self.javascript} {path}"
                self.failures[where] = describe(violations)
        status = response.status if response is not None else 0
        return status, self.page.content() if status == 200 else ""


def crawl_and_check(new_page, base, start_paths, who, cookies=None, **limits):
    """Visit every page reachable from start_paths (tests.crawl.crawl, as the coverage guard
    does) at 1280 px with scripts, running axe as each page loads; then one page of each URL
    pattern among them at 320 px without scripts. Returns the paths, the failures and the pages with forms."""
    desktop = Checker(new_page, base, who, DESKTOP, True, cookies)
    paths = list(crawl(desktop.check, start_paths, limit=AXE_LIMIT, **limits))
    # At 320 px, one page of each URL pattern: the same template reflows the same way, and
    # the second page a desktop crawl visits is for content that differs (ADR 25).
    phone = Checker(new_page, base, who, PHONE, False, cookies)
    for path in {route_of(path): path for path in reversed(paths)}.values():
        phone.check(path)
    return paths, desktop.failures | phone.failures, desktop.with_forms


def form_error_states(new_page, base, paths, cookies):
    """Submit each form that has inputs with everything emptied, and check the error page."""
    failures, checked = {}, 0
    page = new_page(viewport=DESKTOP)
    page.context.add_cookies(cookies)
    for path in paths:
        page.goto(base + path)
        forms = page.locator(FORM_WITH_ERRORS)
        if forms.count() == 0:
            continue
        form = forms.first
        for field in form.locator(
            "input[type=text], input[type=email], input[type=password], textarea"
        ).all():
            field.fill("")
        click_and_load(page, form.locator("button[type=submit]").first)
        if page.locator(".govuk-error-summary").count():
            checked += 1
            violations = axe_violations(page)
            if violations:
                failures[f"error state of {path}"] = describe(violations)
    return failures, checked


def test_signed_out_pages_have_no_axe_violations(live_server, new_page, reference_data):
    # Every public page, whatever its pattern: each framework page has its own content.
    paths, failures, _ = crawl_and_check(
        new_page, live_server.url, SIGNED_OUT_START, "signed out", per_route=AXE_LIMIT
    )
    assert "/framework/principles/" in paths
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


DEMO_ROLES = [role.value for role in Role]
ROLE_GROUPS = roles_by_access()


# One test per group of roles that may open the same pages, so that parallel test workers
# share the crawl (the longest test).
@pytest.mark.parametrize("group", ROLE_GROUPS, ids=lambda group: "+".join(group))
def test_every_demo_role_sees_pages_without_axe_violations(live_server, new_page, demo_area, group):
    role = group[0]
    demo_password = demo_area.logins[0].password
    roles_in_demo = set(
        Membership.objects.filter(area__is_demo=True).values_list("role", flat=True)
    )
    assert roles_in_demo == set(DEMO_ROLES), "the demo area should have every role"
    assert sorted(sum(ROLE_GROUPS, [])) == sorted(DEMO_ROLES)
    membership = (
        Membership.objects.filter(area__is_demo=True, role=role)
        .select_related("user", "area")
        .order_by("pk")
        .first()
    )
    page = new_page()
    sign_in(page, live_server.url, membership.user.email, demo_password)
    cookies = page.context.storage_state()["cookies"]
    paths, failures, with_forms = crawl_and_check(
        new_page,
        live_server.url,
        member_start(membership.area.gss_code),
        role,
        cookies,
        per_route=MEMBER_PER_ROUTE,
        within=MEMBER_WITHIN,
    )
    assert len(paths) > 5
    found, forms_checked = form_error_states(new_page, live_server.url, with_forms, cookies)
    failures |= found
    if role in FACILITATOR_ROLES:
        assert forms_checked >= 1, "expected to check the error state of a facilitator's form"
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_form_error_states_signed_out(live_server, new_page, reference_data):
    page = new_page()
    for path in ["/account/sign-in/", "/account/password-reset/"]:
        page.goto(live_server.url + path)
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator(".govuk-error-summary"), path).to_have_count(1)
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
                click_and_load(page, page.get_by_role("button", name=button))
            assert page.locator("h1").all_inner_texts() == [heading]
            violations = axe_violations(page)
            assert not violations, describe(violations)
    finally:
        cache.clear()
