"""Issue 15 in a real browser: a workshop in the room. Ten people join by code on their own
phones (separate browser contexts, half of them with scripts off at 375 px) and answer; the
projector with scripts updates its counts and, when the facilitator moves on, its stage
without a reload, the projector without scripts on reload; the facilitator steps through with
the keyboard, records a note and a target, and turns what was agreed into an action; the
presenter view's figures follow answers without a reload too, leaving a note being typed
alone. Then the projector on its own at 1920×1080 and 1280×720: no scrolling, no text under 24 px, no map
label overlapping another label or a mark (from the rendered boxes), zero axe violations."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from toolkit.accounts.tests.factories import TEST_PASSWORD
from toolkit.actions.models import Action, ActionSource
from toolkit.areas.models import OrganisationKind, Role, Side
from toolkit.areas.tests.factories import (
    AreaFactory,
    CouncilFactory,
    MembershipFactory,
    OrganisationFactory,
)
from toolkit.assessment.models import BarrierAnswer, ElementAnswer
from toolkit.framework.testing import load_framework_for_tests
from toolkit.mapping.models import MappingAnswer, Rating, RoundRelationship
from toolkit.register.services import RelationshipData, relationship_create
from toolkit.rounds.models import AssessmentKind, ResponseStatus, RoundStatus
from toolkit.rounds.tests.factories import ResponseFactory, RoundFactory
from toolkit.workshops.models import AgendaItem, ItemKind, Workshop, WorkshopStatus
from toolkit.workshops.tests.factories import WorkshopFactory

from .support import DESKTOP, axe_violations, describe, page_says, scripts_ran, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}
WALLS = ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720})
AXES = (
    "How strategic is this relationship?",
    "How proactive is this relationship?",
    "How much money is invested in this relationship?",
    "How much time is invested in this relationship?",
)
# (strategic, proactive) each person gives the partnership board, five on each side:
# council means 4 and 3, sector means 2 and 2, everyone together 3 and 2.5.
COUNCIL_RATINGS = [(4, 3), (4, 3), (5, 3), (3, 2), (4, 4)]
VCS_RATINGS = [(2, 2), (2, 3), (1, 2), (2, 2), (3, 1)]


@pytest.fixture
def area(transactional_db):
    load_framework_for_tests()
    return AreaFactory(name="Calderdale (test)", suppression_threshold=5)


def _relationships(area):
    council = CouncilFactory(area=area, name="Calderdale Council")
    cvs = OrganisationFactory(area=area, name="Calderdale CVS")
    trust = OrganisationFactory(area=area, name="Halifax Housing Trust")
    housing = OrganisationFactory(
        area=area, kind=OrganisationKind.DEPARTMENT, name="Housing", parent=council
    )
    return [
        relationship_create(
            area, RelationshipData(title=title, parties=parties, main_type=main, types=[main])
        )
        for title, parties, main in (
            ("Partnership board", [council, cvs], "shaping"),
            ("Housing support contract", [housing, trust], "delivery"),
        )
    ]


def _answer(page, code, side, ratings):
    """One person on their phone: the join page, the code, their side, then the round's own
    pages (choose, rate, check, send)."""
    page.goto(page.live_url + reverse("join:enter"))
    page.get_by_label("Enter the code on the screen").fill(code.lower())
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(
        "The council" if side == Side.COUNCIL else "The voluntary and community sector"
    ).check()
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("link", name="Rate relationships").click()
    page.get_by_label("Partnership board").check()
    page.get_by_role("button", name="Continue").click()
    strategic, proactive = ratings
    for question, value in zip(AXES, (strategic, proactive, 3, 3), strict=True):
        group = page.get_by_role("group", name=question)
        group.get_by_label(re.compile(rf"^{value}:")).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Check and send your answers").click()
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_url(re.compile(r"/sent/|/answers/"))


def _signed_in(new_page, live_server, membership, viewport, javascript=True):
    page = new_page(viewport=viewport, javascript=javascript)
    sign_in(page, live_server.url, membership.user.email, TEST_PASSWORD)
    return page


def wall_count(page, side):
    return page.locator(f'.app-room__counts [data-live="{side}"]')


def _counts(page) -> tuple[str, str]:
    return (
        page.locator('.app-room__counts [data-live="council"]').inner_text(),
        page.locator('.app-room__counts [data-live="vcs"]').inner_text(),
    )


def test_ten_people_join_by_code_and_the_room_follows(live_server, new_page, area):
    board, housing = _relationships(area)
    round_ = RoundFactory(
        area=area, includes_mapping=True, assessment=AssessmentKind.NONE, name="Mapping 2026"
    )
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=round_, relationship=r) for r in (board, housing)
    )
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    vcs = MembershipFactory(area=area, role=Role.FACILITATOR_VCS)
    MembershipFactory(area=area, role=Role.VCS_PARTICIPANT, user__full_name="Sam Sector")
    workshop = WorkshopFactory(
        round=round_, title="Joint workshop", facilitator=council.user, council_people=6
    )
    for position, relationship in enumerate((board, housing), start=1):
        AgendaItem.objects.create(
            workshop=workshop,
            position=position,
            kind=ItemKind.RELATIONSHIP,
            relationship=relationship,
            title=relationship.title,
            reason="One of the largest gaps between the council's and the sector's views",
        )
    args = [area.gss_code, workshop.public_id]

    # The council's facilitator lets people join; the sector's confirms the links (ADR 7).
    presenter = _signed_in(new_page, live_server, council, DESKTOP)
    presenter.goto(live_server.url + reverse("workshops:detail", args=args))
    presenter.get_by_role("button", name="Let people join").click()
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.LIVE and len(workshop.join_code) == 6
    code = workshop.join_code
    watcher = _signed_in(new_page, live_server, vcs, {"width": 1280, "height": 720}, False)
    watcher.goto(live_server.url + reverse("workshops:detail", args=args))
    watcher.get_by_role("button", name="Confirm the workshop's links").click()
    page_says(watcher, "confirmed")

    # The wall with scripts (the facilitator's) and a second one without (the sector's).
    wall = _signed_in(new_page, live_server, council, WALLS[0])
    wall.goto(live_server.url + reverse("workshops:projector", args=args))
    assert scripts_ran(wall)
    assert code[:3] in wall.locator(".app-room__code").inner_text()
    assert wall.locator(".app-room__qr svg").count() == 1
    wall.evaluate("window.notReloaded = true")
    plain_wall = watcher
    plain_wall.goto(live_server.url + reverse("workshops:projector", args=args))
    assert not scripts_ran(plain_wall)
    assert _counts(wall) == _counts(plain_wall) == ("0", "0")

    # Ten phones: the first of each side's pair has scripts off at 375 px.
    people = [(Side.COUNCIL, r) for r in COUNCIL_RATINGS] + [(Side.VCS, r) for r in VCS_RATINGS]
    for number, (side, ratings) in enumerate(people):
        scripts = number % 2 == 1
        phone = new_page(viewport=PHONE_375 if not scripts else DESKTOP, javascript=scripts)
        phone.live_url = live_server.url
        _answer(phone, code, side, ratings)
        assert scripts_ran(phone) is scripts
        if number == 0:
            violations = axe_violations(phone)
            assert not violations, describe(violations)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        phone.context.close()
        if number == 0:  # one answer: worded as the round's page words it
            expect(wall_count(wall, "council")).to_have_text("fewer than 5", timeout=15_000)
        if number == 4:  # all five council people have answered
            expect(wall_count(wall, "council")).to_have_text("5", timeout=15_000)
            assert _counts(wall) == ("5", "0")
            assert _counts(plain_wall) == ("0", "0")  # until reloaded
            plain_wall.reload()
            assert _counts(plain_wall) == ("5", "0")
    expect(wall_count(wall, "vcs")).to_have_text("5", timeout=15_000)

    # The facilitator steps through with the keyboard on the presenter view.
    presenter.goto(live_server.url + reverse("workshops:presenter", args=args))
    with presenter.expect_navigation():
        presenter.keyboard.press("ArrowRight")
    assert "item 1 of 2, Partnership board" in presenter.locator("main").inner_text()
    with presenter.expect_navigation():
        presenter.keyboard.press("r")
    expect(wall.locator(".app-room__title")).to_have_text("Partnership board", timeout=15_000)
    expect(wall.locator(".app-room-map")).to_have_count(1, timeout=15_000)
    stage = wall.locator("[data-room-stage]").inner_text()
    assert "Council: strategic 4, proactive 3" in stage
    assert "Sector: strategic 2, proactive 2" in stage
    assert "Lowest strategic rating: 1, from the sector" in stage
    assert wall.evaluate("window.notReloaded") is True
    plain_wall.reload()
    assert "Council: strategic 4, proactive 3" in plain_wall.locator("main").inner_text()

    # The presenter view follows too (the same poll), while the facilitator types a note.
    presenter_stage = presenter.locator("[data-room-stage]")
    assert "Strategic 4, proactive 3" in presenter_stage.inner_text()
    presenter.evaluate("window.notReloaded = true")
    said = presenter.get_by_label("What was said")
    said.fill("The sector hears of decisions afterwards.")

    # With the figures revealed, a sixth council answer moves them on the wall without a
    # reload or a step (council strategic (4+4+5+3+4+1)/6 = 3.5, and now both sides' lowest
    # strategic rating is 1), said politely to assistive technology.
    phone = new_page(viewport=PHONE_375, javascript=False)
    phone.live_url = live_server.url
    _answer(phone, code, Side.COUNCIL, (1, 3))
    phone.context.close()
    expect(presenter_stage).to_contain_text("Strategic 3.5, proactive 3", timeout=15_000)
    assert "Lowest strategic rating: 1, from both sides" in presenter_stage.inner_text()
    expect(presenter.locator('[data-live="council"]')).to_have_text("6", timeout=15_000)
    assert presenter.evaluate("window.notReloaded") is True
    assert said.input_value() == "The sector hears of decisions afterwards."
    expect(presenter.locator("[data-room-announce]")).to_have_text(
        "The figures for Partnership board have changed."
    )
    violations = axe_violations(presenter)
    assert not violations, describe(violations)
    expect(wall.locator("[data-room-stage]")).to_contain_text(
        "Council: strategic 3.5, proactive 3", timeout=15_000
    )
    stage = wall.locator("[data-room-stage]").inner_text()
    assert "Lowest strategic rating: 1, from both sides" in stage
    assert "Sector: strategic 2, proactive 2" in stage
    expect(wall_count(wall, "council")).to_have_text("6", timeout=15_000)
    expect(wall.locator("[data-room-announce]")).to_have_text(
        "The figures for Partnership board have changed."
    )
    assert wall.evaluate("window.notReloaded") is True

    # A note and a target, saved from the presenter view: the wall draws the arrow to it.
    presenter.get_by_label("What was said").fill("The sector hears of decisions afterwards.")
    presenter.get_by_label("What was agreed").fill("Co-chair the board from the spring.")
    presenter.get_by_label(re.compile("^Target: how strategic")).fill("4.5")
    presenter.get_by_label(re.compile("^Target: how proactive")).fill("4")
    presenter.get_by_role("button", name="Save the notes").click()
    # wait for the page the save returns to (content() could read the page it was sent from)
    expect(presenter.locator("main")).to_contain_text("Notes on “Partnership board” saved.")
    expect(wall.locator("[data-room-stage]")).to_contain_text(
        "Target agreed: strategic 4.5, proactive 4", timeout=15_000
    )
    assert wall.locator(".app-room-map line[marker-end]").count() == 1
    assert wall.evaluate("window.notReloaded") is True
    # The wall is done: stop its polling, so that the live server is not answering it while
    # the rest of the test, and the database's teardown, use the same test database.
    wall.goto("about:blank")
    plain_wall.reload()
    assert plain_wall.locator(".app-room-map line[marker-end]").count() == 1

    # The agreed point becomes an action with an owner on each side.
    presenter.get_by_role("link", name="Make an action from what was agreed").click()
    assert "Co-chair the board from the spring." in presenter.locator("main").inner_text()
    presenter.get_by_label("The action").fill("Co-chair the partnership board")
    presenter.get_by_label("Owner on the council side").select_option(index=1)
    sector_owner = presenter.get_by_label("Owner on the sector side")
    sector_owner.select_option(
        sector_owner.locator("option", has_text="Sam Sector").get_attribute("value")
    )
    presenter.get_by_role("button", name="Add the action to the plan").click()
    action = Action.objects.get(title="Co-chair the partnership board")
    assert action.source == ActionSource.WORKSHOP
    assert action.workshop_item.workshop_id == workshop.pk
    assert action.relationship_id == board.pk and action.answers_gap
    assert action.what_will_change == "Co-chair the board from the spring."
    assert action.vcs_owner.full_name == "Sam Sector"

    # Back on the presenter view, the keys move on and back.
    presenter.goto(live_server.url + reverse("workshops:presenter", args=args))
    with presenter.expect_navigation():
        presenter.keyboard.press("PageDown")
    assert "item 2 of 2, Housing support contract" in presenter.locator("main").inner_text()
    with presenter.expect_navigation():
        presenter.keyboard.press("ArrowLeft")
    assert Workshop.objects.get(pk=workshop.pk).position == 1


# --- the projector on its own ----------------------------------------------------------------

ELEMENTS = {"time": (2, 4), "trust": (4, 2)}


@pytest.fixture
def room(area):
    """A closed round of both kinds, answered by six council and five sector people, and a
    workshop whose agenda has a relationship with a target, a key element, a barrier, and a
    relationship everyone put in the corner where its target is."""
    board, housing = _relationships(area)
    round_ = RoundFactory(
        area=area,
        includes_mapping=True,
        assessment=AssessmentKind.FULL,
        name="Both 2026",
        status=RoundStatus.CLOSED,
    )
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=round_, relationship=r) for r in (board, housing)
    )
    people = [(Side.COUNCIL, r) for r in [*COUNCIL_RATINGS, (4, 3)]]
    people += [(Side.VCS, r) for r in VCS_RATINGS]
    for side, (strategic, proactive) in people:
        response = ResponseFactory(round=round_, side=side, status=ResponseStatus.SUBMITTED)
        MappingAnswer.objects.create(response=response)
        # everyone puts the housing contract in the top right corner, where its target is too:
        # the map has no free place there for three of its four labels
        for relationship, (s, p) in ((board, (strategic, proactive)), (housing, (5, 5))):
            Rating.objects.create(
                response=response,
                relationship=relationship,
                strategic=s,
                proactive=p,
                financial=3,
                time=3,
            )
        for slug, (c, v) in ELEMENTS.items():
            ElementAnswer.objects.create(
                response=response,
                element_slug=slug,
                statement_id=f"{slug}-1",
                value=c if side == Side.COUNCIL else v,
            )
        BarrierAnswer.objects.create(response=response, barrier_slug="local-history")
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    workshop = WorkshopFactory(round=round_, title="Joint workshop", revealed=True)
    for position, (kind, extra) in enumerate(
        (
            (ItemKind.RELATIONSHIP, {"relationship": board, "title": board.title}),
            (ItemKind.ELEMENT, {"element_slug": "time", "title": "Time"}),
            (ItemKind.BARRIER, {"barrier_slug": "local-history", "title": "Local history"}),
            (ItemKind.RELATIONSHIP, {"relationship": housing, "title": housing.title}),
        ),
        start=1,
    ):
        AgendaItem.objects.create(workshop=workshop, position=position, kind=kind, **extra)
    AgendaItem.objects.filter(relationship=board).update(target_strategic=4.5, target_proactive=4)
    AgendaItem.objects.filter(relationship=housing).update(target_strategic=5, target_proactive=5)
    return workshop, council


# Every visible piece of text on the wall: its computed size in CSS pixels on screen (SVG text
# scaled from the map's user units to its rendered size).
SMALLEST_TEXT = """() => {
  const sizes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('[hidden], script, title, desc, .govuk-visually-hidden')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg && el.closest('text')) {
      const t = el.closest('text');
      size = parseFloat(t.getAttribute('font-size')) * svg.getBoundingClientRect().height
        / svg.viewBox.baseVal.height;
    }
    sizes.push([size, node.textContent.trim().slice(0, 40)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes[0];
}"""

# Each map label's rendered box, and each mark's: any label overlapping another label or a mark.
LABEL_OVERLAPS = """() => {
  const box = (el) => el.getBoundingClientRect();
  const labels = [...document.querySelectorAll('.app-room-map text')].map((el) =>
    [el.textContent, box(el)]);
  const marks = [...document.querySelectorAll(
    '.app-room-map circle, .app-room-map polygon, .app-room-map rect:not(:first-of-type)')]
    .map((el) => ['mark', box(el)]);
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom
    && b.top < a.bottom;
  const found = [];
  labels.forEach(([name, a], i) => {
    labels.slice(i + 1).forEach(([other, b]) => { if (hit(a, b)) found.push([name, other]); });
    marks.forEach(([other, b]) => { if (hit(a, b)) found.push([name, other]); });
  });
  return {labels: labels.length, found};
}"""


# Each of the wall's larger pieces of text, as a multiple of the wall's base size. Seen in a
# try of a real workshop: `.app-room p` and `.app-room strong` outranked the classes, so the
# join code, the join screen's lead and an element's figure were all at the base size.
SIZED = {".app-room__code": 1.5, ".app-room__lead": 1.3, ".app-room__card-figure": 2}
RELATIVE_SIZES = """(selectors) => {
  const base = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Object.fromEntries(selectors.filter((s) => document.querySelector(s)).map((s) =>
    [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize) / base]));
}"""


def test_the_projector_fits_a_wall_and_reads_from_the_back(live_server, new_page, room):
    workshop, council = room
    # Live, so that the join screen and the bar with the code are on the wall too.
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.LIVE, join_code="K7P2QX")
    args = [workshop.area.gss_code, workshop.public_id]
    url = live_server.url + reverse("workshops:projector", args=args)
    for viewport in WALLS:
        page = _signed_in(new_page, live_server, council, viewport)
        for position in range(0, 5):
            Workshop.objects.filter(pk=workshop.pk).update(position=position)
            page.goto(url)
            where = f"item {position} at {viewport['width']}×{viewport['height']}"
            assert page.evaluate(
                "document.documentElement.scrollHeight <= window.innerHeight"
                " && document.documentElement.scrollWidth <= window.innerWidth"
            ), f"{where} scrolls"
            size, text = page.evaluate(SMALLEST_TEXT)
            assert size >= 24, f"{where}: “{text}” is {size:.1f} px"
            violations = axe_violations(page)
            assert not violations, f"{where}: {describe(violations)}"
            sizes = page.evaluate(RELATIVE_SIZES, list(SIZED))
            assert sizes == {s: pytest.approx(SIZED[s]) for s in sizes}, (where, sizes)
            if position == 0:
                assert set(sizes) == {".app-room__code", ".app-room__lead"}, where
                assert "K7P 2QX" in page.locator(".app-room__code").inner_text()
            if position == 1:
                stage = page.locator("[data-room-stage]").inner_text()
                assert "Council: strategic 4, proactive 3" in stage
                assert "Target agreed: strategic 4.5, proactive 4" in stage
                overlaps = page.evaluate(LABEL_OVERLAPS)
                # the axes' four names, and Council, Sector, Both and Target by name
                assert overlaps["labels"] == 8 and overlaps["found"] == [], (where, overlaps)
                labels = page.locator(".app-room-map .app-room-label").all_text_contents()
                assert sorted(labels) == ["Both", "Council", "Sector", "Target"]
            if position == 2:
                assert "2.0 out of 5" in page.locator("[data-room-stage]").inner_text()
                assert ".app-room__card-figure" in sizes, where
            if position == 4:
                # the labels with no free place are named beside the map, as large as the rest
                key = page.locator(".app-room__chart-key")
                expect(key).to_have_text(
                    "Not labelled on the map: Sector (red square), Both (black diamond), "
                    "Target (green ring)."
                )
                expect(key).to_be_in_viewport()
                labels = page.locator(".app-room-map .app-room-label").all_text_contents()
                assert labels == ["Council"], where


# --- targets on the maps ---------------------------------------------------------------------


def _closed_round(area, relationships, name, previous, ratings, time):
    round_ = RoundFactory(
        area=area,
        includes_mapping=True,
        assessment=AssessmentKind.FULL,
        name=name,
        status=RoundStatus.CLOSED,
        previous_round=previous,
    )
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=round_, relationship=r) for r in relationships
    )
    for side in (Side.COUNCIL, Side.VCS):
        for _ in range(5):
            response = ResponseFactory(round=round_, side=side, status=ResponseStatus.SUBMITTED)
            MappingAnswer.objects.create(response=response)
            Rating.objects.create(
                response=response,
                relationship=relationships[0],
                strategic=ratings[0],
                proactive=ratings[1],
                financial=3,
                time=3,
            )
            ElementAnswer.objects.create(
                response=response, element_slug="time", statement_id="time-1", value=time
            )
    return round_


def test_targets_on_the_maps_and_the_distance_moved_read_well(live_server, new_page, area):
    """Round A puts the board at 2, 2; the workshop on it aims at 4, 4.5; round B puts it at
    3, 3: 3.2 from the target then, 1.8 now, 1.4 closer."""
    relationships = _relationships(area)
    first = _closed_round(area, relationships, "Round A", None, (2, 2), 2)
    later = _closed_round(area, relationships, "Round B", first, (3, 3), 4)
    workshop = WorkshopFactory(round=first, title="Joint workshop", held_on="2026-06-03")
    AgendaItem.objects.create(
        workshop=workshop,
        position=1,
        kind=ItemKind.RELATIONSHIP,
        relationship=relationships[0],
        title=relationships[0].title,
        target_strategic=4,
        target_proactive=4.5,
    )
    AgendaItem.objects.create(
        workshop=workshop,
        position=2,
        kind=ItemKind.ELEMENT,
        element_slug="time",
        title="Time",
        target_band="strength",
    )
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    pages = [
        ("the map", reverse("mapping:map", args=[area.gss_code, first.public_id]), "3.2"),
        (
            "what changed",
            reverse("mapping:compare", args=[area.gss_code, later.public_id]),
            "1.4 closer",
        ),
        (
            "the workshop",
            reverse("workshops:detail", args=[area.gss_code, workshop.public_id]),
            "Reached: strength",
        ),
    ]
    for viewport, scripts in ((DESKTOP, True), (PHONE_375, False)):
        page = _signed_in(new_page, live_server, council, viewport, scripts)
        for what, path, expected in pages:
            page.goto(live_server.url + path)
            assert expected in page.locator("main").inner_text(), what
            violations = axe_violations(page)
            assert not violations, f"{what} at {viewport['width']}px: {describe(violations)}"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                f"{what} scrolls sideways at {viewport['width']}px"
            )
        page.goto(live_server.url + pages[0][1])
        assert page.locator("svg .app-target-arrow").count() == 1


def test_finishing_the_workshop_asks_first(live_server, new_page, area):
    """A facilitator on a phone without scripts: the workshop's page, "Finish the workshop",
    the question (axe-checked, no sideways scrolling), then finished."""
    round_ = RoundFactory(area=area, includes_mapping=True, assessment=AssessmentKind.NONE)
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    workshop = WorkshopFactory(round=round_, title="Joint workshop", facilitator=council.user)
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.LIVE, join_code="K7P2QX")
    page = _signed_in(new_page, live_server, council, PHONE_375, javascript=False)
    page.goto(
        live_server.url + reverse("workshops:detail", args=[area.gss_code, workshop.public_id])
    )

    page.get_by_role("button", name="Finish the workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to finish Joint workshop?"
    )
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Workshop.objects.get(pk=workshop.pk).status == WorkshopStatus.LIVE
    page.get_by_role("button", name="Finish the workshop").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has finished")
    assert Workshop.objects.get(pk=workshop.pk).status == WorkshopStatus.FINISHED


def test_next_on_the_last_item_and_previous_on_the_join_screen_send_nothing(
    live_server, new_page, room
):
    """Seen in a try of a real workshop: → on the last item still posted a step (and reloaded
    the wall). At either end the keys now do nothing; the other key still moves."""
    workshop, council = room
    last = AgendaItem.objects.filter(workshop=workshop).count()
    Workshop.objects.filter(pk=workshop.pk).update(position=last)
    args = [workshop.area.gss_code, workshop.public_id]
    page = _signed_in(new_page, live_server, council, WALLS[1])
    posted = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    page.goto(live_server.url + reverse("workshops:projector", args=args))
    assert scripts_ran(page)

    page.keyboard.press("ArrowRight")
    page.keyboard.press("PageDown")
    # Keys are handled in order: by the time ← has moved the wall, → and Page Down were seen.
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")
    expect(page.locator("h1")).to_have_text("Local history")
    assert posted == [live_server.url + reverse("workshops:step", args=args)]

    Workshop.objects.filter(pk=workshop.pk).update(position=0)
    page.goto(live_server.url + reverse("workshops:presenter", args=args))
    expect(page.get_by_role("button", name="Previous")).to_be_disabled()
    posted.clear()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("PageUp")
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")
    assert posted == [live_server.url + reverse("workshops:step", args=args)]
    assert Workshop.objects.get(pk=workshop.pk).position == 1
