"""The value calculator: money invested against costs avoided and value created, with the
assumptions written down. Plain functions, tested with exact numbers.

Words (issue 14): the *gross benefit* is the costs avoided plus the other value created; the
*net value* is the gross benefit less the money invested, and a loss is printed with a real
minus sign ("−£65,000", `pounds_text`); the ratio is gross benefit for every £1 invested."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ValueResult:
    invested: Decimal
    costs_avoided: Decimal
    value_created: Decimal
    assumptions: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def is_loss(self) -> bool:
        return self.net_value < 0

    @property
    def benefit(self) -> Decimal:
        return self.costs_avoided + self.value_created

    @property
    def net_value(self) -> Decimal:
        return self.benefit - self.invested

    @property
    def ratio(self) -> Decimal | None:
        """Benefit for every £1 invested, to 2 decimal places."""
        if not self.invested:
            return None
        return (self.benefit / self.invested).quantize(Decimal("0.01"), ROUND_HALF_UP)


MINUS = "\u2212"


def pounds_text(value) -> str:
    """£1,234 (pence shown only when there are any); a negative amount as −£65,000, with a
    real minus sign, never "£-65,000"."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    sign = MINUS if value < 0 else ""
    value = abs(value)
    if value == value.to_integral_value():
        return f"{sign}£{value:,.0f}"
    return f"{sign}£{value:,.2f}"


def value_calculate(
    invested: Decimal,
    costs_avoided: Decimal,
    value_created: Decimal = Decimal("0"),
    assumptions: str = "",
) -> ValueResult:
    if invested < 0 or costs_avoided < 0 or value_created < 0:
        raise ValueError("Amounts cannot be negative.")
    return ValueResult(invested, costs_avoided, value_created, assumptions)


# The research (LGA/Locality 2022, "Shared foundations: knowledge"): South Gloucestershire
# Council calculated that during the pandemic "a £165,000 investment in the local VCSE sector
# meant that £1.095 million of direct council spending on their own services was not needed.
# This created a net saving of at least £935,000 for the council, avoiding £6 in costs for
# every £1 invested in the VCSE sector."
SOUTH_GLOUCESTERSHIRE_INVESTED = Decimal("165000")
SOUTH_GLOUCESTERSHIRE_AVOIDED = Decimal("1095000")
QUOTED_NET_SAVING = Decimal("935000")
QUOTED_RATIO = Decimal("6")


def south_gloucestershire() -> ValueResult:
    result = value_calculate(
        SOUTH_GLOUCESTERSHIRE_INVESTED,
        SOUTH_GLOUCESTERSHIRE_AVOIDED,
        assumptions="Direct council spending on the council's own services that was not needed "
        "during the pandemic because of the investment in the local VCSE sector, as South "
        "Gloucestershire Council calculated it. No other value created is counted.",
    )
    difference = QUOTED_NET_SAVING - result.net_value
    notes = [
        f"Computed from its two inputs, the net saving is £{result.net_value:,.0f} "
        f"(£1,095,000 − £165,000). The research quotes “at least £935,000”, £{difference:,.0f} "
        "more than the inputs give. The report does not say why; the quoted figure may come "
        "from unrounded inputs (“£1.095 million” is rounded) or from a different calculation "
        "in the source it cites (Locality, 2022, Principles into Practice).",
        f"Computed, the ratio is £{result.ratio} avoided for every £1 invested; the research "
        "rounds this to “£6 in costs for every £1 invested”. Rounded down it is £6; to the "
        "nearest pound it would be £7.",
    ]
    return ValueResult(
        result.invested, result.costs_avoided, result.value_created, result.assumptions, notes
    )


# The area's relationships a calculation may be made against. The register sits above this
# app, so it registers the source when it starts (register.apps.RegisterConfig.ready), as the
# rounds app registers its part of the overview.
_relationships_of_area = None


def register_relationship_source(source) -> None:
    global _relationships_of_area
    _relationships_of_area = source


def relationships_of_area(area):
    """The area's relationships (a queryset), or none when the register is not installed."""
    if _relationships_of_area is None:
        return []
    return _relationships_of_area(area)
