import datetime

import pytest

from toolkit.register.models import Relationship, RelationshipChange
from toolkit.register.services import (
    QualityAnswer,
    RelationshipInvalid,
    relationship_create,
    relationship_data,
    relationship_update,
)


def test_create_writes_parties_types_qualities_and_a_creation_entry(area, make_data, facilitator):
    data = make_data(types=["shaping", "ongoing"], structures=["forum", "board"])
    relationship = relationship_create(area, data, user=facilitator)

    assert relationship.reference == "REL-0001"
    assert {(p.organisation.name, p.side) for p in relationship.parties.all()} == {
        ("Testshire Council", "council"),
        ("Testshire CVS", "vcs"),
    }
    assert [(t.type_slug, t.is_main) for t in relationship.types.order_by("-is_main")] == [
        ("shaping", True),
        ("ongoing", False),
    ]
    assert relationship.qualities.count() == 7
    assert relationship.qualities.get(quality_slug="common-goals").present
    assert relationship.structures == ["board", "forum"]  # framework order
    change = relationship.changes.get()
    assert change.created and change.changed_by == facilitator
    assert {"field": "Main type", "before": "", "after": "Shaping relationships"} in change.changes


def test_references_count_up(area, make_data):
    relationship_create(area, make_data())
    second = relationship_create(area, make_data(title="Another"))
    assert second.reference == "REL-0002"


def test_vcs_to_vcs_relationship_needs_no_council(area, make_data, orgs):
    relationship = relationship_create(
        area, make_data(parties=[orgs["cvs"], orgs["youth"]], main_type="delivery")
    )
    assert set(relationship.parties.values_list("side", flat=True)) == {"vcs"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": " "}, "title"),
        ({"parties": []}, "parties"),
        ({"main_type": ""}, "main_type"),
        ({"main_type": "made-up"}, "main_type"),
        ({"judgement": "strategic"}, "judgement_reasoning"),
        ({"qualities": {"nurtured": QualityAnswer(True, "")}}, "evidence_nurtured"),
        ({"scale": "whole-place", "region_kind": "combined-authority"}, None),
    ],
)
def test_rules(area, make_data, overrides, field):
    data = make_data(**overrides)
    if field is None:  # normalised away: region kind only for regional relationships
        relationship = relationship_create(area, data)
        assert relationship.region_kind == ""
        return
    with pytest.raises(RelationshipInvalid) as error:
        relationship_create(area, data)
    assert field in [f for f, _m in error.value.problems]
    assert Relationship.objects.count() == 0


def test_parties_must_belong_to_the_area(area, make_data, orgs):
    from toolkit.areas.tests.factories import OrganisationFactory

    stranger = OrganisationFactory()
    with pytest.raises(RelationshipInvalid):
        relationship_create(area, make_data(parties=[orgs["council"], stranger]))


def test_update_logs_field_level_before_and_after(area, make_data, facilitator, orgs):
    relationship = relationship_create(area, make_data())
    data = relationship_data(relationship)
    data.title = "VCS strategic partnership board"
    data.parties = [*data.parties, orgs["foodbank"]]
    data.judgement = "becoming_strategic"
    data.judgement_reasoning = "Goals agreed, but it meets rarely"
    data.started_on = datetime.date(2021, 4, 1)

    changes = relationship_update(relationship, data, user=facilitator)

    by_field = {c["field"]: (c["before"], c["after"]) for c in changes}
    assert by_field["Name"] == ("VCS partnership board", "VCS strategic partnership board")
    assert by_field["Parties"] == (
        "Testshire CVS; Testshire Council",
        "Café Food Bank; Testshire CVS; Testshire Council",
    )
    assert by_field["Judgement"] == ("", "Becoming strategic")
    assert by_field["Start date"] == ("", "1 April 2021")
    assert "Description" not in by_field
    latest = relationship.changes.order_by("-id").first()
    assert latest.changed_by == facilitator and not latest.created
    assert relationship.parties.count() == 3


def test_update_without_changes_writes_nothing(area, make_data):
    relationship = relationship_create(area, make_data())
    assert relationship_update(relationship, relationship_data(relationship)) == []
    assert RelationshipChange.objects.filter(relationship=relationship).count() == 1


def test_one_main_type_is_enforced_by_the_database(area, make_data):
    from django.db import IntegrityError

    from toolkit.register.models import RelationshipTypeLink

    relationship = relationship_create(area, make_data())
    with pytest.raises(IntegrityError):
        RelationshipTypeLink.objects.create(
            relationship=relationship, type_slug="ongoing", is_main=True
        )
