"""Step 1 by each side (issue 15, item 5): each side's own judgement beside the joint one, who
may record it, the comparison and the disagreements the workshop's agenda takes."""

import pytest
from django.urls import reverse

from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.register import selectors
from toolkit.register.judgements import (
    JOINT,
    JUDGEMENT,
    NOT_TICKED,
    QUALITY,
    TICKED,
    JudgementData,
    can_judge_for_side,
    side_judgement_save,
)
from toolkit.register.models import RelationshipChange, SideJudgement, SideQuality
from toolkit.register.services import (
    QualityAnswer,
    RelationshipInvalid,
    register_settings_save,
    relationship_create,
)


@pytest.fixture
def relationship(area, make_data, facilitator):
    data = make_data(judgement="strategic", judgement_reasoning="Sets the priorities")
    return relationship_create(area, data, user=facilitator)


def council_view(**qualities):
    return JudgementData(
        "strategic",
        "It shapes the borough plan",
        {slug: QualityAnswer(True, f"Evidence for {slug}") for slug in qualities},
    )


def test_a_side_judgement_is_saved_beside_the_joint_one_and_logged(relationship, facilitator):
    changes = side_judgement_save(
        relationship, Side.COUNCIL, council_view(**{"common-goals": True}), user=facilitator
    )

    row = SideJudgement.objects.get()
    assert (row.side, row.judgement, row.judgement_reasoning, row.updated_by) == (
        "council",
        "strategic",
        "It shapes the borough plan",
        facilitator,
    )
    assert sorted(
        SideQuality.objects.filter(present=True).values_list("quality_slug", "evidence")
    ) == [("common-goals", "Evidence for common-goals")]
    assert SideQuality.objects.count() == 7
    assert changes[:3] == [
        {"field": "Council side: judgement", "before": "", "after": "Strategic"},
        {
            "field": "Council side: reasoning for the judgement",
            "before": "",
            "after": "It shapes the borough plan",
        },
        {"field": "Council side: quality: Clear common goals", "before": "", "after": "Present"},
    ]
    assert RelationshipChange.objects.filter(relationship=relationship).latest("pk").changes == (
        changes
    )
    relationship.refresh_from_db()
    assert (relationship.judgement, relationship.judgement_reasoning) == (
        "strategic",
        "Sets the priorities",
    )
    assert list(
        relationship.qualities.filter(present=True).values_list("quality_slug", flat=True)
    ) == ["common-goals"]


def test_saving_the_same_judgement_again_changes_nothing(relationship, facilitator):
    side_judgement_save(relationship, Side.VCS, council_view(nurtured=True), user=facilitator)
    logged = RelationshipChange.objects.count()

    assert side_judgement_save(relationship, Side.VCS, council_view(nurtured=True)) == []
    assert RelationshipChange.objects.count() == logged

    changed = side_judgement_save(
        relationship, Side.VCS, JudgementData("not_strategic", "Only a contract", {})
    )
    assert {
        "field": "VCS side: quality: Nurtured through regular communication",
        "before": "Present",
        "after": "Not present",
    } in changed
    assert SideJudgement.objects.get().judgement == "not_strategic"
    assert not SideQuality.objects.filter(present=True).exists()


def test_a_side_judgement_follows_the_joint_rules(relationship):
    with pytest.raises(RelationshipInvalid) as raised:
        side_judgement_save(
            relationship,
            Side.COUNCIL,
            JudgementData("strategic", " ", {"nurtured": QualityAnswer(True, "")}),
        )
    assert raised.value.problems == [
        ("judgement_reasoning", "Say why you reached this judgement"),
        (
            "evidence_nurtured",
            "Say why the relationship has the quality ‘Nurtured through regular communication’",
        ),
    ]
    assert not SideJudgement.objects.exists()


@pytest.mark.parametrize(
    ("role", "participants_may_edit", "council", "vcs"),
    [
        (Role.FACILITATOR_COUNCIL, False, True, False),
        (Role.FACILITATOR_VCS, False, False, True),
        (Role.COUNCIL_PARTICIPANT, False, False, False),
        (Role.COUNCIL_PARTICIPANT, True, True, False),
        (Role.VCS_PARTICIPANT, True, False, True),
        (Role.PEER_REVIEWER, True, False, False),
    ],
)
def test_only_a_sides_own_members_judge_for_it(area, role, participants_may_edit, council, vcs):
    register_settings_save(area, participants_may_edit=participants_may_edit)
    ends = "2099-01-01" if role == Role.PEER_REVIEWER else None
    membership = MembershipFactory(area=area, role=role, ends_on=ends)
    assert can_judge_for_side(membership, Side.COUNCIL) is council
    assert can_judge_for_side(membership, Side.VCS) is vcs
    assert can_judge_for_side(membership, JOINT) is False


def test_disagreements_are_a_different_judgement_and_each_quality_one_side_alone_sees(
    area, relationship
):
    side_judgement_save(
        relationship,
        Side.COUNCIL,
        council_view(**{"common-goals": True, "formal": True, "nurtured": True}),
    )
    side_judgement_save(
        relationship,
        Side.VCS,
        JudgementData(
            "becoming_strategic",
            "Not yet",
            {
                "formal": QualityAnswer(True, "Terms of reference"),
                "sharing": QualityAnswer(True, "Pooled"),
            },
        ),
    )

    found = selectors.judgement_disagreements(area)

    assert [(d.kind, d.quality.slug if d.quality else "", d.council, d.vcs) for d in found] == [
        (JUDGEMENT, "", "strategic", "becoming strategic"),
        (QUALITY, "common-goals", TICKED, NOT_TICKED),
        (QUALITY, "sharing", NOT_TICKED, TICKED),
        (QUALITY, "nurtured", TICKED, NOT_TICKED),
    ]
    assert found[0].title == "VCS partnership board: is it strategic?"
    assert found[0].summary == "Council side: strategic. VCS side: becoming strategic."
    assert found[1].title == "VCS partnership board: clear common goals"
    assert all(d.relationship == relationship for d in found)


def test_nothing_disagrees_until_both_sides_have_judged(area, relationship, make_data):
    side_judgement_save(relationship, Side.COUNCIL, council_view(**{"common-goals": True}))
    assert selectors.judgement_disagreements(area) == []

    # A side that has not decided on a judgement does not disagree with one that has.
    side_judgement_save(relationship, Side.VCS, JudgementData("", "", {}))
    found = selectors.judgement_disagreements(area)
    assert [(d.kind, d.quality.slug) for d in found] == [(QUALITY, "common-goals")]

    other = relationship_create(area, make_data(title="Food network"))
    assert selectors.judgement_disagreements(area, relationship_ids=[other.pk]) == []


def test_the_comparison_puts_the_three_views_side_by_side(area, relationship):
    side_judgement_save(relationship, Side.VCS, council_view(nurtured=True))

    comparison = selectors.judgement_comparison(area, relationship.public_id)

    assert comparison.joint.judgement_label == "Strategic"
    assert comparison.council is None
    assert comparison.vcs.judgement_reasoning == "It shapes the borough plan"
    assert [(comparison.seen_count(v)) for v in (JOINT, Side.COUNCIL, Side.VCS)] == [1, None, 1]
    rows = {row.quality.slug: row for row in comparison.qualities}
    assert rows["common-goals"].answers == (
        QualityAnswer(True, "Shared plan for 2030"),
        None,
        QualityAnswer(),
    )
    assert rows["nurtured"].answer(Side.VCS) == QualityAnswer(True, "Evidence for nurtured")
    assert not comparison.both_sides_judged and comparison.disagreements == []


def test_disagreements_read_in_a_fixed_number_of_queries(
    area, make_data, django_assert_max_num_queries
):
    for n in range(30):
        relationship = relationship_create(area, make_data(title=f"Relationship {n:02d}"))
        side_judgement_save(relationship, Side.COUNCIL, council_view(formal=True))
        side_judgement_save(relationship, Side.VCS, council_view(sharing=True))

    with django_assert_max_num_queries(4):
        found = selectors.judgement_disagreements(area)

    assert len(found) == 60
    assert found[0].relationship.title == "Relationship 00"


# --- pages --------------------------------------------------------------------------------


def url(name, area, **kwargs):
    return reverse(f"register:{name}", kwargs={"area_code": area.gss_code, **kwargs})


def test_a_side_records_its_judgement_on_its_own_page(client, area, relationship):
    vcs = MembershipFactory(area=area, role=Role.FACILITATOR_VCS).user
    client.force_login(vcs)
    page = url("side-judgement", area, relationship_id=relationship.public_id, side="vcs")

    assert "The VCS side's judgement</h1>" in client.get(page).content.decode()
    refused = client.post(page, {"judgement": "strategic", "judgement_reasoning": ""})
    assert refused.status_code == 200
    assert "Say why you reached this judgement" in refused.content.decode()

    saved = client.post(
        page,
        {
            "judgement": "becoming_strategic",
            "judgement_reasoning": "Getting there",
            "quality_sharing": "on",
            "evidence_sharing": "Shared office",
        },
    )

    assert saved.status_code == 302
    assert saved["Location"] == url("sides", area, relationship_id=relationship.public_id)
    row = SideJudgement.objects.get()
    assert (row.side, row.judgement, row.updated_by) == ("vcs", "becoming_strategic", vcs)
    compared = client.get(saved["Location"]).content.decode()
    assert "The VCS side&#x27;s judgement is saved." in compared
    assert "Getting there" in compared and "Shared office" in compared
    assert "Neither side" not in compared and "Only the VCS side has judged it" in compared


def test_the_other_sides_page_is_refused_and_an_unknown_side_is_not_found(
    client, area, relationship
):
    client.force_login(MembershipFactory(area=area, role=Role.FACILITATOR_VCS).user)
    council = url("side-judgement", area, relationship_id=relationship.public_id, side="council")
    assert client.get(council).status_code == 403
    assert client.post(council, {"judgement": ""}).status_code == 403
    joint = url("side-judgement", area, relationship_id=relationship.public_id, side="joint")
    assert client.get(joint).status_code == 404
    assert not SideJudgement.objects.exists()


def test_a_participant_judges_for_their_side_only_when_participants_may_edit(
    client, area, relationship
):
    client.force_login(MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT).user)
    page = url("side-judgement", area, relationship_id=relationship.public_id, side="council")
    assert client.get(page).status_code == 403
    register_settings_save(area, participants_may_edit=True)
    assert client.get(page).status_code == 200
    sides = client.get(url("sides", area, relationship_id=relationship.public_id)).content.decode()
    assert "Record the council side's judgement" in sides
    assert "Record the VCS side" not in sides


def test_the_disagreements_page_lists_what_the_sides_judged_differently(
    client, area, relationship, facilitator
):
    side_judgement_save(relationship, Side.COUNCIL, council_view(formal=True))
    side_judgement_save(relationship, Side.VCS, council_view())
    client.force_login(MembershipFactory(area=area, role=Role.VCS_PARTICIPANT).user)

    page = client.get(url("disagreements", area)).content.decode()

    assert "1 relationship judged by both sides on their own. 1 difference." in page
    assert "Usually quite formal" in page
    assert "Sees this quality" in page and "Does not see this quality" in page
    detail = client.get(url("detail", area, relationship_id=relationship.public_id)).content
    assert "they differ on 1 point." in detail.decode()


# --- the register export and the report -------------------------------------------------


def test_the_export_carries_each_sides_judgement_and_still_reimports_unchanged(area, relationship):
    import csv
    import io

    from toolkit.register.importing import register_import
    from toolkit.register.transfer import register_file

    side_judgement_save(relationship, Side.COUNCIL, council_view(formal=True, nurtured=True))
    side_judgement_save(
        relationship,
        Side.VCS,
        JudgementData("not_strategic", "A contract", {"formal": QualityAnswer(True, "Minutes")}),
    )
    content = register_file(area, "csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))

    assert {
        k: v for k, v in rows[0].items() if k.startswith(("Council side", "VCS side", "Where"))
    } == {
        "Council side: judgement": "Strategic",
        "Council side: reasoning": "It shapes the borough plan",
        "Council side: qualities it sees": "Usually quite formal; Nurtured through regular communication",
        "Council side: why it sees them": "Usually quite formal: Evidence for formal; Nurtured through regular communication: Evidence for nurtured",
        "VCS side: judgement": "Not strategic",
        "VCS side: reasoning": "A contract",
        "VCS side: qualities it sees": "Usually quite formal",
        "VCS side: why it sees them": "Usually quite formal: Minutes",
        "Where the sides differ": "Judgement; Nurtured through regular communication",
    }
    logged = RelationshipChange.objects.count()
    result = register_import(area, "register.csv", content)
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert RelationshipChange.objects.count() == logged
    assert SideJudgement.objects.count() == 2


def test_the_reports_register_section_compares_the_sides(area, relationship):
    from toolkit.reports.content import _register_part

    side_judgement_save(relationship, Side.COUNCIL, council_view(formal=True))
    side_judgement_save(relationship, Side.VCS, council_view())

    part = _register_part(area)

    assert part["sides"] == [
        {
            "title": "VCS partnership board",
            "joint": "Strategic (1 of 7 qualities)",
            "council": "Strategic (1 of 7 qualities)",
            "vcs": "Strategic (0 of 7 qualities)",
            "differences": 1,
        }
    ]
    assert [(d.quality.title, d.council, d.vcs) for d in part["disagreements"]] == [
        ("Usually quite formal", TICKED, NOT_TICKED)
    ]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_existing_judgement_as_the_joint_one(area, relationship):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = (relationship.judgement, relationship.judgement_reasoning)
    qualities = sorted(relationship.qualities.values_list("quality_slug", "present", "evidence"))
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("register", "0003_leads_and_handovers")])
        executor.loader.build_graph()
        executor.migrate([("register", "0004_side_judgements")])
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    relationship.refresh_from_db()
    assert (
        (relationship.judgement, relationship.judgement_reasoning)
        == before
        == (
            "strategic",
            "Sets the priorities",
        )
    )
    assert sorted(relationship.qualities.values_list("quality_slug", "present", "evidence")) == (
        qualities
    )
    assert not SideJudgement.objects.exists()
    comparison = selectors.judgement_comparison(area, relationship.public_id)
    assert comparison.joint.judgement == "strategic" and comparison.council is None
