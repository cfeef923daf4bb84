"""Follow every same-site link a signed-in person can reach, for the guard and accessibility
tests. Links that change state are POST forms in this service, so following GET links is safe;
sign-out and downloads are skipped."""

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

SKIP_PREFIXES = ("/static/", "/media/", "/account/sign-out/", "/admin/")
SKIP_SUFFIXES = (".csv", ".xlsx", ".pdf", ".docx", ".json", ".zip", ".graphml", ".gexf")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links_in(html: str, base: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    found = []
    for href in parser.links:
        url, _ = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or (
            parts.netloc and parts.netloc != urlsplit(base).netloc
        ):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            continue
        found.append(path)
    return found


def route_of(path: str) -> str:
    """The URL pattern a path belongs to (pages of one pattern share one template)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return path
    return match.view_name


def crawl(fetch, start_paths, limit=400, per_route=3, within=("/",)):
    """`fetch(path) -> (status, html)`; returns {path: status} for every reachable page whose
    path starts with one of `within`, visiting at most `per_route` pages of any one URL pattern
    (the 2nd and 3rd catch pages whose content differs, such as a detail page with and without
    optional data)."""
    seen = {}
    per_route_count = Counter()
    queue = deque(start_paths)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        route = route_of(path)
        if per_route_count[route] >= per_route:
            continue
        per_route_count[route] += 1
        status, html = fetch(path)
        seen[path] = status
        if status == 200 and html:
            for link in links_in(html, "http://testserver" + path):
                # Filtered list pages: follow one query variant per page, not every filter.
                if "?" in link and link.split("?")[0] in {p.split("?")[0] for p in seen}:
                    continue
                if link not in seen and link.startswith(within):
                    queue.append(link)
    return seen


# The accessibility crawl (tests/browser/test_accessibility.py) and its coverage guard
# (tests/guards/test_axe_coverage.py) start from the same pages with the same limits.
AXE_LIMIT = 250
SIGNED_OUT_START = ["/", "/framework/", "/account/sign-in/"]
# Signed in: the area's pages, the respondent pages and the account, plus one framework page
# for the signed-in header (the public framework pages are covered signed out).
MEMBER_WITHIN = ("/areas/", "/account/", "/respond/", "/security/")
MEMBER_PER_ROUTE = 2


def member_start(area_code: str) -> list[str]:
    return [f"/areas/{area_code}/", "/account/settings/", "/framework/"]


def roles_by_access() -> list[list[str]]:
    """The area roles grouped by the area pages they may open (each URL pattern's roles in
    `area_view`): roles of one group see the same pages, so the accessibility crawl signs in
    as the first of each group only. A peer reviewer's parts (scopes) come from the grant."""
    from tests.guards.urlconf import routes
    from toolkit.areas.models import Role

    groups: dict[frozenset, list[str]] = {}
    for role in Role:
        opens = frozenset(
            route.name
            for route in routes()
            if route.is_area_scoped and role in getattr(route.callback, "area_roles", ())
        )
        groups.setdefault(opens, []).append(role.value)
    return list(groups.values())
