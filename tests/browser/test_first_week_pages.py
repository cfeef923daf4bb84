"""The pages a council's first week changed, in a real browser at 375 px and 1280 px with
axe: the links page's copy button and one-step replacement of a lost link, the copy button on
a respondent's "carry on later" link, the invite form refusing past its rate limit, the
accept page and people list with roles in words, and the relationship form coming back when
someone else saved first."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from toolkit.accounts.services import invitation_create
from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.framework.testing import load_framework_for_tests
from toolkit.rounds import services
from toolkit.rounds.models import AssessmentKind, LinkKind, RoundStatus
from toolkit.rounds.tests.factories import RoundFactory

from .support import DESKTOP, axe_violations, describe, scripts_ran, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}
WIDTHS = ((DESKTOP, True), (PHONE_375, False))


@pytest.fixture
def facilitator(transactional_db):
    load_framework_for_tests()
    area = AreaFactory(name="Calderdale (test)")
    return MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)


def signed_in_page(new_page, live_server, membership, viewport, javascript):
    page = new_page(viewport=viewport, javascript=javascript)
    sign_in(page, live_server.url, membership.user.email, TEST_PASSWORD)
    return page


def no_axe_violations(page, what):
    violations = axe_violations(page)
    assert not violations, f"{what}: {describe(violations)}"


def test_links_page_copy_button_and_replacing_a_lost_link(live_server, new_page, facilitator):
    round_ = RoundFactory(area=facilitator.area)
    url = live_server.url + reverse(
        "rounds:links", args=[facilitator.area.gss_code, round_.public_id]
    )
    for viewport, javascript in WIDTHS:
        page = signed_in_page(new_page, live_server, facilitator, viewport, javascript)
        if javascript:
            page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(url)
        page.get_by_label("Council", exact=True).check()
        page.get_by_label("Personal link: for one person, works once").check()
        page.get_by_label("Note for facilitators (optional)").fill(f"Lost {viewport['width']}")
        page.get_by_role("button", name="Make link").click()
        box = page.locator("#new-link")
        first = box.input_value()
        assert "/respond/" in first
        assert scripts_ran(page) is javascript
        copy = page.get_by_role("button", name="Copy link")
        if javascript:
            copy.click()
            expect(page.get_by_role("status")).to_have_text(re.compile(r"^Link copied"))
            assert page.evaluate("navigator.clipboard.readText()") == first
        else:
            # Without scripts: no button, and the link is there to select and copy by hand.
            assert copy.count() == 0
            assert box.get_attribute("readonly") is not None
        no_axe_violations(page, f"links page with a new link at {viewport['width']}px")
        # The links table scrolls inside its own box; the page does not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

        # The link is lost: replace it in one step.
        row = page.locator("tr", has_text=f"Lost {viewport['width']}")
        row.get_by_role("button", name=re.compile(r"^Replace personal link")).click()
        assert "the one it replaces no longer works" in page.locator(".govuk-panel").inner_text()
        second = page.locator("#new-link").input_value()
        assert second != first and "/respond/" in second
        no_axe_violations(page, f"links page after replacing at {viewport['width']}px")
        with pytest.raises(services.RoundError):
            services.respondent_link_for_token(first.rstrip("/").rsplit("/", 1)[1])
        services.respondent_link_for_token(second.rstrip("/").rsplit("/", 1)[1])
        for link in round_.links.filter(revoked_at__isnull=True):
            services.respondent_link_revoke(link)  # the next width starts with no live link


def test_carry_on_later_link_has_a_copy_button(live_server, new_page):
    load_framework_for_tests()
    round_ = RoundFactory(assessment=AssessmentKind.QUICK, status=RoundStatus.OPEN)
    link = services.respondent_link_create(round_=round_, side="vcs", kind=LinkKind.SIDE, size=10)
    for viewport, javascript in WIDTHS:
        page = new_page(viewport=viewport, javascript=javascript)
        page.goto(f"{live_server.url}/respond/{link.token}/")
        page.locator("main form button[type=submit]").click()
        resume_token = page.url.split("/respond/answers/")[1].split("/")[0]
        page.goto(live_server.url + reverse("respond:saved", args=[resume_token]))
        box = page.locator("#resume-link")
        assert "/respond/answers/" in box.input_value()
        assert page.get_by_role("button", name="Copy link").count() == (1 if javascript else 0)
        no_axe_violations(page, f"answers saved page at {viewport['width']}px")


def test_invite_refused_past_the_limit_and_roles_in_words(
    live_server, new_page, facilitator, settings, rate_clock
):
    settings.INVITATION_RATE_LIMIT = "1/3600"
    code = facilitator.area.gss_code
    for viewport, javascript in WIDTHS:
        cache.clear()
        page = signed_in_page(new_page, live_server, facilitator, viewport, javascript)
        for n in range(2):
            page.goto(live_server.url + reverse("people:invite", args=[code]))
            page.get_by_label("Email address").fill(f"p{viewport['width']}-{n}@example.org")
            page.get_by_label("Facilitator (VCS side)").check()
            page.get_by_role("button", name="Send invitation").click()
        summary = page.locator(".govuk-error-summary").inner_text()
        assert "You have sent 1 invitation in an hour" in summary
        no_axe_violations(page, f"invite form past its limit at {viewport['width']}px")

        page.goto(live_server.url + reverse("people:list", args=[code]))
        pending = page.locator("tr", has_text=f"p{viewport['width']}-0@example.org")
        assert "Facilitator (VCS side)" in pending.inner_text()
        no_axe_violations(page, f"people page at {viewport['width']}px")

    created = invitation_create(
        area=facilitator.area, invited_by=None, email="new@example.org", role=Role.VCS_PARTICIPANT
    )
    path = created.link.split("://", 1)[1].split("/", 1)[1]
    for viewport, javascript in WIDTHS:
        page = new_page(viewport=viewport, javascript=javascript)
        page.goto(f"{live_server.url}/{path}")
        assert "You have been invited as: VCS participant." in page.locator("main").inner_text()
        no_axe_violations(page, f"accept page at {viewport['width']}px")


def test_relationship_form_comes_back_when_someone_else_saved_first(
    live_server, new_page, facilitator
):
    from toolkit.register import services as register
    from toolkit.register.tests.factories import RelationshipFactory

    relationship = RelationshipFactory(area=facilitator.area, title="Partnership board")
    edit = live_server.url + reverse(
        "register:edit", args=[facilitator.area.gss_code, relationship.public_id]
    )
    for viewport, javascript in WIDTHS:
        page = signed_in_page(new_page, live_server, facilitator, viewport, javascript)
        page.goto(edit)
        page.get_by_label("Name of the relationship").fill(f"Mine {viewport['width']}")
        # Meanwhile a colleague saves.
        data = register.relationship_data(relationship)
        data.title = f"Theirs {viewport['width']}"
        register.relationship_update(relationship, data)
        page.get_by_role("button", name="Save relationship").click()
        summary = page.locator(".govuk-error-summary").inner_text()
        assert "saved changes to this relationship at" in summary
        assert page.get_by_label("Name of the relationship").input_value() == (
            f"Mine {viewport['width']}"
        )
        no_axe_violations(page, f"relationship form after a conflict at {viewport['width']}px")
