"""Comparison groups on an area's benchmark page (issue 18, item 5), zero axe violations at
375 px without scripts and at 1280 px with them: groups with the area's scores, a group too
small to show, and the note that there is no published list of nearest neighbours."""

import pytest
from django.utils import timezone

from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.benchmark import selectors
from toolkit.benchmark.models import BenchmarkParticipation
from toolkit.benchmark.tests.test_benchmark import record
from toolkit.framework.testing import load_framework_for_tests
from toolkit.places.tests.factories import LocalAuthorityFactory

from .support import DESKTOP, axe_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}


def _area(region):
    return AreaFactory(gss_code=LocalAuthorityFactory(region=region).gss_code)


@pytest.mark.parametrize(
    "viewport, javascript", [(PHONE_375, False), (DESKTOP, True)], ids=["375-no-js", "1280-js"]
)
def test_benchmark_page_with_comparison_groups(
    live_server, new_page, monkeypatch, viewport, javascript
):
    load_framework_for_tests()
    membership = MembershipFactory(area=_area("North West"), role=Role.FACILITATOR_COUNCIL)
    BenchmarkParticipation.objects.create(area=membership.area)
    others = [_area("London") for _ in range(12)] + [_area("North West") for _ in range(3)]
    for i, other in enumerate(others):
        BenchmarkParticipation.objects.create(
            area=other,
            record=selectors.record_to_json(record(other.pk, score=f"3.{i % 10}")),
            record_computed_at=timezone.now(),
        )
    monkeypatch.setattr(selectors, "area_record", lambda area: record(area.pk, score="2.0"))

    page = new_page(viewport=viewport, javascript=javascript)
    sign_in(page, live_server.url, membership.user.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/areas/{membership.area.gss_code}/benchmark/")
    text = page.locator("main").inner_text()
    assert "Unitary authorities in the same region (North West)" in text
    assert "Fewer than 10 areas in this group take part, so it is not shown." in text
    assert "no published list of nearest neighbours" in text
    assert page.locator("table").count() == 2  # all areas and unitary authorities
    violations = axe_violations(page)
    assert not violations, describe(violations)
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not wide, "the page scrolls sideways"
