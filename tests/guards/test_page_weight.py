"""Page weight: every page type of the demo area sends at most 150 KB compressed (the page and
the assets it loads) and at most 50 KB of JavaScript, and asks no other site for anything."""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders

from tests.crawl import crawl, route_of
from toolkit.areas.models import Membership, Role

PAGE_BUDGET = 150 * 1024
SCRIPT_BUDGET = 50 * 1024
IMPORTED_MODULES = ["/static/js/govuk-frontend.min.js", "/static/js/timeout-warning.mjs"]
ASSET = re.compile(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]+)"', re.I)


def asset_bytes(url: str) -> bytes:
    path = urlsplit(url).path.removeprefix("/static/")
    found = finders.find(path)
    assert found, f"asset {url} is not a static file of this service"
    with open(found, "rb") as handle:
        return handle.read()


@pytest.mark.django_db
def test_every_page_type_is_light_and_self_contained(client, demo_area):
    facilitator = Membership.objects.filter(
        area__is_demo=True, role=Role.FACILITATOR_COUNCIL
    ).first()
    client.force_login(facilitator.user)
    pages = {}

    def fetch(path):
        response = client.get(path)
        html = ""
        if response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            pages.setdefault(route_of(path), (path, html))
        return response.status_code, html

    crawl(fetch, [f"/areas/{facilitator.area.gss_code}/", "/framework/"], per_route=1)
    assert len(pages) > 20
    for route, (path, html) in pages.items():
        total = len(gzip.compress(html.encode()))
        scripts = 0
        for url in set(ASSET.findall(html)):
            parts = urlsplit(url)
            assert not parts.netloc, f"{path} loads {url} from another site"
            if parts.path.startswith("/static/"):
                body = asset_bytes(url)
                total += len(gzip.compress(body))
                if parts.path.endswith((".js", ".mjs")):
                    scripts += len(body)
        # app.mjs imports the other modules: count every script module it can load.
        for module in IMPORTED_MODULES:
            body = asset_bytes(module)
            scripts += len(body)
            total += len(gzip.compress(body))
        assert total <= PAGE_BUDGET, f"{route} ({path}) sends {total} bytes compressed"
        assert scripts <= SCRIPT_BUDGET, f"{route} ({path}) sends {scripts} bytes of JavaScript"
