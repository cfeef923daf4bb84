"""Targets on the maps and in the report, and the next round's distance moved towards each
(issue 15, item 4), with exact numbers. Round A: three a side put Alpha at strategic 2,
proactive 2 and agree 2 with 'time'; the workshop on it aims Alpha at strategic 4, proactive
4.5 and 'time' at borderline. Round B (A is its previous round): three a side put Alpha at 3, 3
and agree 3 (council) and 4 (sector) with 'time'. Distance to the target: √(2² + 2.5²) = 3.2
then, √(1² + 1.5²) = 1.8 now: 1.4 closer; 'time' together 3.5, borderline: reached."""

import io
import re
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from PIL import Image

from toolkit.areas.models import Side
from toolkit.areas.scopes import GrantScope
from toolkit.mapping.selectors import mapping_results
from toolkit.mapping.targets import standing_targets, targets_for
from toolkit.reports import charts_png
from toolkit.reports.content import report_data
from toolkit.reports.render import render_docx, render_html
from toolkit.rounds.models import AssessmentKind, RoundStatus
from toolkit.rounds.tests.factories import RoundFactory
from toolkit.workshops import selectors, targets
from toolkit.workshops.models import AgendaItem, ItemKind
from toolkit.workshops.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def _round(area, relationships, name, previous=None):
    from toolkit.mapping.models import RoundRelationship

    round_ = RoundFactory(
        area=area,
        name=name,
        includes_mapping=True,
        assessment=AssessmentKind.FULL,
        status=RoundStatus.CLOSED,
        previous_round=previous,
    )
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=round_, relationship=r) for r in relationships
    )
    return round_


@pytest.fixture
def rounds(area, relationships, answer):
    alpha = relationships[0]
    first = _round(area, relationships, "Round A")
    later = _round(area, relationships, "Round B", previous=first)
    for _ in range(3):
        for side in (Side.COUNCIL, Side.VCS):
            answer(first, side, ratings={alpha: (2, 2, 3, 3)}, elements={"time": 2})
        answer(later, Side.COUNCIL, ratings={alpha: (3, 3, 3, 3)}, elements={"time": 3})
        answer(later, Side.VCS, ratings={alpha: (3, 3, 3, 3)}, elements={"time": 4})
    return first, later


@pytest.fixture
def workshop(rounds, relationships):
    workshop = WorkshopFactory(round=rounds[0], title="Joint workshop", held_on="2026-06-03")
    AgendaItem.objects.create(
        workshop=workshop,
        position=1,
        kind=ItemKind.RELATIONSHIP,
        relationship=relationships[0],
        title=relationships[0].title,
        target_strategic=Decimal("4"),
        target_proactive=Decimal("4.5"),
    )
    AgendaItem.objects.create(
        workshop=workshop,
        position=2,
        kind=ItemKind.ELEMENT,
        element_slug="time",
        title="Time",
        target_band="borderline",
    )
    return workshop


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def cells(html: str, caption_words: str) -> list[list[str]]:
    """The body rows of the table whose caption contains `caption_words`, as texts."""
    tables = re.findall(r"<table.*?</table>", html, re.S)
    table = next(
        t for t in tables if caption_words in _text(re.search(r"<caption.*?</caption>", t, re.S)[0])
    )
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody")[1], re.S)
    return [[_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def test_the_workshops_targets_are_the_maps_targets(workshop, rounds):
    found = targets_for(rounds[0])
    assert [(t.strategic, t.proactive, t.agreed_at) for t in found.values()] == [
        (4.0, 4.5, "Joint workshop, 3 June 2026")
    ]
    assert targets_for(rounds[1]) == {}


def test_the_next_round_says_how_far_each_target_came(workshop):
    name, found = targets.outcomes(
        workshop, selectors.agenda(workshop), selectors.room_results(workshop)
    )
    assert name == "Round B"
    assert [(o.target, o.then, o.now, o.result) for o in found] == [
        ("strategic 4, proactive 4.5", "3.2 from the target", "1.8 from the target", "1.4 closer"),
        (
            "Borderline (3 or more)",
            "2.0 out of 5: Concern",
            "3.5 out of 5: Borderline",
            "Reached: borderline",
        ),
    ]


def test_the_map_draws_an_arrow_to_each_target_and_lists_it(
    client, workshop, rounds, council_facilitator
):
    client.force_login(council_facilitator.user)
    area = workshop.area
    page = client.get(reverse("mapping:map", args=[area.gss_code, rounds[0].public_id]))
    html = page.content.decode()
    assert html.count('class="app-target-arrow"') == 1 and html.count('class="app-target"') == 1
    assert cells(html, "Targets agreed at workshops") == [
        [
            "1",
            "Alpha partnership board",
            "strategic 2, proactive 2",
            "strategic 4, proactive 4.5",
            "3.2",
            "Joint workshop, 3 June 2026",
        ]
    ]
    compare = client.get(reverse("mapping:compare", args=[area.gss_code, rounds[1].public_id]))
    assert cells(compare.content.decode(), "Distance moved towards each target") == [
        [
            "Alpha partnership board Joint workshop, 3 June 2026",
            "strategic 4, proactive 4.5",
            "strategic 2, proactive 2",
            "strategic 3, proactive 3",
            "3.2",
            "1.8",
            "1.4 closer",
        ]
    ]
    detail = client.get(reverse("workshops:detail", args=[area.gss_code, workshop.public_id]))
    assert [row[-1] for row in cells(detail.content.decode(), "The targets in Round B")] == [
        "1.4 closer",
        "Reached: borderline",
    ]


def test_the_report_shows_the_targets_and_the_distance_moved(workshop, rounds, relationships):
    later = WorkshopFactory(round=rounds[1], title="Second workshop", held_on="2027-06-01")
    AgendaItem.objects.create(
        workshop=later,
        position=1,
        kind=ItemKind.RELATIONSHIP,
        relationship=relationships[0],
        title="Alpha",
        target_strategic=Decimal("5"),
        target_proactive=Decimal("5"),
    )
    data = report_data(workshop.area, {GrantScope.RESULTS})
    assert data.mapping.round == rounds[1]
    assert [(t.now, t.target, t.distance) for t in data.mapping.targets] == [
        ("strategic 3, proactive 3", "strategic 5, proactive 5", "2.83")
    ]
    assert [(p.distance_before, p.distance_after, p.moved) for p in data.mapping.progress] == [
        ("3.2", "1.8", "1.4 closer")
    ]
    html = render_html(data, "area")
    assert 'class="app-target-arrow"' in html
    assert "Distance moved towards the targets agreed on Round A" in html

    document = docx.Document(io.BytesIO(render_docx(data, "area")))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    # the targets table (No., relationship, now, target, distance, agreed at) and the
    # distance moved (relationship, target, then, now, distance then, distance now, moved)
    assert [
        "1",
        "Alpha partnership board",
        "strategic 3, proactive 3",
        "strategic 5, proactive 5",
        "2.83",
        "Second workshop, 1 June 2027",
    ] in rows
    assert [
        "Alpha partnership board",
        "strategic 4, proactive 4.5",
        "strategic 2, proactive 2",
        "strategic 3, proactive 3",
        "3.2",
        "1.8",
        "1.4 closer",
    ] in rows
    # the Word document's map draws the target's ring in green
    png = Image.open(io.BytesIO(charts_png.map_png(data.mapping.points, data.mapping.arrows)))
    plain = Image.open(io.BytesIO(charts_png.map_png(data.mapping.points)))
    assert charts_png.TARGET in {c for _n, c in png.convert("RGB").getcolors(1_000_000)}
    assert charts_png.TARGET not in {c for _n, c in plain.convert("RGB").getcolors(1_000_000)}


def _map_html(client, area, round_) -> str:
    return client.get(
        reverse("mapping:map", args=[area.gss_code, round_.public_id])
    ).content.decode()


def test_a_later_rounds_map_carries_the_targets_still_standing(
    client, workshop, rounds, council_facilitator
):
    client.force_login(council_facilitator.user)
    html = _map_html(client, workshop.area, rounds[1])
    # from where Round B puts Alpha now (3, 3) to the target agreed on Round A (4, 4.5)
    assert html.count('class="app-target-arrow"') == 1 and html.count('class="app-target"') == 1
    assert '<text class="app-target-label"' in html
    assert "1: target agreed 3 Jun 2026" in html
    assert cells(html, "Targets agreed at workshops") == [
        [
            "1",
            "Alpha partnership board",
            "strategic 3, proactive 3",
            "strategic 4, proactive 4.5",
            "1.8",
            "Joint workshop, 3 June 2026 (on Round A; still standing)",
        ]
    ]


def test_a_target_agreed_later_replaces_a_carried_one(workshop, rounds, relationships):
    later = WorkshopFactory(round=rounds[0], title="Follow-up", held_on="2026-07-01")
    AgendaItem.objects.create(
        workshop=later,
        position=1,
        kind=ItemKind.RELATIONSHIP,
        relationship=relationships[0],
        title="Alpha",
        target_strategic=Decimal("5"),
        target_proactive=Decimal("3"),
    )
    third = _round(workshop.area, relationships, "Round C", previous=rounds[1])
    results = mapping_results(rounds[1])
    assert [
        (t.strategic, t.proactive, t.agreed_at, t.carried_from)
        for t in standing_targets(rounds[1], results.items).values()
    ] == [(5.0, 3.0, "Follow-up, 1 July 2026", "Round A")]
    assert standing_targets(rounds[0], mapping_results(rounds[0]).items) == targets_for(rounds[0])
    # Round C shows no figures (nobody answered): nothing is carried onto its map
    assert standing_targets(third, mapping_results(third).items) == {}


def test_a_carried_target_on_a_relationship_this_round_does_not_show_draws_nothing(
    client, workshop, rounds, relationships, council_facilitator
):
    beta = relationships[1]  # nobody rated it in either round
    AgendaItem.objects.create(
        workshop=workshop,
        position=3,
        kind=ItemKind.RELATIONSHIP,
        relationship=beta,
        title=beta.title,
        target_strategic=Decimal("3"),
        target_proactive=Decimal("3"),
    )
    client.force_login(council_facilitator.user)
    html = _map_html(client, workshop.area, rounds[1])
    assert html.count('class="app-target"') == 1 and html.count('class="app-target-label"') == 1
    assert [row[1] for row in cells(html, "Targets agreed at workshops")] == [
        "Alpha partnership board"
    ]


def test_carrying_targets_forward_costs_the_same_queries_however_many(
    client, workshop, rounds, relationships, council_facilitator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(council_facilitator.user)
    area = workshop.area
    _map_html(client, area, rounds[1])  # the first look decides and keeps the figures
    with CaptureQueriesContext(connection) as one:
        _map_html(client, area, rounds[1])
    for n in range(5):  # five more earlier rounds, each with a workshop and targets
        earlier = _round(area, relationships, f"Earlier {n}")
        earlier.opened_on = rounds[0].opened_on.replace(year=rounds[0].opened_on.year - 1 - n)
        earlier.save(update_fields=["opened_on"])
        held = WorkshopFactory(round=earlier, title=f"Workshop {n}", held_on="2020-01-01")
        for position, relationship in enumerate(relationships, start=1):
            AgendaItem.objects.create(
                workshop=held,
                position=position,
                kind=ItemKind.RELATIONSHIP,
                relationship=relationship,
                title=relationship.title,
                target_strategic=Decimal("2"),
                target_proactive=Decimal("2"),
            )
    with CaptureQueriesContext(connection) as many:
        html = _map_html(client, area, rounds[1])
    assert "1: target agreed 3 Jun 2026" in html  # Round A's is the latest
    assert len(many.captured_queries) == len(one.captured_queries)
