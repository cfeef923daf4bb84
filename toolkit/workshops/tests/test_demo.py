"""The demo area's past workshops (toolkit/demo/workshops_demo.py)."""

import io
import re

import pytest

from toolkit.actions.models import Action, ActionSource
from toolkit.demo.services import demo_area_load
from toolkit.paper.models import PaperPile
from toolkit.workshops import selectors
from toolkit.workshops.models import Workshop, WorkshopStatus

pytestmark = pytest.mark.django_db


def test_the_demo_area_ships_a_past_workshop_with_notes_targets_and_actions(demo_area):
    workshop = Workshop.objects.get(area=demo_area.area, title="Joint mapping workshop, April 2025")
    items = selectors.agenda(workshop)

    assert workshop.status == WorkshopStatus.FINISHED and workshop.join_code is None
    assert len(items) == 3 and all(i.kind == "relationship" for i in items)
    assert all(i.said and i.agreed for i in items)
    assert [i.target_strategic is not None for i in items] == [True, True, False]
    actions = Action.objects.filter(workshop_item__workshop=workshop)
    assert actions.count() == 2
    assert all(
        a.source == ActionSource.WORKSHOP and a.council_owner_id and a.vcs_owner_id for a in actions
    )
    # everyone who answered the round did so at the workshop: the council's people online,
    # the sector's on paper (one pile, confirmed)
    assert [(c.online.text, c.on_paper.text) for c in selectors.participation(workshop)] == [
        ("6", "0"),
        ("0", "5"),
    ]
    pile = PaperPile.objects.get(workshop=workshop)
    assert (pile.side, pile.forms, pile.link.is_confirmed) == ("vcs", 5, True)
    principles = Workshop.objects.get(area=demo_area.area, title="Principles workshop, first year")
    assert [i.target_band for i in selectors.agenda(principles) if i.target_band] == [
        "borderline",
        "strength",
    ]


def test_loading_the_demo_again_adds_no_workshop(demo_area):
    counts = (Workshop.objects.count(), Action.objects.count())
    again = demo_area_load(password=demo_area.logins[0].password)
    assert again.created["workshops"] == 0
    assert (Workshop.objects.count(), Action.objects.count()) == counts


def test_the_demo_shows_targets_on_the_map_and_how_far_the_next_round_moved(demo_area, client):
    from django.urls import reverse

    from toolkit.mapping.targets import targets_for
    from toolkit.rounds.models import Round
    from toolkit.workshops import targets

    area = demo_area.area
    spring_2025 = Round.objects.get(area=area, name="Relationship mapping, spring 2025")
    spring_2026 = Round.objects.get(area=area, name="Relationship mapping, spring 2026")
    assert spring_2026.previous_round_id == spring_2025.pk
    assert len(targets_for(spring_2025)) == 2
    workshop = Workshop.objects.get(area=area, title="Joint mapping workshop, April 2025")
    name, found = targets.outcomes(
        workshop, selectors.agenda(workshop), selectors.room_results(workshop)
    )
    assert name == spring_2026.name and len(found) == 2
    assert all(re.fullmatch(r"[\d.]+ (closer|further away)|No closer", o.result) for o in found)

    from toolkit.accounts.models import User

    client.force_login(User.objects.get(email="facilitator@eastmere.example.org"))
    page = client.get(reverse("mapping:map", args=[area.gss_code, spring_2025.public_id]))
    assert page.content.decode().count('class="app-target-arrow"') == 2
    compare = client.get(reverse("mapping:compare", args=[area.gss_code, spring_2026.public_id]))
    assert "Towards the targets agreed at workshops" in compare.content.decode()


def test_the_demo_2026_map_and_report_carry_the_targets_agreed_in_2025(demo_area, client):
    from django.urls import reverse
    from pypdf import PdfReader

    from toolkit.accounts.models import User
    from toolkit.areas.scopes import GrantScope
    from toolkit.reports.content import report_data
    from toolkit.reports.render import pdf_from_html, render_html
    from toolkit.rounds.models import Round

    area = demo_area.area
    spring_2026 = Round.objects.get(area=area, name="Relationship mapping, spring 2026")
    workshop = Workshop.objects.get(area=area, title="Joint mapping workshop, April 2025")
    label = re.compile(
        rf'class="app-target-label"[^>]*>\d+: target agreed {workshop.held_on:%-d %b %Y}<'
    )
    client.force_login(User.objects.get(email="facilitator@eastmere.example.org"))
    page = client.get(reverse("mapping:map", args=[area.gss_code, spring_2026.public_id]))
    html = page.content.decode()
    assert html.count('class="app-target-arrow"') == 2 and len(label.findall(html)) == 2
    assert html.count("(on Relationship mapping, spring 2025; still standing)") == 2

    data = report_data(area, {GrantScope.RESULTS})
    assert data.mapping.round == spring_2026 and len(data.mapping.arrows) == 2
    report = render_html(data, "area")
    assert report.count('class="app-target-arrow"') == 2 and len(label.findall(report)) == 2
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_from_html(report))).pages)
    assert f"target agreed {workshop.held_on:%-d %b %Y}" in " ".join(text.split())
