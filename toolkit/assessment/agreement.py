"""The vocabulary of a round's principles results: sides and views, the kinds of item in
its table, the agreement scale and its bands, and exact one-place rounding. Shared by the one
decision per round (scoring.py) and its breakdowns by group (by_group.py)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

COUNCIL = "council"
VCS = "vcs"
TOGETHER = "together"
SIDES = (COUNCIL, VCS)
VIEWS = (COUNCIL, VCS, TOGETHER)

STRENGTH = "strength"
BORDERLINE = "borderline"
CONCERN = "concern"
BAND_LABELS = {STRENGTH: "Strength", BORDERLINE: "Borderline", CONCERN: "Concern"}
SCALE = (1, 2, 3, 4, 5)
ONE_PLACE = Decimal("0.1")

# The kinds of item in a round's table; a cell's key is ((kind, slug), view).
ELEMENT = "element"
PRINCIPLE = "principle"
BARRIER = "barrier"
PRESSURE = "pressure"
RESPONDENTS = ("respondents",)


def round_one_place(value: Fraction | Decimal | int) -> Decimal:
    """Half-up rounding to one decimal place, exactly (no binary floating point)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def agreement_band(mean: Decimal | None) -> str | None:
    """Strength, borderline or concern, read from a rounded mean."""
    if mean is None:
        return None
    if mean >= 4:
        return STRENGTH
    if mean >= 3:
        return BORDERLINE
    return CONCERN


def mean_of(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    return round_one_place(Fraction(sum(values), len(values)))


def median_of(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return round_one_place(ordered[middle])
    return round_one_place(Fraction(ordered[middle - 1] + ordered[middle], 2))
