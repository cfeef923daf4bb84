"""Workshop pages: who may do what, the room's pages without JavaScript, the live counts,
joining by code (and guessing codes), notes, targets, actions and the record."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from toolkit.actions.models import Action
from toolkit.areas.models import Organisation, Side
from toolkit.mapping.models import RoundRelationship
from toolkit.register.services import RelationshipData, relationship_create
from toolkit.rounds.models import Response
from toolkit.workshops import selectors, services
from toolkit.workshops.models import ItemKind, Workshop, WorkshopStatus
from toolkit.workshops.tests.factories import (
    RelationshipItemFactory,
    WorkshopFactory,
)


def url(name, workshop, *args):
    return reverse(name, args=[workshop.area.gss_code, workshop.public_id, *args])


@pytest.fixture
def answered(both_round, relationships, answer):
    """Three a side, the area's threshold: Alpha far apart, Bravo rated by the council only."""
    alpha, bravo, _charlie = relationships
    for _ in range(3):
        answer(both_round, Side.COUNCIL, ratings={alpha: (5, 4, 3, 3), bravo: (4, 4, 3, 3)})
        answer(both_round, Side.VCS, ratings={alpha: (1, 2, 3, 3)})
    return both_round


@pytest.fixture
def room(answered, relationships):
    workshop = WorkshopFactory(round=answered, title="Spring workshop")
    services.agenda_build(workshop, selectors.room_results(workshop))
    RelationshipItemFactory(
        workshop=workshop,
        position=2,
        relationship=relationships[1],
    )
    return workshop


def test_a_facilitator_plans_a_workshop_on_a_round(client, both_round, council_facilitator):
    client.force_login(council_facilitator.user)
    create = reverse("workshops:create", args=[both_round.area.gss_code])

    page = client.get(f"{create}?round={both_round.public_id}")
    response = client.post(
        create,
        {
            "round": both_round.pk,
            "title": "Joint workshop",
            "held_on": "24/3/2026",
            "facilitator": council_facilitator.pk,
            "council_people": "12",
            "vcs_people": "1",
        },
    )

    assert f'value="{both_round.pk}" selected' in page.content.decode()
    assert response.status_code == 200
    assert "Enter a number of 2 or more" in response.content.decode()
    response = client.post(
        create,
        {
            "round": both_round.pk,
            "title": "Joint workshop",
            "held_on": "24/3/2026",
            "facilitator": council_facilitator.pk,
            "council_people": "12",
            "vcs_people": "9",
        },
    )
    workshop = Workshop.objects.get(title="Joint workshop")
    assert response["Location"] == url("workshops:detail", workshop)
    assert (str(workshop.held_on), workshop.council_people, workshop.vcs_people) == (
        "2026-03-24",
        12,
        9,
    )


def test_each_add_form_on_the_page_adds_its_item(client, both_round, council_facilitator):
    """Seen in a try of a real workshop: every "Add" on the page said "Choose what to add to
    the agenda from the list", because the forms' fields are prefixed by their kind and the
    view read an unprefixed kind. Each form is posted here exactly as the page renders it."""
    client.force_login(council_facilitator.user)
    workshop = WorkshopFactory(round=both_round, title="Spring workshop")
    detail = client.get(url("workshops:detail", workshop)).content.decode()
    forms = re.findall(
        r'<form method="post" action="[^"]*/agenda/add/".*?</form>', detail, re.DOTALL
    )
    assert len(forms) == 3  # a relationship, a key element, a barrier
    added = []
    for form in forms:
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        select, first_option = re.search(
            r'<select name="([^"]+)".*?<option value="([^"]+)"', form, re.DOTALL
        ).groups()
        response = client.post(
            url("workshops:agenda-add", workshop), {**fields, select: first_option}, follow=True
        )
        page = response.content.decode()
        assert "Choose what to add" not in page
        added.append(first_option)
    items = selectors.agenda(workshop)
    assert [i.kind for i in items] == [ItemKind.RELATIONSHIP, ItemKind.ELEMENT, ItemKind.BARRIER]
    assert str(items[0].relationship.public_id) == added[0]
    assert [items[1].element_slug, items[2].barrier_slug] == added[1:]


def test_participants_see_the_room_but_only_facilitators_run_it(client, room, participant):
    client.force_login(participant.user)

    assert client.get(url("workshops:detail", room)).status_code == 200
    projector = client.get(url("workshops:projector", room))
    assert projector.status_code == 200
    assert b"data-room-key" not in projector.content  # no keys to move the wall
    assert client.get(url("workshops:presenter", room)).status_code == 403
    assert client.post(url("workshops:step", room), {"to": "next"}).status_code == 403
    assert client.post(url("workshops:reveal", room)).status_code == 403
    item = selectors.agenda(room)[0]
    assert (
        client.post(url("workshops:item", room, item.public_id), {"said": "x"}).status_code == 403
    )


def test_a_side_too_few_of_whom_rated_a_relationship_is_said_so(
    client, both_round, relationships, answer, council_facilitator
):
    """Seen in a try of a real workshop: the wall's counts said five council people had
    answered while the relationship's council figure said "fewer than 5 people on this side
    answered". It is the people who rated the relationship that were too few."""
    alpha, _bravo, charlie = relationships
    for n in range(3):
        council_ratings = {alpha: (4, 4, 3, 3)} | ({charlie: (4, 4, 3, 3)} if n < 2 else {})
        answer(both_round, Side.COUNCIL, ratings=council_ratings)
        answer(both_round, Side.VCS, ratings={alpha: (2, 2, 3, 3), charlie: (2, 2, 3, 3)})
    workshop = WorkshopFactory(round=both_round, revealed=True, position=1)
    RelationshipItemFactory(
        workshop=workshop,
        position=1,
        relationship=charlie,
    )
    client.force_login(council_facilitator.user)

    wall = client.get(url("workshops:projector", workshop)).content.decode()

    assert "<strong>Sector:</strong> strategic 2, proactive 2" in wall
    assert "<strong>Council:</strong> not shown: fewer than 3 people on this side rated it" in wall
    assert "people on this side answered" not in wall


def test_marks_the_map_cannot_label_are_named_beside_it_on_the_wall_and_the_presenter(
    client, both_round, relationships, answer, council_facilitator
):
    """Seen in a try of a real workshop: everyone put a relationship in the top right corner,
    where the target was too; the map found no free place for three of its labels, and the
    wall said nothing of them."""
    alpha, _bravo, _charlie = relationships
    for _ in range(3):
        answer(both_round, Side.COUNCIL, ratings={alpha: (5, 5, 3, 3)})
        answer(both_round, Side.VCS, ratings={alpha: (5, 5, 3, 3)})
    workshop = WorkshopFactory(round=both_round, revealed=True, position=1)
    RelationshipItemFactory(
        workshop=workshop,
        position=1,
        relationship=alpha,
        target_strategic=5,
        target_proactive=5,
    )
    client.force_login(council_facilitator.user)

    wall = client.get(url("workshops:projector", workshop)).content.decode()
    presenter = client.get(url("workshops:presenter", workshop)).content.decode()

    key = "Not labelled on the map: Sector (red square), Both (black diamond), Target (green ring)."
    assert f'<p class="app-room__chart-key">{key}</p>' in wall
    assert ">Council</text>" in wall and ">Sector</text>" not in wall
    assert key in presenter


def test_the_wall_shows_figures_only_once_revealed_and_says_why_one_is_withheld(
    client, room, council_facilitator
):
    client.force_login(council_facilitator.user)
    client.post(url("workshops:step", room), {"to": "next", "back": "projector"})

    hidden = client.get(url("workshops:projector", room)).content.decode()
    client.post(url("workshops:reveal", room), {"back": "projector"})
    shown = client.get(url("workshops:projector", room)).content.decode()
    client.post(url("workshops:step", room), {"to": "next", "back": "projector"})
    withheld = client.get(url("workshops:projector", room)).content.decode()

    assert "Alpha partnership board" in hidden
    assert "strategic 5, proactive 4" not in hidden
    assert "The figures are shown when the facilitator reveals them" in hidden
    assert "<strong>Council:</strong> strategic 5, proactive 4" in shown
    assert "<strong>Sector:</strong> strategic 1, proactive 2" in shown
    assert "Lowest strategic rating: 1, from the sector" in shown
    assert 'class="app-room-map"' in shown and ">Council</text>" in shown
    # Bravo: nobody on the sector side rated it, and "both together" would be the council's
    assert "Bravo housing contract" in withheld
    assert "<strong>Sector:</strong> nobody on this side rated it" in withheld


def test_stepping_past_either_end_stays_put_and_writes_nothing(client, room, council_facilitator):
    """Seen in a try of a real workshop: pressing next on the last item still posted a step.
    The script no longer sends one (tests/browser); a step that does arrive (no script, or
    another laptop) moves nothing, writes nothing and says nothing is wrong."""
    client.force_login(council_facilitator.user)
    last = len(selectors.agenda(room))
    Workshop.objects.filter(pk=room.pk).update(position=last)

    def step_writes(to: str) -> tuple[object, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url("workshops:step", room), {"to": to, "back": "projector"})
        # read now: the next request starts by clearing the connection's log of queries
        moves = [q["sql"] for q in captured if q["sql"].startswith('UPDATE "workshops_workshop"')]
        return response, moves

    past_the_end, written_at_the_end = step_writes("next")
    Workshop.objects.filter(pk=room.pk).update(position=0)
    _response, written_at_the_start = step_writes("previous")
    wall = client.get(url("workshops:projector", room)).content.decode()

    assert past_the_end.status_code == 302
    assert past_the_end["Location"] == url("workshops:projector", room)
    assert written_at_the_end == written_at_the_start == []
    room.refresh_from_db()
    assert room.position == 0
    assert 'data-position="0"' in wall and f'data-items="{last}"' in wall
    assert "govuk-error-summary" not in wall


def test_stepping_without_javascript_returns_to_the_page_it_came_from(
    client, room, council_facilitator
):
    client.force_login(council_facilitator.user)

    to_projector = client.post(url("workshops:step", room), {"to": "next", "back": "projector"})
    to_presenter = client.post(url("workshops:step", room), {"to": "previous"})

    assert to_projector["Location"] == url("workshops:projector", room)
    assert to_presenter["Location"] == url("workshops:presenter", room)
    room.refresh_from_db()
    assert room.position == 0


def test_the_live_counts_are_worded_as_the_round_words_them(
    client, both_round, answer, relationships, council_facilitator
):
    workshop = WorkshopFactory(round=both_round)
    answer(both_round, Side.COUNCIL, ratings={relationships[0]: (3, 3, 3, 3)})
    for _ in range(4):
        answer(both_round, Side.VCS, ratings={relationships[0]: (3, 3, 3, 3)})
    client.force_login(council_facilitator.user)

    data = client.get(url("workshops:live", workshop)).json()

    assert data["counts"] == {"council": "fewer than 3", "vcs": "4"}
    assert (data["position"], data["items"]) == (0, 0)
    assert "stage" not in data  # only the projector asks for its stage


def test_the_live_stage_changes_with_answers_only_once_figures_are_revealed(
    client, room, relationships, answer, council_facilitator
):
    """The projector sends the version of the stage it shows; the answer carries the stage
    again only when what the wall would show has changed, drawn as the page draws it."""
    alpha = relationships[0]
    client.force_login(council_facilitator.user)
    client.post(url("workshops:step", room), {"to": "next", "back": "projector"})

    def live(version):
        return client.get(url("workshops:live", room), {"stage": version}).json()["stage"]

    hidden = live("")
    unchanged = live(hidden["version"])
    answer(room.round, Side.COUNCIL, ratings={alpha: (1, 4, 3, 3)})
    hidden_after_answer = live(hidden["version"])
    client.post(url("workshops:reveal", room), {"back": "projector"})
    page = client.get(url("workshops:projector", room)).content.decode()
    revealed = live(hidden["version"])
    answer(room.round, Side.COUNCIL, ratings={alpha: (1, 4, 3, 3)})
    moved = live(revealed["version"])
    item = selectors.agenda(room)[0]
    services.agenda_item_record(
        item, services.ItemRecord(target_strategic=Decimal(4), target_proactive=Decimal(4))
    )
    targeted = live(moved["version"])
    client.post(url("workshops:step", room), {"to": "next", "back": "projector"})
    stepped = live(targeted["version"])

    assert "html" in hidden and "html" not in unchanged
    assert unchanged == {"version": hidden["version"]}
    assert "The figures are shown when the facilitator reveals them" in hidden["html"]
    assert hidden_after_answer == {"version": hidden["version"]}  # nothing shown, nothing moves
    assert f'data-stage-version="{revealed["version"]}"' in page
    assert revealed["html"] in page
    assert revealed["title"].startswith("Alpha partnership board – Spring workshop – projector")
    # council strategic (5 + 5 + 5 + 1) / 4 = 4, then (5 + 5 + 5 + 1 + 1) / 5 = 3.4
    assert "<strong>Council:</strong> strategic 4, proactive 4" in revealed["html"]
    assert "Lowest strategic rating: 1, from both sides" in revealed["html"]
    assert moved["version"] != revealed["version"]
    assert "<strong>Council:</strong> strategic 3.4, proactive 4" in moved["html"]
    assert "Target agreed: strategic 4, proactive 4" in targeted["html"]
    assert "Bravo housing contract" in stepped["html"]
    assert stepped["title"].startswith("Bravo housing contract")


def test_the_presenters_column_follows_the_wall_live_from_the_same_poll(
    client,
    room,
    relationships,
    answer,
    council_facilitator,
    participant,
    django_assert_max_num_queries,
):
    """The presenter view polls as the projector does (`?view=presenter`): the column of what
    is on the wall comes back, drawn as the page draws it, only when it changed; it holds no
    form, so notes being typed are never swapped out."""
    alpha = relationships[0]
    client.force_login(council_facilitator.user)
    client.post(url("workshops:step", room), {"to": "next"})

    def live(version):
        return client.get(
            url("workshops:live", room), {"stage": version, "view": "presenter"}
        ).json()["stage"]

    page = client.get(url("workshops:presenter", room)).content.decode()
    first = live("")
    with CaptureQueriesContext(connection) as projector_polled:
        client.get(url("workshops:live", room), {"stage": ""})
    # The same reads as the projector's poll: the presenter's column is no dearer.
    with django_assert_max_num_queries(len(projector_polled)):
        unchanged = live(first["version"])
    answer(room.round, Side.COUNCIL, ratings={alpha: (1, 4, 3, 3)})
    moved = live(first["version"])
    client.post(url("workshops:step", room), {"to": "next"})
    stepped = live(moved["version"])

    assert f'data-stage-version="{first["version"]}"' in page
    assert first["html"] in page and first["title"] == ""
    assert "<form" not in first["html"]
    assert (
        "Now: item 1 of 2, <strong data-room-stage-title>Alpha partnership board" in (first["html"])
    )
    # council strategic (5 + 5 + 5) / 3 = 5, then (5 + 5 + 5 + 1) / 4 = 4
    assert (
        'Council</dt><dd class="govuk-summary-list__value">Strategic 5, proactive 4'
        in first["html"]
    )
    assert unchanged == {"version": first["version"]}
    assert "Strategic 4, proactive 4" in moved["html"]
    assert "Bravo housing contract</strong>" in stepped["html"]
    # The projector's stage is another fragment, with its own version.
    assert (
        live("")["version"]
        != client.get(url("workshops:live", room), {"stage": ""}).json()["stage"]["version"]
    )
    # The presenter's column before the figures are revealed is the facilitators' only.
    client.force_login(participant.user)
    assert (
        client.get(url("workshops:live", room), {"stage": "", "view": "presenter"}).status_code
        == 403
    )
    assert client.get(url("workshops:live", room), {"stage": "", "view": "x"}).status_code == 400


def test_joining_by_code_on_a_phone_starts_the_rounds_own_questions(
    client, both_round, council_facilitator
):
    workshop = WorkshopFactory(round=both_round)
    services.workshop_joining_open(workshop, membership=council_facilitator)
    typed = workshop.join_code.lower()[:3] + " " + workshop.join_code.lower()[3:]

    found = client.post(reverse("join:enter"), {"code": typed})
    side_page = client.get(found["Location"])
    started = client.post(found["Location"], {"side": Side.COUNCIL})

    assert found["Location"] == reverse("join:code", args=[workshop.join_code])
    assert "Which side are you on?" in side_page.content.decode()
    assert started["Location"].startswith("/respond/answers/")
    response = Response.objects.get(round=both_round)
    assert (response.side, response.shared_link_id) == (Side.COUNCIL, workshop.council_link_id)
    assert client.get(started["Location"]).status_code == 200


def test_a_named_round_asks_for_a_name_when_joining(client, both_round, council_facilitator):
    both_round.identity = "named"
    both_round.save()
    workshop = WorkshopFactory(round=both_round)
    services.workshop_joining_open(workshop, membership=council_facilitator)
    path = reverse("join:code", args=[workshop.join_code])

    missing = client.post(path, {"side": Side.VCS})
    client.post(path, {"side": Side.VCS, "respondent_name": "Ada", "organisation": "Trust"})

    assert "Enter your name" in missing.content.decode()
    response = Response.objects.get(round=both_round)
    assert (response.respondent_name, response.organisation) == ("Ada", "Trust")


def test_guessing_codes_is_limited_per_address_and_right_codes_are_not_counted(
    client, settings, rate_clock, both_round, council_facilitator
):
    settings.JOIN_CODE_RATE_LIMIT = "3/600"
    workshop = WorkshopFactory(round=both_round)
    services.workshop_joining_open(workshop, membership=council_facilitator)
    right = reverse("join:code", args=[workshop.join_code])

    for _ in range(5):
        assert client.get(right).status_code == 200
    wrong = [client.post(reverse("join:enter"), {"code": "ACDACD"}) for _ in range(3)]
    by_link = client.get(reverse("join:code", args=["ACDACE"]))
    from_another = client.get(right, REMOTE_ADDR="192.0.2.7")
    rate_clock.now += 600
    later = client.get(right)

    assert [r.status_code for r in wrong] == [200, 200, 200]
    assert "There is no workshop taking place with that code" in wrong[0].content.decode()
    assert by_link.status_code == 429
    assert "Too many wrong codes from your network" in by_link.content.decode()
    assert from_another.status_code == 200
    assert later.status_code == 200


def test_notes_and_a_target_are_recorded_and_shown_on_the_wall(client, room, council_facilitator):
    client.force_login(council_facilitator.user)
    item = selectors.agenda(room)[0]

    bad = client.post(url("workshops:item", room, item.public_id), {"target_strategic": "6"})
    saved = client.post(
        url("workshops:item", room, item.public_id),
        {
            "said": "We see it differently",
            "agreed": "Co-chair it",
            "target_strategic": "4.5",
            "target_proactive": "4",
            "back": "presenter",
        },
    )
    client.post(url("workshops:step", room), {"to": "next"})
    client.post(url("workshops:reveal", room))
    wall = client.get(url("workshops:projector", room)).content.decode()

    assert "Enter a number from 1 to 5" in bad.content.decode()
    assert saved["Location"] == url("workshops:presenter", room)
    item.refresh_from_db()
    assert (item.said, item.agreed, item.target_strategic, item.target_proactive) == (
        "We see it differently",
        "Co-chair it",
        Decimal("4.5"),
        Decimal("4.0"),
    )
    assert "Target agreed: strategic 4.5, proactive 4" in wall
    assert ">Target</text>" in wall and 'marker-end="url(#room-arrow-head)"' in wall


def test_an_agreed_point_becomes_an_action_in_one_step(
    client, room, council_facilitator, vcs_facilitator
):
    client.force_login(council_facilitator.user)
    item = selectors.agenda(room)[0]
    services.agenda_item_record(item, services.ItemRecord(agreed="Co-chair the board"))

    form = client.get(url("workshops:item-action", room, item.public_id)).content.decode()
    response = client.post(
        url("workshops:item-action", room, item.public_id),
        {
            "title": "Co-chair the board",
            "council_owner": council_facilitator.pk,
            "vcs_owner": vcs_facilitator.pk,
            "due_on": "30/9/2026",
        },
    )

    assert 'value="Co-chair the board"' in form
    action = Action.objects.get(workshop_item=item)
    assert response["Location"] == reverse(
        "actions:action", args=[room.area.gss_code, action.public_id]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Agreed at a workshop" in page
    assert url("workshops:item", room, item.public_id) in page


def test_the_record_downloads_as_pdf_and_word(client, room, council_facilitator):
    client.force_login(council_facilitator.user)
    item = selectors.agenda(room)[0]
    services.agenda_item_record(item, services.ItemRecord(said="Said in the room"))

    pdf = client.get(url("workshops:record-pdf", room))
    docx = client.get(url("workshops:record-docx", room))

    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert f"{room.area.gss_code}-workshop-" in pdf["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(docx.content)) as document:
        text = document.read("word/document.xml").decode()
    assert "Said in the room" in text and "Who took part" in text
    # A4, as the PDF and every council printer: python-docx's blank document is US Letter.
    section = Document(io.BytesIO(docx.content)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_finishing_asks_first_because_it_cannot_be_undone(client, both_round, council_facilitator):
    """Seen in a try of a real workshop: "Finish the workshop" sat between the room's links and
    the agenda and ended the workshop at one press, for good (the code stops working and a
    finished workshop cannot let people join again), so a slip on a phone ended the room."""
    workshop = WorkshopFactory(round=both_round, title="Spring workshop")
    services.workshop_joining_open(workshop, membership=council_facilitator)
    client.force_login(council_facilitator.user)
    finish = url("workshops:finish", workshop)

    detail = client.get(url("workshops:detail", workshop)).content.decode()
    asked = client.get(finish)

    assert f'<a href="{finish}" role="button"' in detail
    assert f'action="{finish}"' not in detail
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Are you sure you want to finish Spring workshop?" in page
    assert "You cannot undo this." in page
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.LIVE
    client.post(finish)
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.FINISHED
    # Asked again once finished: nothing to confirm, back to the workshop.
    assert client.get(finish)["Location"] == url("workshops:detail", workshop)


def test_finishing_frees_the_code(client, both_round, council_facilitator):
    workshop = WorkshopFactory(round=both_round)
    services.workshop_joining_open(workshop, membership=council_facilitator)
    code = workshop.join_code
    client.force_login(council_facilitator.user)

    client.post(url("workshops:finish", workshop))

    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.FINISHED
    client.logout()
    assert client.get(reverse("join:code", args=[code])).status_code == 404


def test_the_projectors_poll_reads_the_same_few_queries_however_large_the_round(
    client, room, relationships, answer, council_facilitator
):
    """Each projector asks every few seconds, drawing its stage from the round's results:
    the queries must not grow with the round's relationships or answers."""
    client.force_login(council_facilitator.user)
    client.post(url("workshops:step", room), {"to": "next", "back": "projector"})
    client.post(url("workshops:reveal", room), {"back": "projector"})

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert "html" in client.get(url("workshops:live", room), {"stage": ""}).json()["stage"]
        return len(captured)

    small = queries()
    parties = list(relationships[0].parties.values_list("organisation", flat=True))
    organisations = list(Organisation.objects.filter(pk__in=parties))
    more = [
        relationship_create(
            room.area,
            RelationshipData(
                title=f"Relationship {n}", parties=organisations, main_type="delivery", types=[]
            ),
        )
        for n in range(30)
    ]
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=room.round, relationship=r) for r in more
    )
    for side in (Side.COUNCIL, Side.VCS):
        for _ in range(5):
            answer(room.round, side, ratings=dict.fromkeys(more, (3, 3, 3, 3)))

    assert queries() == small, small


def test_the_room_and_the_perspectives_page_word_the_spread_with_one_function(
    client, room, relationships, council_facilitator
):
    """ADR 18: nothing in the room that the results pages could not show. The spread of
    ratings and the lowest rating are worded once, in mapping.presenters, for both."""
    from toolkit.mapping import presenters as mapping_presenters
    from toolkit.workshops import presenters

    assert presenters.rating_spreads is mapping_presenters.rating_spreads
    client.force_login(council_facilitator.user)
    perspectives = reverse("mapping:perspectives", args=[room.area.gss_code, room.round.public_id])
    page = client.get(f"{perspectives}?view=council")
    on_page = {row.relationship.pk: row.spreads for row in page.context["spread_rows"]}
    html = page.content.decode()
    results = selectors.room_results(room)
    items = room.items.filter(kind=ItemKind.RELATIONSHIP, relationship__in=relationships[:2])
    assert items.count() == 2  # Alpha (both sides shown) and Bravo (the sector's withheld)
    for item in items:
        in_room = presenters.relationship_view(item, results, chart=False)
        item_page = client.get(url("workshops:item", room, item.public_id)).content.decode()
        assert in_room.spreads == on_page[item.relationship_id]
        for spread in in_room.spreads:
            for row in spread.rows:
                assert row.note in item_page  # why it is withheld, in the same words
                assert row.text in html
            if spread.lowest:
                assert spread.lowest in item_page and spread.lowest in html
    assert "Lowest strategic rating: 1, from the sector" in html
    assert "Nobody on this side rated it" in html  # Bravo's sector side, as in the room
