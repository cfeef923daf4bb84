"""Name suggestions for unmatched recipients, on real names: Trafford Council's grant
recipients against the charities working in Trafford (shared/data, OGL v3)."""

import csv

import pytest

from toolkit.evidence.matching import common_words, name_suggestions

from .conftest import TRAFFORD_CHARITIES, shared


@pytest.fixture(scope="module")
def trafford_charities() -> dict[int, str]:
    with shared(TRAFFORD_CHARITIES).open(encoding="utf-8", newline="") as fh:
        return {n: row["charity_name"] for n, row in enumerate(csv.DictReader(fh))}


def suggested(name, choices) -> list[str]:
    return [choice for _key, choice, _score in name_suggestions(name, choices)]


@pytest.mark.parametrize(
    ("recipient", "not_suggested"),
    [
        # Each was offered at 60-75% alike by letters alone, sharing only common words.
        ("Friends of Walton Park", "FRIENDS OF URMSTON"),
        ("Trafford Petanque", "AGE UK TRAFFORD"),
        ("Trafford Petanque", "TRAFFORD MENCAP"),
        ("Churchfields", "FIRWOOD CHURCH"),
        ("Genie Networks", "CHAI NETWORK"),
        ("The Proud Trust", "THE D C TRUST"),
        ("Altrincham in Bloom CIC", "ALTRINCHAM AND BOWDON CIVIC SOCIETY"),
        ("Old Trafford Drone Club", "OLD TRAFFORD SPORTS CLUB"),
        ("Stretford Community Theatre", "STRETFORD CHILDREN'S THEATRE"),
        # Still offered after the common words went, seen on Trafford's recipients page: a
        # word that tells bodies apart on one side only ("love"; "singing" is not
        # "inspiring"), or the same kind of body in another place ("Sale" and "Timperley").
        ("Love Partington", "PARTINGTON OLD SCHOOL HALL"),
        ("Singing Together", "INSPIRING COMMUNITIES TOGETHER"),
        ("Sale West Amateur Boxing Club", "TIMPERLEY AMATEUR BOXING CLUB"),
        ("Sale United Reformed Church", "ALTRINCHAM UNITED REFORMED CHURCH CHARITY"),
        ("SAC32 (Stretford Arts Collective)", "TRAFFORD COMMUNITY COLLECTIVE"),
    ],
)
def test_names_alike_only_in_common_words_are_not_suggested(
    trafford_charities, recipient, not_suggested
):
    assert not_suggested in trafford_charities.values()
    assert not_suggested not in suggested(recipient, trafford_charities)


@pytest.mark.parametrize(
    ("recipient", "expected"),
    [
        ("Timperley Community Amateur Boxing Club", "TIMPERLEY AMATEUR BOXING CLUB"),
        ("The Manchester Deaf Centre", "THE MANCHESTER DEAF CENTRE LIMITED"),
        ("Art with Heart CIC", "ART WITH A HEART"),
        ("Friends of Brentwood School Association", "FRIENDS OF BRENTWOOD ASSOCIATION"),
        # Every word shared is common in Trafford, but the names are nearly the same.
        ("Sale and District Scout Council", "SALE DISTRICT SCOUT COUNCIL"),
        # A name written as one word in one place and two in the other.
        ("Gorsehill Studios", "GORSE HILL STUDIOS CREATIVE COMMUNITY"),
    ],
)
def test_names_sharing_what_tells_bodies_apart_are_suggested(
    trafford_charities, recipient, expected
):
    assert suggested(recipient, trafford_charities)[0] == expected


def test_common_words_include_the_areas_place_names(trafford_charities):
    common = common_words(trafford_charities.values())
    assert {"trafford", "altrincham", "manchester", "trust", "community"} <= common
    assert not {"boxing", "deaf", "brentwood"} & common
