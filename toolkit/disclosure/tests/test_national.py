from decimal import Decimal

import pytest

from toolkit.disclosure import national as d


def test_nine_areas_are_not_enough_ten_are():
    assert d.enough_areas(9) is False
    assert d.enough_areas(10) is True
    assert d.distribution([3] * 9) is None
    assert d.distribution([3] * 10) is not None


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (0, None),
        (1, None),
        (9, None),
        (10, 10),
        (11, 10),
        (12, 10),
        (13, 15),
        (14, 15),
        (15, 15),
        (17, 15),
        (18, 20),
        (22, 20),
        (23, 25),
        (100, 100),
        (102, 100),
        (103, 105),
    ],
)
def test_counts_under_ten_suppressed_others_rounded_to_nearest_five(count, shown):
    assert d.rounded_count(count) == shown


def test_a_count_needs_ten_areas_too():
    assert d.safe_count(50, 9) is None
    assert d.safe_count(50, 10) == 50
    assert d.safe_count(9, 10) is None
    assert d.safe_count(10, 10) == 10


def test_distribution_quartiles_are_exact():
    values = [
        Decimal(v) for v in ("2.0", "2.5", "3.0", "3.1", "3.2", "3.4", "3.6", "4.0", "4.2", "4.8")
    ]
    dist = d.distribution(values)
    # Inclusive method: positions 2.25, 4.5 and 6.75 of 0..9.
    assert dist.lower_quartile == Decimal("3.0")  # 3.0 + 0.25 * 0.1 = 3.025 -> 3.0
    assert dist.median == Decimal("3.3")  # (3.2 + 3.4) / 2
    assert dist.upper_quartile == Decimal("3.9")  # 3.6 + 0.75 * 0.4 = 3.9
    assert dist.n_areas == 10


def test_distribution_never_shows_lowest_or_highest():
    dist = d.distribution([1, 2, 2, 3, 3, 3, 4, 4, 4, 5])
    assert not hasattr(dist, "minimum") and not hasattr(dist, "maximum")
    assert set(dist.__dataclass_fields__) == {
        "n_areas",
        "lower_quartile",
        "median",
        "upper_quartile",
    }


def test_distribution_area_count_is_rounded():
    assert d.distribution([3] * 12).n_areas == 10
    assert d.distribution([3] * 13).n_areas == 15


def test_position_against_quartiles():
    dist = d.Distribution(10, Decimal("3.0"), Decimal("3.5"), Decimal("4.0"))
    assert d.position(Decimal("2.9"), dist) == d.LOWEST_QUARTER
    assert d.position(Decimal("3.0"), dist) == d.MIDDLE_HALF
    assert d.position(Decimal("4.0"), dist) == d.MIDDLE_HALF
    assert d.position(Decimal("4.1"), dist) == d.HIGHEST_QUARTER
    assert d.position(None, dist) is None
    assert d.position(Decimal("3"), None) is None


def test_share_uses_only_shown_figures():
    assert d.share(None, 100) is None
    assert d.share(10, 0) is None
    assert d.share(15, 40) == 38  # 37.5 rounds half up
    assert d.share(10, 30) == 33
