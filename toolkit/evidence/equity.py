"""Funding equity: plain functions over plain values, shared by pages, reports and the API.

Each figure is computed from `FundingItem`s (one grant, or one supplier's share of a
contract) and says which files it came from. Years are UK financial years (April to March),
the way councils budget."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

GRANT = "grant"
CONTRACT = "contract"
SMALL_INCOME = Decimal("100000")
MULTI_YEAR_MONTHS = Decimal("12")


@dataclass(frozen=True)
class FundingItem:
    kind: str  # GRANT or CONTRACT
    amount: Decimal
    date: dt.date | None
    recipient: str  # a stable key: the organisation's id, or the identifier as published
    recipient_income: Decimal | None = None
    months: Decimal | None = None
    department: str = ""
    source: str = ""  # the file it came from
    # Linked to one of the area's organisations (by identifier or a person's confirmation):
    # only then can its income be known at all.
    matched: bool = False


@dataclass(frozen=True)
class Share:
    value: Decimal
    of: Decimal
    sources: tuple[str, ...]

    @property
    def percent(self) -> Decimal | None:
        if not self.of:
            return None
        return (Decimal(100) * self.value / self.of).quantize(Decimal("0.1"), ROUND_HALF_UP)


def financial_year(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start} to {start + 1}"


def sources_of(items: Iterable[FundingItem]) -> tuple[str, ...]:
    return tuple(sorted({i.source for i in items if i.source}))


def total(items: Iterable[FundingItem]) -> Decimal:
    return sum((i.amount for i in items), Decimal("0"))


def totals_by_year(items: list[FundingItem]) -> list[dict]:
    """[{year, grants, contracts, total, sources}] oldest first; undated items are left out."""
    years: dict[str, list[FundingItem]] = defaultdict(list)
    for item in items:
        if item.date:
            years[financial_year(item.date)].append(item)
    rows = []
    for year in sorted(years):
        found = years[year]
        grants = total(i for i in found if i.kind == GRANT)
        contracts = total(i for i in found if i.kind == CONTRACT)
        rows.append(
            {
                "year": year,
                "grants": grants,
                "contracts": contracts,
                "total": grants + contracts,
                "sources": sources_of(found),
            }
        )
    return rows


def top_recipients_share(items: list[FundingItem], n: int = 10) -> Share:
    """The share of all funding that went to the `n` recipients who received the most."""
    by_recipient: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        by_recipient[item.recipient] += item.amount
    top = sorted(by_recipient.values(), reverse=True)[:n]
    return Share(sum(top, Decimal("0")), total(items), sources_of(items))


def small_organisations_share(items: list[FundingItem], threshold: Decimal = SMALL_INCOME):
    """(share to recipients with a known income under `threshold`, share whose recipient's
    income is known at all): the first is only meaningful alongside the second."""
    known = [i for i in items if i.recipient_income is not None]
    small = total(i for i in known if i.recipient_income < threshold)
    everything = total(items)
    return (
        Share(small, everything, sources_of(items)),
        Share(total(known), everything, sources_of(items)),
    )


def recipients_coverage(items: list[FundingItem]) -> dict[str, Share]:
    """What is known about where the money went, each a share of all of it: `matched` went to
    recipients linked to one of the area's organisations, `income_known` to those whose
    income is known, and `matched_income_unknown` to matched recipients whose income is not
    (their register entry or file gave none), so that a page never blames a missing income
    on a missing match."""
    everything, sources = total(items), sources_of(items)
    matched = [i for i in items if i.matched]
    _small, income_known = small_organisations_share(items)
    return {
        "matched": Share(total(matched), everything, sources),
        "income_known": income_known,
        "matched_income_unknown": Share(
            total(i for i in matched if i.recipient_income is None), everything, sources
        ),
        "unmatched": Share(total(i for i in items if not i.matched), everything, sources),
    }


def grants_and_contracts(items: list[FundingItem]) -> dict[str, Share]:
    everything, sources = total(items), sources_of(items)
    return {
        kind: Share(total(i for i in items if i.kind == kind), everything, sources)
        for kind in (GRANT, CONTRACT)
    }


def multi_and_single_year(items: list[FundingItem]) -> dict[str, Share]:
    """Funding agreed for more than 12 months, for 12 months or less, or of unknown length."""
    everything, sources = total(items), sources_of(items)
    multi = total(i for i in items if i.months is not None and i.months > MULTI_YEAR_MONTHS)
    single = total(i for i in items if i.months is not None and i.months <= MULTI_YEAR_MONTHS)
    unknown = total(i for i in items if i.months is None)
    return {
        "multi_year": Share(multi, everything, sources),
        "single_year": Share(single, everything, sources),
        "unknown": Share(unknown, everything, sources),
    }


def by_department(items: list[FundingItem]) -> dict[str, list[FundingItem]]:
    departments: dict[str, list[FundingItem]] = defaultdict(list)
    for item in items:
        departments[item.department or "Not stated"].append(item)
    return dict(sorted(departments.items()))


def equity_summary(items: list[FundingItem]) -> dict:
    small, _income_known = small_organisations_share(items)
    return {
        "total": total(items),
        "count": len(items),
        "recipients": len({i.recipient for i in items}),
        "by_year": totals_by_year(items),
        "top_ten": top_recipients_share(items, 10),
        "small": small,
        "coverage": recipients_coverage(items),
        "kinds": grants_and_contracts(items),
        "length": multi_and_single_year(items),
        "sources": sources_of(items),
    }


# --- the financial-investment axis --------------------------------------------------------

# Suggested ratings on the map's financial-investment axis (1 low – 5 high), from the money
# that went between a relationship's parties in the last three financial years.
INVESTMENT_BANDS = (
    (Decimal("0"), 1),
    (Decimal("5000"), 2),
    (Decimal("25000"), 3),
    (Decimal("100000"), 4),
    (Decimal("500000"), 5),
)


def suggest_financial_investment(totals: dict) -> dict:
    """A suggestion (never the respondent's rating) from `funding_between` totals:
    {"rating": 1–5 or None, "reason": text}."""
    amount = totals.get("total") or Decimal("0")
    if not totals.get("count"):
        return {
            "rating": None,
            "reason": "No grants or contracts between these parties in the imported files.",
        }
    rating = 1
    for floor, band in INVESTMENT_BANDS:
        if amount > floor:
            rating = band
    return {
        "rating": rating,
        "reason": f"£{amount:,.0f} in {totals['count']} grant(s) and contract(s) between the "
        f"parties, from {', '.join(totals.get('sources') or ()) or 'imported files'}.",
    }
