"""Zero axe-core violations on pages the role crawler cannot reach by following links: the
national benchmark (for an analyst, with enough areas for every table to show), the API's
browsable docs, an API token shown once after creating it, and an area scheduled for
deletion and then recovered."""

import pytest

from toolkit.areas.models import Membership, Role
from toolkit.areas.tests.factories import AreaFactory
from toolkit.benchmark import selectors
from toolkit.benchmark.models import BenchmarkParticipation
from toolkit.benchmark.tests.test_benchmark import record

from .support import DESKTOP, PHONE, axe_violations, click_and_load, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def axe_at_both_widths(new_page, base, paths, state):
    failures = {}
    for viewport, javascript in ((DESKTOP, True), (PHONE, False)):
        page = new_page(viewport=viewport, javascript=javascript)
        page.context.add_cookies(state["cookies"])
        for path in paths:
            response = page.goto(base + path)
            assert response.status == 200, path
            violations = axe_violations(page)
            if violations:
                failures[f"{viewport['width']}px {path}"] = describe(violations)
    return failures


def test_national_benchmark_and_api_docs_pages(live_server, new_page, demo_area):
    for i in range(12):  # enough areas of one kind for every national table to show figures
        area = AreaFactory()
        stored = record(area.pk, score=f"3.{i % 10}", barrier=12, types={"shaping": 12})
        BenchmarkParticipation.objects.create(
            area=area, record=selectors.record_to_json(stored), record_computed_at=area.created_at
        )
    analyst = next(login for login in demo_area.logins if "analyst" in login.role_label.lower())
    page = new_page()
    sign_in(page, live_server.url, analyst.email, analyst.password)
    page.goto(live_server.url + "/national/")
    assert page.locator("table").count() >= 5, "the national tables should show"
    state = page.context.storage_state()

    paths = ["/national/", "/national/?kind=unitary", "/national/?kind=county", "/api/v1/docs/"]
    failures = axe_at_both_widths(new_page, live_server.url, paths, state)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_token_shown_once_and_area_deletion_pages(live_server, new_page, demo_area):
    membership = (
        Membership.objects.filter(area=demo_area.area, role=Role.FACILITATOR_COUNCIL)
        .select_related("user")
        .first()
    )
    page = new_page()
    sign_in(page, live_server.url, membership.user.email, demo_area.logins[0].password)

    page.goto(live_server.url + "/account/api-tokens/new/")
    page.get_by_label("Name").fill("Board dashboard")
    page.get_by_label("Read only").check()
    click_and_load(page, page.locator("main form button[type=submit]"))
    assert page.get_by_text("vcst_").count() >= 1, "the new token should be shown once"
    violations = axe_violations(page)
    assert not violations, "token shown once: " + describe(violations)

    code = demo_area.area.gss_code
    page.goto(f"{live_server.url}/areas/{code}/data/delete/")
    page.get_by_label("Type the area's name to confirm").fill(demo_area.area.name)
    page.get_by_role("button", name="Delete the area").click()
    page.wait_for_url(f"**/areas/{code}/data/")
    assert page.get_by_role("button", name="Cancel the deletion").count() == 1
    violations = axe_violations(page)
    assert not violations, "area scheduled for deletion: " + describe(violations)

    click_and_load(page, page.get_by_role("button", name="Cancel the deletion"))
    assert page.get_by_role("button", name="Cancel the deletion").count() == 0
    violations = axe_violations(page)
    assert not violations, "deletion cancelled: " + describe(violations)
