"""Zero axe violations on every evidence page (with real imported data), at desktop width
with JavaScript and at 320 px without, and on the error states of its forms. Uses the
project's browser fixtures (real Chromium + axe-core); never skipped."""

import datetime as dt

import pytest

from tests.browser.support import DESKTOP, PHONE, axe_violations, describe, sign_in
from tests.crawl import links_in
from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.actions.tests.factories import ReviewGrantFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.evidence.services import import_paths

from .conftest import CONTRACTS_FINDER, TRAFFORD_CHARITIES, TRAFFORD_GRANTS_CSV, shared

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def evidence_paths(page, base, start):
    seen, queue = [], [start]
    while queue and len(seen) < 40:
        path = queue.pop(0)
        if path in seen:
            continue
        page.goto(base + path)
        seen.append(path)
        for link in links_in(page.content(), "http://testserver" + path):
            bare = link.split("?")[0]
            if "/evidence/" not in bare or link in seen or link in queue:
                continue
            if "?" in link and any(p.split("?")[0] == bare for p in seen):
                continue
            queue.append(link)
    return seen


def test_evidence_pages_have_no_axe_violations(live_server, new_page, trafford):
    import_paths("charities", trafford, [shared(TRAFFORD_CHARITIES)])
    import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_CSV)])
    import_paths("contracts", trafford, [shared(CONTRACTS_FINDER)])  # rejected: in the ledger
    failures = {}
    for role in (Role.FACILITATOR_VCS, Role.PEER_REVIEWER):
        ends_on = dt.date.today() + dt.timedelta(days=9) if role == Role.PEER_REVIEWER else None
        user = MembershipFactory(area=trafford, role=role, ends_on=ends_on).user
        if role == Role.PEER_REVIEWER:  # a reviewer reads what their grant names
            ReviewGrantFactory(
                area=trafford, email=user.email, scopes=["evidence"], ends_on=ends_on
            )
        page = new_page()
        sign_in(page, live_server.url, user.email, TEST_PASSWORD)
        state = page.context.storage_state()
        paths = evidence_paths(page, live_server.url, f"/areas/{trafford.gss_code}/evidence/")
        assert len(paths) >= 5, paths
        for viewport, javascript in ((DESKTOP, True), (PHONE, False)):
            checker = new_page(viewport=viewport, javascript=javascript)
            checker.context.add_cookies(state["cookies"])
            for path in paths:
                checker.goto(live_server.url + path)
                violations = axe_violations(checker)
                if violations:
                    failures[f"{role} {viewport['width']} {path}"] = describe(violations)
        if role == Role.FACILITATOR_VCS:
            for form_path in ("value/", "imports/"):
                page.goto(f"{live_server.url}/areas/{trafford.gss_code}/evidence/{form_path}")
                page.locator("main form[novalidate] button[type=submit]").first.click()
                page.wait_for_load_state()
                assert page.locator(".govuk-error-summary").count() == 1, form_path
                violations = axe_violations(page)
                if violations:
                    failures[f"error state {form_path}"] = describe(violations)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
