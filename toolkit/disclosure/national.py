"""Disclosure control for the national benchmark: plain functions over plain values.

- No figure is built from fewer than MIN_AREAS (10) areas.
- A count under MIN_COUNT (10) is suppressed; any other count is rounded to the nearest
  ROUND_TO (5). (5 is odd, so an integer is never half way: 12 -> 10, 13 -> 15.)
- A distribution is shown as its lower quartile, median and upper quartile only: never the
  lowest or highest value, which would each be one area's own figure.
- No area is named: the functions take values, never areas, and return only aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MIN_AREAS = 10
MIN_COUNT = 10
ROUND_TO = 5


def enough_areas(n_areas: int) -> bool:
    """May a figure built from `n_areas` areas be shown?"""
    return n_areas >= MIN_AREAS


def rounded_count(count: int) -> int | None:
    """A count as it may be shown: None (suppressed) under 10, else to the nearest 5."""
    if count < MIN_COUNT:
        return None
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


def safe_count(count: int, n_areas: int) -> int | None:
    """A count from `n_areas` contributing areas: suppressed unless both rules pass."""
    if not enough_areas(n_areas):
        return None
    return rounded_count(count)


def _one_place(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def quantile(sorted_values: list[Decimal], q: Fraction) -> Fraction:
    """Linear interpolation between closest ranks (the 'inclusive' method, as spreadsheets'
    QUARTILE.INC): position (n − 1)·q in the sorted values, from 0."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    fraction = position - low
    lower = Fraction(sorted_values[low])
    upper = Fraction(sorted_values[high])
    return lower + (upper - lower) * fraction


@dataclass(frozen=True)
class Distribution:
    """The spread of one figure across areas (each area contributes one value)."""

    n_areas: int  # rounded like a count (a multiple of 5)
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal


def distribution(values: list[Decimal | int | float]) -> Distribution | None:
    """Quartiles of one value per area, to one decimal place; None from under 10 areas."""
    if not enough_areas(len(values)):
        return None
    ordered = sorted(Decimal(str(v)) for v in values)
    return Distribution(
        n_areas=rounded_count(len(ordered)),
        lower_quartile=_one_place(quantile(ordered, Fraction(1, 4))),
        median=_one_place(quantile(ordered, Fraction(1, 2))),
        upper_quartile=_one_place(quantile(ordered, Fraction(3, 4))),
    )


LOWEST_QUARTER = "lowest quarter"
MIDDLE_HALF = "middle half"
HIGHEST_QUARTER = "highest quarter"


def position(value: Decimal | None, dist: Distribution | None) -> str | None:
    """Where one area's own value sits against the distribution (only shown to that area's
    members): below the lower quartile, between the quartiles, or above the upper one."""
    if value is None or dist is None:
        return None
    value = Decimal(str(value))
    if value < dist.lower_quartile:
        return LOWEST_QUARTER
    if value > dist.upper_quartile:
        return HIGHEST_QUARTER
    return MIDDLE_HALF


def share(shown_count: int | None, shown_total: int | None) -> int | None:
    """A whole-number percentage worked out only from figures that may be shown (already
    rounded), so that it reveals nothing the rounded counts do not."""
    if shown_count is None or not shown_total:
        return None
    percent = Fraction(100 * shown_count, shown_total)
    return int(_one_place(percent).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
