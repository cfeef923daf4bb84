"""Issue 9's "large area": every page and download of an area with 500 organisations, 1,000
relationships, 5,000 ratings, 2,000 responses, 20,000 grants and 200 actions runs a bounded
number of queries, and the same number as for a small area (10 organisations, 20 grants):
no query per row; and every page of the large area a facilitator can reach, lists and forms
of every organisation or relationship included, is within the page-weight budget. Response
times are measured in bench/large_area.py, not here.

One test, so that the two areas are built once (about 15 s, longer on a loaded machine) and
on one xdist worker."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.crawl import crawl, route_of
from tests.guards.test_page_weight import PAGE_BUDGET, SCRIPT_BUDGET, page_weight
from toolkit.evidence.models import Grant
from toolkit.mapping.models import Rating
from toolkit.rounds.models import Response

from .bulk import LARGE, SMALL, build_large_area
from .pages import LABELS, path_for

pytestmark = pytest.mark.django_db

# The most queries each page may run besides the session's: the count measured at both
# sizes. The request is checked with django_assert_max_num_queries at this plus 4 for the
# session: reading it, and the idle-timeout middleware's occasional refresh (SAVEPOINT,
# UPDATE, RELEASE). Register pages and downloads read each relationship's leads and each
# side's own judgement (one or two queries each, whatever the size); the value calculator
# lists the calculations kept and the relationships to keep one against (and counts them, to
# know whether the list needs the picker: core.long_lists); the backup holds
# the tables added since (reminders, progress, paper, calculations).
QUERIES = {
    "dashboard": 6,  # with the rounds waiting for the member (rounds.selectors.rounds_waiting_for)
    "organisations": 4,  # with the page's count
    "register": 10,
    "register filtered, page 2": 10,
    "relationship": 13,
    "new relationship": 7,
    "register.csv": 13,
    "register.xlsx": 13,
    "mapping: map": 10,  # with the targets drawn, and those standing from earlier rounds
    "principles: profile": 4,
    "principles: gaps": 4,
    "principles: barriers": 4,
    "principles: comments": 5,
    "principles: profile.csv": 5,
    "evidence": 3,
    "asset map": 7,
    "asset map, page 3": 7,
    "asset map filtered": 10,
    "organisation evidence": 7,
    "funding equity": 8,
    "funding equity, one department": 5,
    "value calculator": 5,
    "import ledger": 3,
    "import run": 3,
    "unmatched recipients": 6,
    "action plan": 12,
    "plan history": 4,  # with the page's count
    "action": 7,
    "lead members' summary": 18,
    "data: all.xlsx": 32,
    "data: register.csv": 13,
    "data: principles.csv": 6,
    "data: mapping.csv": 10,
    "data: plan.csv": 9,
    "data: dictionary.csv": 8,  # the datasets described without their rows (ADR 27)
    "backup.zip": 44,
}
SESSION = 4


def _housekeeping(sql: str) -> bool:
    """Session writes (the idle-timeout middleware refreshes the session now and then) are
    not the page's queries."""
    return "django_session" in sql or "SAVEPOINT" in sql


def _client(built) -> Client:
    client = Client()
    client.force_login(built.facilitator)
    return client


def _count(client, path, captured=None, pages=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as own:
        response = client.get(path)
        # A streamed download is written as it is read: its queries count too.
        body = response.getvalue()
    assert response.status_code == 200, (path, response.status_code)
    if pages is not None and response.get("Content-Type", "").startswith("text/html"):
        pages[path] = body.decode()
    sql = [q["sql"] for q in (captured or own) if not _housekeeping(q["sql"])]
    return len(sql), sql


def _crawl_pages(client, built, pages) -> None:
    """Adds to `pages` one page of each URL pattern of the area that `client` reaches from the
    area's dashboard, besides those already in it."""
    within = f"/areas/{built.area.gss_code}/"

    def fetch(path):
        if path in pages:
            return 200, pages[path]
        response = client.get(path)
        html = ""
        if response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            pages[path] = html
        return response.status_code, html

    crawl(fetch, [within], per_route=1, within=(within,))


def test_every_page_and_download_runs_the_same_bounded_number_of_queries_at_any_size(
    django_assert_max_num_queries,
):
    assert set(QUERIES) == set(LABELS)
    small = build_large_area(gss_code="E90000901", **SMALL)
    large = build_large_area(gss_code="E90000902", **LARGE)
    area = large.area
    assert area.organisations.filter(kind="vcs").count() == 500
    assert area.relationships.count() == 1000
    assert Rating.objects.filter(response__round=large.mapping_round).count() == 5000
    assert Response.objects.filter(round=large.principles_round).count() == 2000
    assert Grant.objects.filter(area=area).count() == 20000

    small_client, large_client = _client(small), _client(large)
    counts, problems, pages = {}, [], {}
    for label in LABELS:
        small_path = path_for(label, small)
        small_client.get(small_path)  # warm the per-process framework content caches
        small_count, small_sql = _count(small_client, small_path)
        large_path = path_for(label, large)
        with django_assert_max_num_queries(QUERIES[label] + SESSION, info=label) as captured:
            large_count, large_sql = _count(large_client, large_path, captured, pages)
        counts[label] = (small_count, large_count)
        if large_count != small_count:
            problems.append(
                "\n".join(
                    [f"{label}: {small_count} queries small, {large_count} large:", *large_sql]
                )
            )
        elif large_count > QUERIES[label]:
            problems.append(f"{label}: {large_count} queries, more than {QUERIES[label]}")
    # Long lists come a page at a time (GOV.UK pagination).
    for label in ("organisations", "mapping: map", "action plan", "plan history"):
        assert 'class="govuk-pagination"' in pages[path_for(label, large)], label
    # Every page of the large area is as light as the demo's (tests/guards/test_page_weight):
    # those above, and one of each other page the facilitator can reach by following links.
    assert len(pages) > 20
    _crawl_pages(large_client, large, pages)
    routes = {route_of(path): html for path, html in pages.items()}
    assert 'class="govuk-pagination"' in routes["mapping:spatial"], "its table of 1,000"
    assert {"register:edit", "mapping:spatial", "actions:action-edit"} <= set(routes)
    assert len(routes) > 50
    for path, html in pages.items():
        total, scripts = page_weight(path, html)
        if total > PAGE_BUDGET or scripts > SCRIPT_BUDGET:
            problems.append(f"{path}: {total} bytes compressed, {scripts} of JavaScript")
    assert not problems, "\n\n".join(problems)
