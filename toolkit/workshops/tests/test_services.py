"""Workshops: the agenda from decided results, joining through the rounds' shared links, the
conversation and its targets, actions, and the counts the record prints."""

from decimal import Decimal

import pytest

from toolkit.actions.models import Action, ActionSource
from toolkit.areas.models import Side
from toolkit.rounds.models import LinkKind, RespondentLink, Response, ResponseStatus
from toolkit.workshops import selectors, services
from toolkit.workshops.models import JOIN_CODE_ALPHABET, AgendaItem, ItemKind, WorkshopStatus
from toolkit.workshops.tests.factories import AgendaItemFactory, WorkshopFactory

ELEMENTS = {  # council, VCS: six answered elements, so that there are three weakest
    "time": (2, 1),
    "capacity": (2, 2),
    "consistency": (3, 2),
    "transparency": (5, 5),
    "structures": (4, 5),
    "mechanisms": (5, 4),
}


@pytest.fixture
def answered(both_round, relationships, answer):
    """Three people a side (the area's threshold is 3): the council and the sector far apart
    on Alpha, a little apart on Bravo, together on Charlie."""
    alpha, bravo, charlie = relationships
    vcs_barriers = [
        ["local-history", "competitive-commissioning", "short-term-horizons"],
        ["local-history", "competitive-commissioning"],
        ["local-history"],
    ]
    for person in range(3):
        answer(
            both_round,
            Side.COUNCIL,
            ratings={alpha: (5, 5, 3, 3), bravo: (3, 3, 3, 3), charlie: (4, 4, 3, 3)},
            elements={slug: c for slug, (c, _v) in ELEMENTS.items()},
            barriers=["local-history", "commercialisation"],
        )
        answer(
            both_round,
            Side.VCS,
            ratings={alpha: (1, 1, 3, 3), bravo: (2, 3, 3, 3), charlie: (4, 4, 3, 3)},
            elements={slug: v for slug, (_c, v) in ELEMENTS.items()},
            barriers=vcs_barriers[person],
        )
    return both_round


def test_the_agenda_is_built_from_decided_results_largest_gap_first(answered, relationships):
    workshop = WorkshopFactory(round=answered)
    results = selectors.room_results(workshop)

    added = services.agenda_build(workshop, results)

    items = selectors.agenda(workshop)
    assert added == 8
    assert [(i.position, i.kind, i.title) for i in items] == [
        (1, ItemKind.RELATIONSHIP, "Alpha partnership board"),
        (2, ItemKind.RELATIONSHIP, "Bravo housing contract"),
        (3, ItemKind.ELEMENT, "Time"),
        (4, ItemKind.ELEMENT, "Capacity"),
        (5, ItemKind.ELEMENT, "Consistency"),
        (6, ItemKind.BARRIER, "Local history"),  # named by 6
        (7, ItemKind.BARRIER, "Relationships that have become commercial"),  # 3
        (8, ItemKind.BARRIER, "Competitive commissioning"),  # 2 (short-term horizons: 1)
    ]
    assert items[0].relationship == relationships[0]
    assert items[2].element_slug == "time" and items[5].barrier_slug == "local-history"
    # building again adds nothing that is already there
    assert services.agenda_build(workshop, results) == 0
    assert AgendaItem.objects.filter(workshop=workshop).count() == 8


def test_elements_of_one_mean_are_not_suggested_as_the_weakest(both_round, relationships, answer):
    """As the results page and the report say: when every key element answered has the same
    mean, none is weaker than another, so none is put on the agenda as one of the weakest."""
    for _person in range(3):
        for side in (Side.COUNCIL, Side.VCS):
            answer(both_round, side, elements=dict.fromkeys(ELEMENTS, 3))
    workshop = WorkshopFactory(round=both_round)

    suggested = selectors.agenda_suggestions(selectors.room_results(workshop))

    assert [s for s in suggested if s.kind == ItemKind.ELEMENT] == []


def test_a_sealed_round_suggests_nothing(both_round, relationships, answer):
    answer(both_round, Side.COUNCIL, ratings={relationships[0]: (5, 5, 5, 5)})
    workshop = WorkshopFactory(round=both_round)

    results = selectors.room_results(workshop)

    assert results.visible is False
    assert selectors.agenda_suggestions(results) == []


@pytest.mark.django_db
def test_items_move_up_and_down_and_removing_one_closes_the_gap():
    workshop = WorkshopFactory()
    first, second, third = (
        AgendaItemFactory(workshop=workshop, position=n, title=t)
        for n, t in ((1, "First"), (2, "Second"), (3, "Third"))
    )

    services.agenda_item_move(third, "up")
    assert [i.title for i in selectors.agenda(workshop)] == ["First", "Third", "Second"]
    services.agenda_item_move(first, "up")  # already first: nothing moves
    services.agenda_item_move(first, "down")
    assert [i.title for i in selectors.agenda(workshop)] == ["Third", "First", "Second"]

    services.agenda_item_remove(first)
    assert [(i.position, i.title) for i in selectors.agenda(workshop)] == [
        (1, "Third"),
        (2, "Second"),
    ]
    assert second.pk  # untouched rows keep their identity


def test_adding_by_hand_takes_only_what_the_round_asked_and_only_once(both_round):
    workshop = WorkshopFactory(round=both_round)
    choices = selectors.add_choices(workshop)

    item = services.agenda_item_add(
        workshop, kind=ItemKind.ELEMENT, value="rebalancing-power", choices=choices
    )

    assert (item.position, item.title, item.element_slug) == (
        1,
        "Rebalancing power",
        "rebalancing-power",
    )
    with pytest.raises(services.WorkshopError, match="already on the agenda"):
        services.agenda_item_add(
            workshop, kind=ItemKind.ELEMENT, value="rebalancing-power", choices=choices
        )
    with pytest.raises(services.WorkshopError, match="Choose something this round asked about"):
        services.agenda_item_add(workshop, kind=ItemKind.BARRIER, value="nonsense", choices=choices)


def test_joining_makes_a_shared_link_per_side_for_the_people_expected(
    both_round, council_facilitator
):
    workshop = WorkshopFactory(round=both_round, council_people=12, vcs_people=9, title="Room")

    services.workshop_joining_open(workshop, membership=council_facilitator)

    assert workshop.status == WorkshopStatus.LIVE
    assert len(workshop.join_code) == 6 and set(workshop.join_code) <= set(JOIN_CODE_ALPHABET)
    links = {link.side: link for link in RespondentLink.objects.filter(round=both_round)}
    assert {
        side: (link.kind, link.size, link.made_by_side, link.label, link.is_confirmed)
        for side, link in links.items()
    } == {
        Side.COUNCIL: (LinkKind.SIDE, 12, Side.COUNCIL, "Workshop: Room", False),
        Side.VCS: (LinkKind.SIDE, 9, Side.COUNCIL, "Workshop: Room", False),
    }
    assert (workshop.council_link, workshop.vcs_link) == (links[Side.COUNCIL], links[Side.VCS])
    # opening again keeps the same code and links
    code = workshop.join_code
    services.workshop_joining_open(workshop, membership=council_facilitator)
    assert workshop.join_code == code
    assert RespondentLink.objects.filter(round=both_round).count() == 2


def test_only_the_other_sides_facilitator_confirms_the_workshops_links(
    both_round, council_facilitator, vcs_facilitator
):
    workshop = WorkshopFactory(round=both_round)
    services.workshop_joining_open(workshop, membership=council_facilitator)

    with pytest.raises(services.WorkshopError):
        services.workshop_links_confirm(workshop, membership=council_facilitator)
    assert services.workshop_links_confirm(workshop, membership=vcs_facilitator) == 2

    workshop.refresh_from_db()
    assert workshop.council_link.is_confirmed and workshop.vcs_link.is_confirmed


def test_joining_by_code_answers_through_the_workshops_link_for_the_side(
    both_round, council_facilitator
):
    workshop = WorkshopFactory(round=both_round)
    services.workshop_joining_open(workshop, membership=council_facilitator)

    started = services.workshop_join(workshop, Side.VCS)

    response = Response.objects.get(pk=started.response.pk)
    assert (response.side, response.shared_link_id, response.status) == (
        Side.VCS,
        workshop.vcs_link_id,
        ResponseStatus.IN_PROGRESS,
    )
    assert response.respondent_name == "" and response.user_id is None


def test_join_codes_are_unique_among_live_workshops(both_round, council_facilitator, monkeypatch):
    drawn = iter(["ACDEFG", "ACDEFG", "HJKMNP"])
    monkeypatch.setattr(services, "join_code_new", lambda: next(drawn))
    first, second = WorkshopFactory(round=both_round), WorkshopFactory(round=both_round)

    services.workshop_joining_open(first, membership=council_facilitator)
    services.workshop_joining_open(second, membership=council_facilitator)

    assert (first.join_code, second.join_code) == ("ACDEFG", "HJKMNP")


def test_a_finished_workshop_frees_its_code_and_withdraws_its_links(
    both_round, council_facilitator
):
    workshop = WorkshopFactory(round=both_round)
    services.workshop_joining_open(workshop, membership=council_facilitator)
    code = workshop.join_code

    services.workshop_finish(workshop)

    assert (workshop.status, workshop.join_code) == (WorkshopStatus.FINISHED, None)
    assert selectors.live_workshop_for_code(code) is None
    assert RespondentLink.objects.filter(round=both_round, revoked_at__isnull=True).count() == 0
    with pytest.raises(services.WorkshopError):
        services.workshop_join(workshop, Side.COUNCIL)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("acd 479", "ACD479"), ("ACD-479", "ACD479"), ("ACD47", ""), ("ACD470", ""), ("", "")],
)
def test_what_people_type_is_read_as_a_code_or_not_at_all(typed, code):
    assert services.join_code_normalise(typed) == code


@pytest.mark.django_db
def test_targets_belong_to_their_kind_of_item():
    relationship = AgendaItemFactory(kind=ItemKind.RELATIONSHIP, barrier_slug="")
    element = AgendaItemFactory(kind=ItemKind.ELEMENT, barrier_slug="", element_slug="time")
    barrier = AgendaItemFactory()

    def problems(item, **record):
        return services.agenda_item_problems(item, services.ItemRecord(**record))

    assert (
        problems(relationship, target_strategic=Decimal("4"), target_proactive=Decimal("3.5")) == []
    )
    assert problems(relationship, target_strategic=Decimal("4")) == [
        ("target_proactive", "Enter where both sides want it on both axes, or neither")
    ]
    assert problems(barrier, target_strategic=Decimal("4"), target_proactive=Decimal("4")) == [
        ("target_strategic", "Only a relationship has a place on the map")
    ]
    assert problems(element, target_band="strength") == []
    assert problems(relationship, target_band="strength") == [
        ("target_band", "Only a key element has a band to reach")
    ]

    saved = services.agenda_item_record(
        relationship,
        services.ItemRecord(
            said=" Both sides see it differently. ",
            agreed="Meet monthly",
            target_strategic=Decimal("4.5"),
            target_proactive=Decimal("4"),
        ),
    )
    assert (saved.said, saved.agreed, saved.target_strategic, saved.target_proactive) == (
        "Both sides see it differently.",
        "Meet monthly",
        Decimal("4.5"),
        Decimal("4.0"),
    )


def test_an_agreed_point_becomes_an_action_with_its_context(
    answered, relationships, council_facilitator, vcs_facilitator
):
    workshop = WorkshopFactory(round=answered)
    results = selectors.room_results(workshop)
    services.agenda_build(workshop, results)
    item = selectors.agenda(workshop)[0]  # Alpha: the sides far apart
    services.agenda_item_record(item, services.ItemRecord(agreed="A joint board agenda"))
    item.refresh_from_db()

    action = services.agenda_item_action_create(
        item,
        title="Agree the board's agenda together",
        council_owner=council_facilitator.user,
        vcs_owner=vcs_facilitator.user,
        due_on=None,
        user=council_facilitator.user,
        results=results,
    )

    action = Action.objects.get(pk=action.pk)
    assert (
        action.source,
        action.workshop_item,
        action.relationship,
        action.answers_gap,
        action.what_will_change,
        action.council_owner,
        action.vcs_owner,
    ) == (
        ActionSource.WORKSHOP,
        item,
        relationships[0],
        True,
        "A joint board agenda",
        council_facilitator.user,
        vcs_facilitator.user,
    )
    with pytest.raises(services.WorkshopError, match="sector side"):
        services.agenda_item_action_create(
            item,
            title="No sector owner",
            council_owner=council_facilitator.user,
            vcs_owner=None,
            due_on=None,
            user=council_facilitator.user,
            results=results,
        )
    # an item an action came from stays on the agenda, as the action's context
    with pytest.raises(services.WorkshopError, match="stays on the agenda"):
        services.agenda_item_remove(item)


@pytest.mark.parametrize(
    ("at_workshop", "elsewhere", "expected"),
    [
        (4, 0, ("4", "0")),  # nobody answered elsewhere: an empty group hides nothing
        (3, 3, ("3", "0")),
        # 2 elsewhere would follow from the side's total; nobody wrote on paper anywhere
        (3, 2, ("not shown", "0")),
        (2, 0, ("fewer than 3", "0")),
    ],
)
def test_the_record_counts_who_took_part_under_the_disclosure_rules(
    both_round, council_facilitator, at_workshop, elsewhere, expected
):
    workshop = WorkshopFactory(round=both_round)
    services.workshop_joining_open(workshop, membership=council_facilitator)
    for link, n in ((workshop.council_link, at_workshop), (None, elsewhere)):
        for _ in range(n):
            Response.objects.create(
                round=both_round,
                side=Side.COUNCIL,
                status=ResponseStatus.SUBMITTED,
                started_on=both_round.opened_on,
                submitted_on=both_round.opened_on,
                shared_link=link,
            )

    counts = {c.side: (c.online.text, c.on_paper.text) for c in selectors.participation(workshop)}

    assert counts == {Side.COUNCIL: expected, Side.VCS: ("0", "0")}
