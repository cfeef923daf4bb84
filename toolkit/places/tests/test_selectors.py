import pytest

from toolkit.places.models import CombinedAuthority, LocalAuthority
from toolkit.places.selectors import (
    authority_by_gss,
    councils_for_area_code,
)
from toolkit.places.services import authorities_load

from .factories import CombinedAuthorityFactory, DistrictFactory, LocalAuthorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    authorities_load()


def test_trafford_is_a_single_tier_member_of_greater_manchester(loaded):
    trafford = authority_by_gss("E08000009")
    assert str(trafford) == "Trafford"
    assert trafford.la_code == "TRF"
    assert trafford.giving_org_id == "GB-LAE-TRF"
    assert trafford.authority_type == LocalAuthority.AuthorityType.METROPOLITAN_BOROUGH
    assert trafford.combined_authority.gss_code == "E47000001"
    assert str(trafford.combined_authority) == "Greater Manchester"
    assert councils_for_area_code("E08000009") == [trafford]


def test_district_area_has_county_and_district(loaded):
    councils = councils_for_area_code("E07000235")
    assert [(c.gss_code, c.name, c.authority_type) for c in councils] == [
        ("E10000034", "Worcestershire", "county"),
        ("E07000235", "Malvern Hills", "district"),
    ]
    assert councils[1].combined_authority is None


def test_county_area_is_the_county_itself(loaded):
    worcestershire = authority_by_gss("E10000034")
    assert councils_for_area_code("E10000034") == [worcestershire]
    assert worcestershire.districts.count() == 6


def test_london_borough_is_itself_and_in_the_gla(loaded):
    camden = authority_by_gss("e09000007 ")  # case and whitespace tolerated
    assert camden.authority_type == LocalAuthority.AuthorityType.LONDON_BOROUGH
    assert councils_for_area_code("E09000007") == [camden]
    assert camden.combined_authority.gss_code == "E61000001"
    assert CombinedAuthority.objects.get(gss_code="E61000001").members.count() == 33


def test_city_of_london_is_single_tier_with_its_own_type(loaded):
    city = authority_by_gss("E09000001")
    assert city.authority_type == LocalAuthority.AuthorityType.CITY_CORPORATION
    assert city.is_single_tier
    assert councils_for_area_code("E09000001") == [city]


def test_north_east_councils_have_no_combined_authority_until_sourced(loaded):
    for gss in ["E06000047", "E08000021", "E08000022", "E08000023", "E08000024",
                "E08000037", "E06000057"]:  # fmt: skip
        assert authority_by_gss(gss).combined_authority is None
    assert not CombinedAuthority.objects.filter(gss_code__in=["E47000010", "E47000011"]).exists()


def test_unknown_or_combined_codes_give_no_councils(loaded):
    assert councils_for_area_code("E99999999") == []
    assert councils_for_area_code("E47000001") == []
    assert councils_for_area_code("") == []
    assert authority_by_gss("E47000001") is None


def test_councils_and_members_with_factories():
    ca = CombinedAuthorityFactory(name="Example Region")
    unitary = LocalAuthorityFactory(name="Riverton", official_name="Riverton Borough Council",
                                    combined_authority=ca)  # fmt: skip
    district = DistrictFactory(name="Hillford")
    assert councils_for_area_code(district.gss_code) == [district.county, district]
    assert list(ca.members.all()) == [unitary]
