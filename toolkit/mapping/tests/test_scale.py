"""Results pages run a constant number of queries: the same for 10 relationships as for
1,000 relationships with 5,000 ratings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from toolkit.areas.models import Area, Membership, Role
from toolkit.mapping.models import Rating
from toolkit.mapping.tests.bulk import build_mapping_round

pytestmark = pytest.mark.django_db

PAGES = ["map", "perspectives", "spatial", "network", "compare", "comments"]
MAX_QUERIES = 16


def _facilitator(area):
    from toolkit.accounts.tests.factories import UserFactory

    user = UserFactory()
    Membership.objects.create(user=user, area=area, role=Role.FACILITATOR_COUNCIL)
    return user


def _housekeeping(sql: str) -> bool:
    """Session writes (the idle-timeout middleware refreshes the session now and then) are
    not the page's queries."""
    return "django_session" in sql or "SAVEPOINT" in sql


def _counts(client, round_, sql=None):
    counts = {}
    for page in [*PAGES, "perspectives?view=vcs"]:
        name, _, query = page.partition("?")
        path = reverse(
            f"mapping:{name}",
            kwargs={"area_code": round_.area.gss_code, "round_id": round_.public_id},
        )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path + (f"?{query}" if query else ""))
        assert response.status_code == 200
        counts[page] = len([q for q in captured if not _housekeeping(q["sql"])])
        if sql is not None:
            sql[page] = [q["sql"] for q in captured]
    return counts


def test_results_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries):
    small = build_mapping_round(
        gss_code="E90000001",
        relationships=10,
        ratings=50,
        respondents_per_side=5,
        departments=3,
        vcs_organisations=8,
    )
    large = build_mapping_round(gss_code="E90000002")
    assert Rating.objects.filter(response__round=large).count() == 5000
    assert large.mapping_relationships.count() == 1000

    client.force_login(_facilitator(small.area))
    _counts(client, small)  # warm the per-process framework vocabulary cache
    small_counts = _counts(client, small)
    client.force_login(_facilitator(large.area))
    large_sql = {}
    large_counts = _counts(client, large, large_sql)
    assert large_counts == small_counts
    # The closed round's figures come from storage (rounds.figures): only the comments page
    # reads ratings (the comments themselves), and no page reads every rating.
    for page, statements in large_sql.items():
        reads_ratings = [q for q in statements if '"mapping_rating"' in q]
        assert len(reads_ratings) == (1 if page == "comments" else 0), (page, reads_ratings)
    for page, count in large_counts.items():
        assert count <= MAX_QUERIES, (page, count)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(
            reverse(
                "mapping:map",
                kwargs={"area_code": large.area.gss_code, "round_id": large.public_id},
            ),
            {"type": "delivery", "scale": "region"},
        )
    assert Area.objects.count() == 2
