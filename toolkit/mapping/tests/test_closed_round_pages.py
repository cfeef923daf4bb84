"""A closed round's results pages at scale (issue 16, ADR 32): they read the round's stored
figures, never its ratings, so their queries do not grow with the ratings; the stored figures
follow the disclosure settings and content version; what one viewer is shown is never served
to another who may not see it; the tables come a page at a time; the charts draw one short
element a mark."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from toolkit.accounts.tests.factories import UserFactory
from toolkit.areas.models import Membership, Role
from toolkit.framework.models import ContentVersion
from toolkit.mapping import charts
from toolkit.mapping.models import Rating
from toolkit.mapping.tests.bulk import build_mapping_round
from toolkit.rounds import figures
from toolkit.rounds.models import StoredFigures

pytestmark = pytest.mark.django_db

# The session's read, and now and then its refresh (a savepoint, the update, the release).
SESSION_QUERIES = 4
PAGES = [
    "map",
    "map?page=2",
    "perspectives",
    "perspectives?view=council",
    "spatial",
    "network",
    "comments",
]


def _member(area, role=Role.FACILITATOR_COUNCIL):
    user = UserFactory()
    ends_on = date.today() + timedelta(days=30) if role == Role.PEER_REVIEWER else None
    Membership.objects.create(user=user, area=area, role=role, ends_on=ends_on)
    return user


def _path(round_, page):
    name, _, query = page.partition("?")
    path = reverse(
        f"mapping:{name}", kwargs={"area_code": round_.area.gss_code, "round_id": round_.public_id}
    )
    return path + (f"?{query}" if query else "")


def _page_queries(client, round_, page) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_path(round_, page))
    assert response.status_code == 200, page
    # the session's own queries (the idle timeout refreshes it now and then) are not the page's
    return [
        q["sql"]
        for q in captured
        if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]


def _round(gss_code, *, ratings, respondents_per_side, relationships=60):
    return build_mapping_round(
        gss_code=gss_code,
        relationships=relationships,
        ratings=ratings,
        respondents_per_side=respondents_per_side,
        departments=4,
        vcs_organisations=12,
    )


def test_a_closed_rounds_pages_run_the_same_queries_however_many_ratings(
    client, django_assert_max_num_queries
):
    few = _round("E90000021", ratings=600, respondents_per_side=5)
    many = _round("E90000022", ratings=6000, respondents_per_side=50)
    assert Rating.objects.filter(response__round=few).count() == 600
    assert Rating.objects.filter(response__round=many).count() == 6000

    client.force_login(_member(few.area))
    other = Client()
    other.force_login(_member(many.area))
    for page in PAGES:  # the per-process caches (framework vocabulary) and sessions warm
        _page_queries(client, few, page)
        _page_queries(other, many, page)
    for page in PAGES:
        # as a process that has not yet read either round's figures
        figures.memo_clear()
        few_count = len(_page_queries(client, few, page))
        figures.memo_clear()
        with django_assert_max_num_queries(few_count + SESSION_QUERIES):
            statements = _page_queries(other, many, page)
        assert len(statements) == few_count, page
        # The figures come from storage: only the comments page reads ratings (the comments
        # themselves, one query), and no page reads every rating.
        reads_ratings = [q for q in statements if '"mapping_rating"' in q]
        assert len(reads_ratings) == (1 if page == "comments" else 0), (page, reads_ratings)


def _first_figure_cells(html: str) -> list[str]:
    table = html.split("The figures behind the map", 1)[1]
    return re.findall(
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>', table
    )[:5]


def test_the_pages_follow_a_change_of_threshold_or_content_version(client):
    round_ = _round("E90000023", ratings=600, respondents_per_side=5)
    client.force_login(_member(round_.area))
    before = client.get(_path(round_, "map")).content.decode()
    assert "Too few answers" not in _first_figure_cells(before)

    # more than the 10 (5 a side) who rated each relationship
    round_.area.suppression_threshold = 11
    round_.area.save()
    raised = client.get(_path(round_, "map")).content.decode()
    assert set(_first_figure_cells(raised)[:4]) == {"Too few answers"}
    stored = StoredFigures.objects.get(round=round_, kind="mapping")
    assert stored.fingerprint == figures.fingerprint(round_, 11, 5, 5)

    round_.area.suppression_threshold = 5
    round_.area.save()
    assert _first_figure_cells(client.get(_path(round_, "map")).content.decode()) == (
        _first_figure_cells(before)
    )
    old = StoredFigures.objects.get(round=round_, kind="mapping").fingerprint
    round_.content_version = ContentVersion.objects.create(version="test-2", checksum="x" * 64)
    round_.save()
    client.get(_path(round_, "map"))
    assert StoredFigures.objects.get(round=round_, kind="mapping").fingerprint != old


def _doctor(round_, value: float) -> None:
    """Change the round's stored figures so that its pages show `value`, which its ratings
    cannot give: what a page shows then can only have come from this round's stored row."""
    row = StoredFigures.objects.get(round=round_, kind="mapping")
    plain = row.figures
    for rows in plain["positions"].values():
        for position in rows:
            if position[4][0][0] is not None:
                position[4][0][0] = value
    StoredFigures.objects.filter(pk=row.pk).update(figures=plain)
    figures.memo_clear()


def test_no_viewer_is_served_another_rounds_or_areas_figures(client):
    ours = _round("E90000024", ratings=600, respondents_per_side=5)
    theirs = _round("E90000025", ratings=600, respondents_per_side=5)
    _doctor(ours, 4.25)
    _doctor(theirs, 1.75)
    outsider = _member(theirs.area)
    client.force_login(outsider)
    assert "1.75" in client.get(_path(theirs, "map")).content.decode()  # theirs now in memory

    # A member of the other area is refused ours (404: it is not said to exist), however
    # warm the process is with its figures.
    for page in PAGES:
        assert client.get(_path(ours, page)).status_code == 404
    # A peer reviewer of our area without a grant to read results is refused them too.
    client.force_login(_member(ours.area, Role.PEER_REVIEWER))
    assert client.get(_path(ours, "map")).status_code == 403

    # Each side's members see our round's own figures, the same ones, never theirs.
    shown = []
    for role in (Role.COUNCIL_PARTICIPANT, Role.VCS_PARTICIPANT):
        client.force_login(_member(ours.area, role))
        html = client.get(_path(ours, "map")).content.decode()
        assert "4.25" in html and "1.75" not in html
        shown.append(_first_figure_cells(html))
    assert shown[0] == shown[1]


def test_the_tables_come_a_page_at_a_time(client):
    round_ = _round("E90000026", ratings=600, respondents_per_side=5)
    client.force_login(_member(round_.area))
    for page in ("map", "perspectives", "perspectives?view=vcs", "spatial"):
        html = client.get(_path(round_, page)).content.decode()
        rows = re.findall(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">', html)
        assert len(rows) == 50, page
        assert "Relationships 1 to 50 of 60" in html, page
        assert "page=2" in html, page
    second = client.get(_path(round_, "spatial?page=2")).content.decode()
    assert "Relationships 51 to 60 of 60" in second


def test_the_charts_draw_one_short_element_a_mark():
    points = [
        charts.Point(n, 1 + (n % 41) / 10, 1 + (n % 37) / 9, 1 + n % 5, 1 + n % 5)
        for n in range(1, 1001)
    ]
    svg = charts.strategic_map(points, chart_id="m", title="Map", desc="Marks")
    marks = re.findall(r"<circle [^>]*/>", svg)
    assert len(marks) == 1000
    # Outline and lettering are said once, on the group around the marks or the numbers.
    assert all("stroke" not in m and "style" not in m for m in marks)
    assert "style=" not in svg
    assert svg.count("font-family") < 20
    assert max(len(m) for m in marks) < 60

    rings = charts.rings(
        {"neighbourhood": [charts.Point(n, 0, 0, colour="#00703c") for n in range(1, 501)]},
        chart_id="r",
        title="Rings",
        desc="Dots",
    )
    assert len(re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="8" fill="[^"]+"/>', rings)) == 500
    numbers = re.findall(r"<text [^>]*>(\d+)</text>", rings)
    assert sorted(map(int, numbers)) == list(range(1, 501))  # each number once
    assert rings.count("font-family") < 10


def test_a_closed_rounds_drawings_are_made_once_and_kept(client):
    round_ = _round("E90000027", ratings=600, respondents_per_side=5)
    client.force_login(_member(round_.area))
    for page in ("map", "perspectives", "spatial", "network"):
        first = client.get(_path(round_, page)).context["chart"]
        again = client.get(_path(round_, f"{page}?page=2")).context["chart"]
        assert again is first, page  # the same drawing, not drawn again
    # A filter draws what it lists, not the kept drawing of every relationship.
    filtered = client.get(_path(round_, "map?scale=region")).context["chart"]
    every = client.get(_path(round_, "map")).context["chart"]
    assert filtered is not every
    assert filtered.count("<circle cx=") <= 15 < every.count("<circle cx=")  # a quarter are region
