"""Page weight: every page type of the demo area sends at most 150 KB compressed (the page and
the assets it loads) and at most 50 KB of JavaScript, and asks no other site for anything.
The large area's pages are held to the same budget by tests/scale/test_large_area.py."""

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders

from tests.crawl import crawl, route_of
from toolkit.areas.models import Membership, Role

PAGE_BUDGET = 150 * 1024
SCRIPT_BUDGET = 50 * 1024
ASSET = re.compile(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]+)"', re.I)
# Static imports and dynamic import() of other modules, in built (possibly minified) scripts.
MODULE_IMPORT = re.compile(rb"""(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+\.m?js)["']""")


def imported_modules(url: str, body: bytes, seen: set[str], read=None) -> list[tuple[str, bytes]]:
    """Every script module `url` can load, directly or through other modules."""
    read = read or asset_bytes
    found = []
    for name in MODULE_IMPORT.findall(body):
        module = urljoin(url, name.decode())
        if module not in seen:
            seen.add(module)
            module_body = read(module)
            found += [(module, module_body), *imported_modules(module, module_body, seen, read)]
    return found


def asset_bytes(url: str) -> bytes:
    path = urlsplit(url).path.removeprefix("/static/")
    found = finders.find(path)
    assert found, f"asset {url} is not a static file of this service"
    with open(found, "rb") as handle:
        return handle.read()


def page_weight(path: str, html: str) -> tuple[int, int]:
    """(bytes sent compressed: the page and every asset it loads, bytes of JavaScript)."""
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
                for _module, module_body in imported_modules(url, body, seen=set()):
                    scripts += len(module_body)
                    total += len(gzip.compress(module_body))
    return total, scripts


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
        total, scripts = page_weight(path, html)
        assert total <= PAGE_BUDGET, f"{route} ({path}) sends {total} bytes compressed"
        assert scripts <= SCRIPT_BUDGET, f"{route} ({path}) sends {scripts} bytes of JavaScript"


def test_imported_modules_are_followed_to_the_end():
    """The budget counts what a script can load: a module importing another is counted with
    it (the built bundle has no imports; this keeps the guard honest if that changes)."""
    bodies = {
        "/static/js/a.mjs": b'import{x}from"./b.mjs";import("./c.js")',
        "/static/js/b.mjs": b'import "./c.js"',
        "/static/js/c.js": b"",
    }
    a = bodies["/static/js/a.mjs"]
    found = imported_modules("/static/js/a.mjs", a, seen=set(), read=bodies.__getitem__)
    assert sorted(name for name, _ in found) == ["/static/js/b.mjs", "/static/js/c.js"]


def test_every_govuk_component_a_template_uses_is_in_the_bundle():
    """app.mjs bundles only the GOV.UK Frontend components it imports; a template using another
    would silently lose its enhancement."""
    root = Path(__file__).resolve().parents[2]
    used = set()
    for template in (root / "toolkit").rglob("templates/**/*.html"):
        used |= set(re.findall(r'data-module="govuk-([a-z-]+)"', template.read_text()))
    app = (root / "frontend" / "js" / "app.mjs").read_text()
    imported = re.search(r"import \{([^}]+)\} from \"govuk-frontend\"", app).group(1)
    bundled = {
        re.sub(r"(?<!^)([A-Z])", r"-\1", name.strip()).lower()
        for name in imported.split(",")
        if name.strip() and name.strip() != "createAll"
    }
    assert used, "expected templates to use GOV.UK components"
    assert used <= bundled, f"add to frontend/js/app.mjs: {sorted(used - bundled)}"
