"""Comparison groups (benchmark.groups): kind and region from the places data, each group a
benchmark under the national rules (fewer than 10 areas: nothing shown), and no nearest
neighbours, because the shipped data has no published list of them."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.benchmark import groups, selectors
from toolkit.benchmark.models import BenchmarkParticipation
from toolkit.places.tests.factories import LocalAuthorityFactory

from .test_benchmark import framework, record  # noqa: F401

pytestmark = pytest.mark.django_db


def _area(region, kind="unitary"):
    authority = LocalAuthorityFactory(region=region, authority_type=kind)
    return AreaFactory(gss_code=authority.gss_code)


def _records(n, region, kind="unitary", score="3.0"):
    return [record(_area(region, kind).pk, kind=kind, score=score) for _ in range(n)]


def test_groups_by_kind_and_region_under_the_national_rules(framework):  # noqa: F811
    area = _area("North West")
    own = record(area.pk, score="2.0")
    # 12 unitaries in the North West, 9 metropolitan boroughs in the North West (so the region
    # has 21 and its unitaries 12 with the area), 3 unitaries elsewhere.
    records = (
        _records(11, "North West", score="3.5")
        + _records(9, "North West", kind="metropolitan_borough", score="1.0")
        + _records(3, "London", score="4.0")
        + [own]
    )
    found = {g.key: g for g in groups.comparison_groups(area, records, own)}
    assert [g.label for g in found.values()] == [
        "All areas taking part",
        "Unitary authorities",
        "Areas in the same region (North West)",
        "Unitary authorities in the same region (North West)",
    ]
    assert found["all"].n_areas == 25 and found["kind"].n_areas == 15
    assert found["region"].n_areas == 20  # 21, rounded to the nearest 5
    assert found["kind-region"].n_areas == 10  # 12
    row = next(r for r in found["kind-region"].rows if r.slug == "shared-foundations")
    assert row.own == Decimal("2.0") and row.position == "lowest quarter"
    assert row.distribution.median == Decimal("3.5")


def test_a_group_of_fewer_than_ten_areas_is_not_shown(framework):  # noqa: F811
    area = _area("North East")
    own = record(area.pk, score="2.0")
    records = _records(8, "North East") + _records(12, "London") + [own]
    found = {g.key: g for g in groups.comparison_groups(area, records, own)}
    assert found["all"].enough and found["kind"].enough
    for key in ("region", "kind-region"):
        assert found[key].enough is False
        assert found[key].n_areas is None and found[key].rows == []


def test_an_area_outside_the_places_data_is_compared_with_all_only(framework):  # noqa: F811
    area = AreaFactory()
    own = record(area.pk, kind="")
    records = _records(10, "London") + [own]
    found = [g.key for g in groups.comparison_groups(area, records, own)]
    assert found == ["all"]


def test_the_area_page_shows_the_groups_and_says_there_are_no_nearest_neighbours(
    client,
    framework,  # noqa: F811
):
    membership = MembershipFactory(area=_area("North West"), role=Role.FACILITATOR_COUNCIL)
    BenchmarkParticipation.objects.create(area=membership.area, opted_in_by=membership.user)
    for other in _records(10, "North West") + _records(2, "London"):
        BenchmarkParticipation.objects.create(
            area_id=other.area_id,
            record=selectors.record_to_json(other),
            record_computed_at=timezone.now(),
        )
    client.force_login(membership.user)
    page = client.get(reverse("benchmark-area:index", args=[membership.area.gss_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "no published list of nearest neighbours" in html
    # 12 areas with stored records (the area's own is worked out when it is first needed).
    assert "Unitary authorities in the same region (North West)" in html
    assert html.count("About 10 areas take part in this group.") == 4  # 12 or 10 areas each


def test_the_area_page_places_its_scores_in_each_group_that_may_be_shown(
    client,
    framework,  # noqa: F811
    monkeypatch,
):
    membership = MembershipFactory(area=_area("North West"), role=Role.COUNCIL_PARTICIPANT)
    BenchmarkParticipation.objects.create(area=membership.area)
    for other in _records(10, "North West", score="3.5") + _records(9, "London", score="3.0"):
        BenchmarkParticipation.objects.create(
            area_id=other.area_id,
            record=selectors.record_to_json(other),
            record_computed_at=timezone.now(),
        )
    # The area's own scores as its results pages would show them.
    monkeypatch.setattr(selectors, "area_record", lambda area: record(area.pk, score="2.0"))
    client.force_login(membership.user)
    html = client.get(reverse("benchmark-area:index", args=[membership.area.gss_code]))
    html = html.content.decode()
    captions = [
        "against All areas taking part (about 20 areas)",
        "against Unitary authorities (about 20 areas)",
        "against Areas in the same region (North West) (about 10 areas)",
        "against Unitary authorities in the same region (North West) (about 10 areas)",
    ]
    for caption in captions:
        assert caption in html, caption
    assert html.count("lowest quarter") == 4
