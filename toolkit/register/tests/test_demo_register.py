import pytest

from toolkit.demo.services import demo_area_load
from toolkit.register.models import Relationship, RelationshipChange


@pytest.mark.django_db
def test_demo_register_covers_every_type_blends_and_vcs_to_vcs():
    result = demo_area_load(password="another-demo-password-42")
    relationships = Relationship.objects.filter(area=result.area).prefetch_related(
        "types", "parties", "qualities"
    )
    assert relationships.count() >= 15
    main_types = {t.type_slug for r in relationships for t in r.types.all() if t.is_main}
    assert main_types == {"shaping", "ongoing", "neighbourhood", "commissioning", "delivery"}
    assert any(r.types.count() > 1 for r in relationships)
    vcs_only = [r for r in relationships if {p.side for p in r.parties.all()} == {"vcs"}]
    assert len(vcs_only) >= 1
    for r in relationships:
        assert r.judgement and r.judgement_reasoning
        assert len(r.qualities.all()) == 7
        assert any(q.present for q in r.qualities.all())
    assert {r.scale for r in relationships} == {"neighbourhood", "whole-place", "region"}

    changes = RelationshipChange.objects.count()
    again = demo_area_load(password="another-demo-password-42")
    assert again.created["relationships"] == 0
    assert RelationshipChange.objects.count() == changes


@pytest.mark.django_db
def test_demo_ships_a_completed_mapping_round_with_populated_maps():
    from toolkit.mapping import scoring
    from toolkit.mapping.selectors import mapping_results
    from toolkit.rounds.models import Round

    result = demo_area_load(password="another-demo-password-42")
    latest = Round.objects.get(area=result.area, name="Relationship mapping, spring 2026")
    results = mapping_results(latest)
    assert results.visible
    assert results.counts.council >= 5 and results.counts.vcs >= 5
    placed = [i for i in results.items if i.together and i.together.is_placed]
    assert len(placed) >= 15
    council = {
        i.relationship.pk: i.positions["council"] for i in results.items if i.positions["council"]
    }
    vcs = {i.relationship.pk: i.positions["vcs"] for i in results.items if i.positions["vcs"]}
    gaps = scoring.gaps_largest_first(council, vcs)
    assert gaps and gaps[0].distance > 0.5
    # one relationship known to only 3 sector respondents shows suppression, and both sides
    # together are withheld beside it (they would give the 3 answers away)
    em17 = next(i for i in results.items if i.relationship.reference == "EM-017")
    assert em17.positions["vcs"].is_withheld
    assert em17.positions["vcs"].respondents.text == "fewer than 5"
    assert em17.together.mean("strategic") is None
    assert em17.together.respondents.text == "not shown"
    assert latest.previous_round.name == "Relationship mapping, spring 2025"
    assert Round.objects.filter(area=result.area, status="open", includes_mapping=True).exists()
