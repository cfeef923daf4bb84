"""Every page each demo role can reach (and every public page) answers 200 and has exactly one
<h1>. The browser tests run axe over the same set of pages."""

import re

import pytest

from tests.crawl import crawl
from toolkit.accounts.models import User
from toolkit.areas.models import Membership

H1 = re.compile(rb"<h1[\s>]")


def fetch_with(client, bodies):
    def fetch(path):
        response = client.get(path)
        bodies[path] = response.getvalue()  # a download may be streamed
        html = bodies[path].decode() if response["Content-Type"].startswith("text/html") else ""
        return response.status_code, html

    return fetch


def assert_pages_sound(client, start):
    bodies = {}
    pages = crawl(fetch_with(client, bodies), start)
    assert len(pages) > 5
    problems = {path: status for path, status in pages.items() if status not in (200, 302)}
    assert not problems, f"pages that did not answer 200: {problems}"
    for path, status in pages.items():
        if status == 200:
            count = len(H1.findall(bodies[path]))
            assert count == 1, f"{path} has {count} <h1> elements"
    return pages


@pytest.mark.django_db
def test_public_pages_answer_and_have_one_heading(client, reference_data):
    pages = assert_pages_sound(client, ["/", "/framework/", "/account/sign-in/"])
    assert "/framework/principles/" in pages


@pytest.mark.django_db
def test_every_demo_role_reaches_sound_pages(client, demo_area):
    memberships = list(Membership.objects.filter(area__is_demo=True).select_related("area", "user"))
    roles = {m.role for m in memberships}
    assert len(roles) == 5, f"demo area should have every role, has {roles}"
    for role in sorted(roles):
        membership = next(m for m in memberships if m.role == role)
        client.force_login(membership.user)
        pages = assert_pages_sound(client, ["/areas/", f"/areas/{membership.area.gss_code}/"])
        assert f"/areas/{membership.area.gss_code}/organisations/" in pages
        client.logout()


@pytest.mark.django_db
def test_national_analyst_pages_are_sound(client, demo_area):
    analyst = User.objects.get(is_national_analyst=True, memberships__isnull=True)
    client.force_login(analyst)
    assert_pages_sound(client, ["/areas/", "/framework/", "/account/settings/"])


@pytest.mark.django_db
def test_published_progress_page_is_sound_signed_out_and_links_nowhere_private(client, demo_area):
    """The demo's public progress page (docs/adr/0020), crawled without signing in: every page
    it leads to is public, and none is inside an area."""
    start = f"/progress/{demo_area.area.gss_code}/"
    pages = assert_pages_sound(client, [start, "/"])
    assert pages[start] == 200
    assert not [path for path in pages if path.startswith("/areas/")], pages
    html = client.get(start).content.decode()
    assert "Fictional demo data" in html and "The principles over time" in html
