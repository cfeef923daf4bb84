"""The register's export reads every relationship at once (register.export_sources): its rows
are the ones read one relationship at a time, through services.relationship_data,
leads.leads_of and judgements.compare, for an area whose relationships differ in every way the
export shows."""

import datetime

import pytest

from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.framework.selectors import current_version
from toolkit.register.export_sources import ExportSource, export_sources
from toolkit.register.judgements import JudgementData, side_judgement_save
from toolkit.register.leads import LeadValue, leads_of, leads_set
from toolkit.register.models import Relationship
from toolkit.register.selectors import judgement_comparisons
from toolkit.register.services import QualityAnswer, relationship_create, relationship_data
from toolkit.register.transfer import export_columns, export_row, export_rows, party_names
from toolkit.register.vocabulary import vocabulary_for


def _varied_register(area, orgs, make_data):
    """Relationships that differ in parties, types, scale, qualities, leads (a member, a
    member renamed since, someone without an account, none) and each side's judgement (both
    sides, one, none; agreeing and differing)."""
    rich = relationship_create(
        area,
        make_data(
            title='=HYPERLINK("http://evil")',
            description="Line one\nLine two, with a comma",
            parties=[orgs["council"], orgs["housing"], orgs["cvs"], orgs["foodbank"]],
            main_type="commissioning",
            types=["delivery", "commissioning"],
            structures=["contract", "steering_group"],
            meeting_frequency="quarterly",
            scale="region",
            region_kind="integrated-care-system",
            judgement="becoming_strategic",
            judgement_reasoning="-Co-design started in 2023",
            started_on=datetime.date(2019, 10, 1),
            status="paused",
            notes="@mention",
            qualities={
                "common-goals": QualityAnswer(True, "Shared outcomes"),
                "nurtured": QualityAnswer(True, "Monthly meeting"),
                "formal": QualityAnswer(False, ""),
            },
        ),
    )
    vcs_only = relationship_create(
        area,
        make_data(
            title="Youth network",
            parties=[orgs["youth"], orgs["cvs"]],
            main_type="neighbourhood",
            scale="neighbourhood",
            neighbourhoods="Saltings; Quayfield",
            qualities={},
        ),
    )
    health = relationship_create(
        area,
        make_data(
            title="Health and wellbeing forum",
            parties=[orgs["health"], orgs["foodbank"], orgs["youth"]],
            judgement="strategic",
            judgement_reasoning="Sets the priorities",
        ),
    )
    relationship_create(area, make_data(title="Plain", reference="A-FIRST"))

    council_member = MembershipFactory(
        area=area, role=Role.COUNCIL_PARTICIPANT, user__full_name="Priya Shah"
    )
    vcs_member = MembershipFactory(area=area, role=Role.VCS_PARTICIPANT, user__full_name="Sam Lee")
    leads_set(
        rich,
        {
            Side.COUNCIL: LeadValue(member=council_member, job_title="Commissioner"),
            Side.VCS: LeadValue(name="Jo Bloggs", job_title="Chief officer"),
        },
    )
    leads_set(health, {Side.VCS: LeadValue(member=vcs_member)})
    vcs_member.user.full_name = "Sam Lee-Okafor"  # renamed after being made lead
    vcs_member.user.save()

    seen = {"formal": QualityAnswer(True, "Minutes"), "nurtured": QualityAnswer(True, "Calls")}
    side_judgement_save(rich, Side.COUNCIL, JudgementData("strategic", "It shapes the plan", seen))
    side_judgement_save(
        rich,
        Side.VCS,
        JudgementData("not_strategic", "A contract", {"formal": QualityAnswer(True, "Terms")}),
    )
    side_judgement_save(vcs_only, Side.VCS, JudgementData("strategic", "Shared aims", {}))
    side_judgement_save(health, Side.COUNCIL, JudgementData("strategic", "Agreed", seen))
    side_judgement_save(health, Side.VCS, JudgementData("strategic", "Agreed too", seen))


def _one_at_a_time(area) -> list[ExportSource]:
    """The sources as the export read them before: each relationship from its own rows."""
    comparisons = {c.relationship.pk: c for c in judgement_comparisons(area)}
    sources = []
    for relationship in Relationship.objects.filter(area=area).order_by("reference", "id"):
        data = relationship_data(relationship)
        data.parties = []
        parties = relationship.parties.order_by("side", "organisation__name")
        sources.append(
            ExportSource(
                relationship.reference,
                data,
                [(p.side, p.organisation_id) for p in parties],
                {
                    side: (lead.display_name, lead.job_title)
                    for side, lead in leads_of(relationship).items()
                    if lead is not None
                },
                comparisons[relationship.pk],
            )
        )
    return sources


def test_the_export_read_in_bulk_equals_the_export_read_one_relationship_at_a_time(
    area, orgs, make_data
):
    _varied_register(area, orgs, make_data)
    vocab = vocabulary_for(current_version())
    keys = [c.key for c in export_columns(vocab)]
    names = party_names(area)

    expected = _one_at_a_time(area)
    bulk = export_sources(area)

    assert bulk == expected
    rows = export_rows(area, vocab)
    assert rows == [export_row(source, vocab, names, keys) for source in expected]
    # The area is as varied as it should be: every kind of cell is in some row.
    cells = {key: {row[i] for row in rows} for i, key in enumerate(keys)}
    assert cells["council_lead"] == {"", "Priya Shah"}
    assert cells["vcs_lead"] == {"", "Jo Bloggs", "Sam Lee-Okafor"}
    assert len(cells["council:judgement"]) == 2 and len(cells["vcs:judgement"]) == 3
    assert cells["sides:differ"] == {"", "Judgement; Nurtured through regular communication"}
    assert rows[0][0] == "A-FIRST"


@pytest.mark.parametrize("extra", [0, 12])
def test_the_export_reads_a_fixed_number_of_queries(
    area, orgs, make_data, extra, django_assert_num_queries
):
    _varied_register(area, orgs, make_data)
    for n in range(extra):
        relationship_create(area, make_data(title=f"More {n}"))
    vocab = vocabulary_for(current_version())

    # The parties' names, then export_sources' eight.
    with django_assert_num_queries(9):
        rows = export_rows(area, vocab)

    assert len(rows) == 4 + extra
